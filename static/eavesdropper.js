// The page's bridge to the eavesdropper's Web Worker (crates/outsider), started the first
// time a student asks for it, so none of its code is in the first load. The app calls
// tlsLabEavesdrop(panel, evidence, step) whenever the run, the secret or the step changes
// (src/eavesdropper/view.rs); `evidence` is the encoded outsider::Evidence, the only thing the
// worker gets. The worker answers each message in order with the report rendered as HTML (its
// text escaped there): [outcome, "N|record", …], a record shown from step N on; or a string,
// why there is no report. A reply to an older message than the last is stale and dropped.
(function () {
  var worker, asked, reply, sent = 0, heard = 0, panel, step;
  var failed = 'The eavesdropper\u2019s code could not load, so it cannot look at this run. Reload the page to try again.';
  function render() {
    if (!panel) return;
    if (typeof reply === 'string') {
      panel.innerHTML = '<p role="alert"></p>';
      panel.firstChild.textContent = reply;
    } else if (!reply) {
      panel.innerHTML = '<p role="status">The eavesdropper is looking at the recording\u2026</p>';
    } else {
      panel.innerHTML = reply[0] + '<ol class="seen">' +
        reply.slice(1).filter(function (r) { return +r.slice(0, r.indexOf('|')) <= step; })
          .map(function (r) { return r.slice(r.indexOf('|') + 1); }).join('') + '</ol>';
      // The bench's "click to result on screen" (the app marks the click).
      if (performance.getEntriesByName('outsider-start').length) {
        performance.measure('outsider', 'outsider-start');
        performance.clearMarks('outsider-start');
      }
    }
  }
  window.tlsLabEavesdrop = function (into, evidence, at) {
    panel = into;
    step = at;
    var same = asked && asked.length === evidence.length && asked.every(function (b, i) { return b === evidence[i]; });
    if (!same) {
      asked = evidence;
      reply = null;
      try {
        if (!worker) {
          worker = new Worker('./outsider-worker.js');
          worker.onmessage = function (e) { if (++heard === sent) { reply = e.data; render(); } };
          worker.onerror = function () { heard = sent; reply = failed; render(); };
        }
        sent++;
        worker.postMessage(evidence);
      } catch (e) {
        reply = failed;
      }
    }
    render();
  };
})();
