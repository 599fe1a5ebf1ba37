// The page's side of the outsider's workers (crates/outsider), loaded the first time a
// student asks for any (static/eavesdropper.js, in the first load, is the stub that loads
// it), so none of it is in the first load.
//
// The eavesdropper's worker. Two callers:
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
//
// A student's own capture (issue 30): the panel's `details.own-capture` part opens a pcap or
// pcapng file and its key log (tlsLabCapture(box) builds its controls; files dropped on the
// page come through tlsLabDropped(files)). The files go to the capture worker
// (crates/outsider/src/bin/capture.rs), which lists the TLS connections and renders the chosen
// one as the eavesdropper's worker renders a run: nothing of them leaves the page.
//
// The workers start through tlsLabWorker (static/certificates.js, in the first load).
(function () {
  var worker = window.tlsLabWorker;
  /** A report's outcome and its records up to `step` (all of them without one). */
  function report(reply, step) {
    return reply[1] + '<ol class="seen">' +
      reply.slice(2).filter(function (r) { return step === undefined || +r.slice(0, r.indexOf('|')) <= step; })
        .map(function (r) { return r.slice(r.indexOf('|') + 1); }).join('') + '</ol>';
  }

  var failed = 'The eavesdropper\u2019s code could not load, so it cannot look at this run. Reload the page to try again.';
  var ask = worker('outsider', failed);
  var asked, reply, panel, step, table;
  function render() {
    if (!panel) return;
    if (typeof reply === 'string') {
      panel.innerHTML = '<p role="alert"></p>';
      panel.firstChild.textContent = reply;
    } else if (!reply) {
      panel.innerHTML = '<p role="status">The eavesdropper is looking at the recording\u2026</p>';
    } else {
      panel.innerHTML = report(reply, step);
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
      ask(evidence, [], function (r) { if (asked === mine) { reply = r; render(); } });
    }
    render();
  };
  window.tlsLabExperiment = function (into, i, evidence) {
    if (!i) table = {};
    var mine = table, cell = into.querySelectorAll('[data-experiment]')[i];
    if (!cell) return;
    cell.textContent = 'running the experiment\u2026';
    cell.removeAttribute('data-experiment-outcome');
    ask(evidence, [], function (r) {
      if (table !== mine) return;
      var brief = typeof r === 'string' ? 'failed|' + r : r[0];
      cell.textContent = brief.slice(brief.indexOf('|') + 1);
      cell.setAttribute('data-experiment-outcome', brief.slice(0, brief.indexOf('|')));
    });
  };

  var MAX = 64 * 1024 * 1024;
  var read = worker('capture', '!The capture reader\u2019s code could not load. Reload the page to try again.');
  var box, state = { status: '', list: '', report: null, chosen: -1, keys: null };
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text) e.textContent = text;
    return e;
  }
  // The controls, once per panel (the panel is made anew each time it is shown).
  function build(into) {
    box = into;
    into.innerHTML = '';
    into.append(
      el('p', { class: 'hint' }, 'Open a capture of your own browser (.pcap or .pcapng, from Wireshark or tcpdump) and, to read inside it, the key log your browser wrote (SSLKEYLOGFILE). Your files stay in this page: a worker reads them here, and nothing is sent anywhere.'),
      el('label', { for: 'capture-files' }, 'Capture and key log'),
      el('input', { id: 'capture-files', type: 'file', multiple: '', accept: '.pcap,.pcapng,.cap,.log,.txt,.keys' }),
      el('button', { type: 'button', 'data-capture-sample': '' }, 'Try a real one: Chromium, TLS 1.3'),
      el('p', { class: 'hint' }, 'Or drop the files anywhere on the page. Up to 64 MB.'),
      el('p', { class: 'capture-status', role: 'status' }),
      el('div', { class: 'capture-list' }),
      el('button', { type: 'button', 'data-recorded-open': '', hidden: '' }, 'Show it in the sequence diagram, inspector and key diagram'),
      el('div', { class: 'capture-report', 'aria-live': 'polite' })
    );
    into.querySelector('[data-recorded-open]').addEventListener('click', showRecorded);
    into.querySelector('input').addEventListener('change', function (e) { open(Array.prototype.slice.call(e.target.files)); });
    into.querySelector('[data-capture-sample]').addEventListener('click', sample);
    into.querySelector('.capture-list').addEventListener('click', function (e) {
      var b = e.target.closest('[data-recorded-connection]');
      if (b) choose(+b.getAttribute('data-recorded-connection'));
    });
    draw();
  }
  function draw() {
    if (!box || !box.isConnected) return;
    box.querySelector('.capture-status').textContent = state.status;
    box.querySelector('.capture-list').innerHTML = state.list;
    box.querySelectorAll('[data-recorded-connection]').forEach(function (b) {
      b.setAttribute('aria-pressed', String(+b.getAttribute('data-recorded-connection') === state.chosen));
    });
    box.querySelector('[data-recorded-open]').hidden = state.chosen < 0;
    var out = box.querySelector('.capture-report');
    if (!state.report) out.innerHTML = '';
    else if (typeof state.report === 'string') out.textContent = state.report.slice(1);
    else out.innerHTML = report(state.report);
  }
  function say(status) { state.status = status; draw(); }
  // A file is a capture if it starts with a pcap or pcapng magic number; else a key log.
  function isCapture(bytes) {
    var m = bytes.length >= 4 ? ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0 : 0;
    return [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a].indexOf(m) >= 0;
  }
  function open(files) {
    if (!files.length) return;
    var big = files.filter(function (f) { return f.size > MAX; })[0];
    if (big) return say(big.name + ' is ' + Math.round(big.size / 1048576) + ' MB; the page reads captures of up to 64 MB. Cut it to the connections you want (Wireshark: File \u203a Export Specified Packets).');
    say('Reading ' + files.map(function (f) { return f.name; }).join(' and ') + '\u2026');
    Promise.all(files.map(function (f) { return f.arrayBuffer(); })).then(function (buffers) {
      var capture = null, keys = null, name = '', keyName = '';
      buffers.forEach(function (b, i) {
        var bytes = new Uint8Array(b);
        if (!isCapture(bytes)) { keys = new TextDecoder().decode(bytes); keyName = files[i].name; }
        else if (!capture) { capture = bytes; name = files[i].name; }
      });
      if (!capture) return say('None of these is a capture: a .pcap or .pcapng file starts with its format\u2019s magic number. A key log alone has nothing to open.');
      load(capture, keys, name + (keyName ? ' with ' + keyName : ''));
    }, function () { say('The file could not be read.'); });
  }
  function load(capture, keys, name) {
    var started = performance.now();
    read([capture, keys], [capture.buffer], function (r) {
      state.chosen = -1;
      state.report = null;
      state.keys = keys;
      if (r.charAt(0) === '!') { state.list = ''; say(r.slice(1)); return; }
      state.list = r;
      performance.measure('capture-listed', { start: started });
      say(name + ': read.');
    });
  }
  function sample() {
    say('Fetching the sample\u2026');
    Promise.all(['chromium-tls13.pcapng', 'chromium-tls13.keys'].map(function (f) {
      return fetch('./samples/' + f).then(function (r) { if (!r.ok) throw r; return r.arrayBuffer(); });
    })).then(function (b) {
      load(new Uint8Array(b[0]), new TextDecoder().decode(b[1]), 'samples/chromium-tls13.pcapng with its key log');
    }, function () { say('The sample could not be fetched.'); });
  }
  function choose(i) {
    state.chosen = i;
    state.report = null;
    draw();
    read(i, [], function (r) { if (state.chosen === i) { state.report = r; draw(); } });
  }
  // The chosen connection in the lab's views: the recorded page (dist/recorded/, the same
  // views built with the decrypter) in a dialog. It says when it listens; then it gets the
  // connection's records (from the worker), its two ends and the key log's text, between two
  // frames of this origin.
  var dialog, frame, ready = false, pending = null;
  function post() { if (ready && pending) frame.contentWindow.postMessage(pending, '/'); }
  function showRecorded() {
    var i = state.chosen;
    read(['recording', i], [], function (r) {
      if (typeof r === 'string') return say(r.slice(1));
      pending = ['tls-lab:recorded', r[0], r[1], state.keys];
      if (!dialog) {
        var theme = new URLSearchParams(location.search).get('theme');
        document.head.append(el('style', {}, '.recorded-dialog{width:min(1500px,96vw);height:94vh;max-width:none;max-height:none;padding:0;border:1px solid;flex-direction:column}.recorded-dialog[open]{display:flex}.recorded-dialog iframe{flex:1;border:0;width:100%}.recorded-close{align-self:flex-end;margin:.4em}'));
        dialog = el('dialog', { class: 'recorded-dialog', 'aria-label': 'The recorded connection' });
        var close = el('button', { type: 'button', class: 'recorded-close' }, 'Close');
        close.addEventListener('click', function () { dialog.close(); });
        frame = el('iframe', { title: 'The recorded connection in the sequence diagram, inspector and key diagram', src: 'recorded/' + (theme ? '?theme=' + encodeURIComponent(theme) : '') });
        // Escape closes the dialog from inside the frame too (a key there stays there).
        frame.addEventListener('load', function () {
          frame.contentWindow.addEventListener('keydown', function (e) { if (e.key === 'Escape') dialog.close(); });
        });
        dialog.append(close, frame);
        document.body.append(dialog);
        window.addEventListener('message', function (e) {
          if (e.source === frame.contentWindow && e.data === 'tls-lab:recorded-ready') { ready = true; post(); }
        });
      }
      post();
      dialog.showModal();
    });
  }
  window.tlsLabCapture = function (into) { if (!into.childElementCount) build(into); else { box = into; draw(); } };
  window.tlsLabDropped = function (files) {
    var into = document.getElementById('capture');
    if (!into) return;
    into.parentElement.open = true;
    window.tlsLabCapture(into);
    open(files);
    into.scrollIntoView({ block: 'nearest' });
  };
})();
