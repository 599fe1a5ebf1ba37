// Tells the host page how tall TLS Lab is, so an iframe can fit its content. Plain script,
// separate from the app: it measures the page, whatever the app renders.
//   - every height change: {type: "tls-lab:resize", height: N} to the parent window;
//   - H5P's resizer (h5p-resizer.js on the host): hello → hello, then prepareResize →
//     resizePrepared → resize {scrollHeight}, as H5P content does.
// The course page's xAPI statements are static/xapi.js's.
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
