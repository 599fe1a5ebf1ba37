// The inspector's certificates, in the lab and the course page (src/run/inspector/
// certificates.rs): tlsLabDissect(der) resolves to the certificate's field tree from the
// dissector's worker (crates/outsider/src/bin/dissector.rs), which neither page's first load
// carries, or rejects if the worker cannot run.
//
// tlsLabWorker(name, failed) is the one way the page starts a worker (`worker.js?NAME`) on its
// first question; static/outsider-bridge.js starts the eavesdropper's and the capture reader's
// with it. It returns ask(message, transfer, then): post a message and call `then` with its
// reply (a worker answers in order, so a queue pairs replies with questions), or with `failed`
// once the worker cannot run.
(function () {
  function worker(name, failed) {
    var w, waiting = [], broken;
    return function (message, transfer, then) {
      try {
        if (!w) {
          w = new Worker('./worker.js?' + name);
          w.onmessage = function (e) { waiting.shift()(e.data); };
          w.onerror = function () {
            broken = true;
            waiting.splice(0).forEach(function (f) { f(failed); });
          };
        }
        if (broken) return then(failed);
        waiting.push(then);
        w.postMessage(message, transfer);
      } catch (e) {
        then(failed);
      }
    };
  }
  window.tlsLabWorker = worker;
  var dissect;
  window.tlsLabDissect = function (der) {
    dissect = dissect || worker('dissector', null);
    // A view of the wasm's memory, valid only during the call: copied, then handed over.
    der = der.slice();
    return new Promise(function (ok, fail) {
      dissect(der, [der.buffer], function (r) { if (r instanceof Uint8Array) ok(r); else fail(); });
    });
  };
})();
