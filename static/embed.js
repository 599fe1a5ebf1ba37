// Tells the host page how tall TLS Lab is, so an iframe can fit its content. Plain script,
// separate from the app: it measures the page, whatever the app renders.
//   - every height change: {type: "tls-lab:resize", height: N} to the parent window;
//   - H5P's resizer (h5p-resizer.js on the host): hello → hello, then prepareResize →
//     resizePrepared → resize {scrollHeight}, as H5P content does.
//   - what the student does, as xAPI statements (verbs from ADL's vocabulary), when the app
//     calls tlsLabXapi: {type: "tls-lab:xapi", statement} to the parent window. The host adds
//     the actor and forwards them to its learning record store, if it wants (docs/xapi.md).
window.tlsLabXapi = function (verb, activity, name, success, response, raw, max) {
  if (window.parent === window) return;
  var result = {};
  if (success != null) result.success = success;
  if (response != null) result.response = response;
  if (max != null) result.score = { raw: raw, min: 0, max: max, scaled: max ? raw / max : 0 };
  if (verb === 'completed') result.completion = true;
  var statement = {
    verb: { id: 'http://adlnet.gov/expapi/verbs/' + verb, display: { 'en-US': verb } },
    object: {
      objectType: 'Activity',
      id: location.origin + location.pathname + '#' + activity,
      definition: {
        name: { 'en-US': name },
        type: 'http://adlnet.gov/expapi/activities/' + (verb === 'answered' ? 'cmi.interaction' : 'lesson')
      }
    },
    timestamp: new Date().toISOString()
  };
  if (Object.keys(result).length) statement.result = result;
  window.parent.postMessage({ type: 'tls-lab:xapi', statement: statement }, '*');
};
(function () {
  if (window.parent === window || typeof ResizeObserver !== 'function') return;
  var parent = window.parent;
  var h5p = false; // the host answered H5P's hello
  var last = -1;
  var post = function (message) { parent.postMessage(message, '*'); };
  var height = function () { return Math.ceil(document.body.getBoundingClientRect().height); };
  var h5pPrepare = function () {
    post({ context: 'h5p', action: 'prepareResize', scrollHeight: document.body.scrollHeight, clientHeight: document.body.clientHeight });
  };
  var changed = function () {
    var h = height();
    if (h === last) return;
    last = h;
    post({ type: 'tls-lab:resize', height: h });
    if (h5p) h5pPrepare();
  };
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.source !== parent || !data || data.context !== 'h5p') return;
    if (data.action === 'ready') post({ context: 'h5p', action: 'hello' });
    else if (data.action === 'hello') { h5p = true; h5pPrepare(); }
    else if (data.action === 'resizePrepared') post({ context: 'h5p', action: 'resize', scrollHeight: document.body.scrollHeight });
    else if (data.action === 'resize') h5pPrepare();
  });
  var start = function () {
    post({ context: 'h5p', action: 'hello' });
    new ResizeObserver(changed).observe(document.body);
  };
  // Loaded from <head>: the body may not exist yet.
  if (document.body) start(); else document.addEventListener('DOMContentLoaded', start);
})();
