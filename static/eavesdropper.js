// The page's bridge to the eavesdropper's Web Worker (crates/outsider), started the first
// time a student asks for it, so none of its code is in the first load. Two callers:
// - tlsLabEavesdrop(panel, evidence, step), whenever the run, the secret or the step changes
//   while the eavesdropper's panel is shown (src/eavesdropper/mod.rs);
// - tlsLabExperiment(table, i, evidence), for each `[data-experiment]` cell of the side-by-side
//   view's table (i in document order) whenever its runs change: the run with the secret that
//   cell's row hands over; the cell shows the experiment's outcome.
// `evidence` is the encoded outsider::Evidence, the only thing the worker gets. The worker
// answers each message in order (so a queue of callbacks pairs replies with questions) with
// the report rendered (its text escaped there): ["verdict|outcome in a line", outcome's HTML,
// "N|record", …], a record shown from step N on; or a string, why there is no report. A reply
// to an older question than a caller's last is stale and dropped.
(function () {
  var worker, waiting = [], broken, asked, reply, panel, step, table;
  var failed = 'The eavesdropper\u2019s code could not load, so it cannot look at this run. Reload the page to try again.';
  function ask(evidence, then) {
    try {
      if (!worker) {
        worker = new Worker('./outsider-worker.js');
        worker.onmessage = function (e) { waiting.shift()(e.data); };
        worker.onerror = function () {
          broken = true;
          waiting.splice(0).forEach(function (f) { f(failed); });
        };
      }
      if (broken) return then(failed);
      waiting.push(then);
      worker.postMessage(evidence);
    } catch (e) {
      then(failed);
    }
  }
  function render() {
    if (!panel) return;
    if (typeof reply === 'string') {
      panel.innerHTML = '<p role="alert"></p>';
      panel.firstChild.textContent = reply;
    } else if (!reply) {
      panel.innerHTML = '<p role="status">The eavesdropper is looking at the recording\u2026</p>';
    } else {
      panel.innerHTML = reply[1] + '<ol class="seen">' +
        reply.slice(2).filter(function (r) { return +r.slice(0, r.indexOf('|')) <= step; })
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
      var mine = asked = evidence;
      reply = null;
      ask(evidence, function (r) { if (asked === mine) { reply = r; render(); } });
    }
    render();
  };
  window.tlsLabExperiment = function (into, i, evidence) {
    if (!i) table = {};
    var mine = table, cell = into.querySelectorAll('[data-experiment]')[i];
    if (!cell) return;
    cell.textContent = 'running the experiment\u2026';
    cell.removeAttribute('data-experiment-outcome');
    ask(evidence, function (r) {
      if (table !== mine) return;
      var brief = typeof r === 'string' ? 'failed|' + r : r[0];
      cell.textContent = brief.slice(brief.indexOf('|') + 1);
      cell.setAttribute('data-experiment-outcome', brief.slice(0, brief.indexOf('|')));
    });
  };
})();
