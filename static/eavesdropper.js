// The lab's stub for the outsider's page code (static/outsider-bridge.js): the first call from
// the app (tlsLabEavesdrop, tlsLabExperiment), the first opening of the panel's own-capture
// part, or files dropped on the page load the bridge, and the call goes through once it is
// there. So the first load carries only this.
(function () {
  var loading;
  function bridge(then) {
    loading = loading || new Promise(function (ok, fail) {
      var s = document.createElement('script');
      s.src = './outsider-bridge.js';
      s.onload = ok;
      s.onerror = function () { loading = null; fail(); };
      document.head.append(s);
    });
    loading.then(then, function () {
      document.querySelectorAll('#outsider-report, #capture').forEach(function (e) {
        e.textContent = 'The eavesdropper\u2019s code could not load. Reload the page to try again.';
      });
    });
  }
  ['tlsLabEavesdrop', 'tlsLabExperiment'].forEach(function (name) {
    var stub = window[name] = function () {
      // A byte array from the app is a view of the wasm's memory, valid only during the call.
      var args = Array.prototype.map.call(arguments, function (a) { return a instanceof Uint8Array ? a.slice() : a; });
      bridge(function () { if (window[name] !== stub) window[name].apply(null, args); });
    };
  });
  document.addEventListener('toggle', function (e) {
    var box = e.target.open && e.target.querySelector && e.target.querySelector('#capture');
    if (box) bridge(function () { window.tlsLabCapture(box); });
  }, true);
  // Files dropped anywhere: the panel's own-capture part opens them (the panel is shown first).
  addEventListener('dragover', function (e) {
    if (e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types, 'Files') >= 0) e.preventDefault();
  });
  addEventListener('drop', function (e) {
    var files = e.dataTransfer && Array.prototype.slice.call(e.dataTransfer.files);
    if (!files || !files.length) return;
    e.preventDefault();
    var tries = 0;
    (function shown() {
      if (document.getElementById('capture')) return bridge(function () { window.tlsLabDropped(files); });
      if (!tries++) document.getElementById('eavesdropper-toggle').click();
      if (tries < 60) requestAnimationFrame(shown);
    })();
  });
})();
