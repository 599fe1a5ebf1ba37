// The course page's learning records: what the student does, as xAPI statements (verbs from
// ADL's vocabulary), when the app calls tlsLabXapi (src/course/xapi.rs): {type:
// "tls-lab:xapi", statement} to the parent window. The host adds the actor and forwards them to
// its learning record store, if it wants (docs/xapi.md). Plain script, loaded before the app.
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
