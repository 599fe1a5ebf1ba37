// Starts one of the outsider's Web Workers, named by the query: `worker.js?outsider` (the
// eavesdropper's, crates/outsider/src/main.rs), `worker.js?capture` (the capture reader's,
// src/bin/capture.rs) or `worker.js?dissector` (certificates' field trees, src/bin/dissector.rs): wasm-bindgen's glue, then the wasm. Messages that arrive while the
// wasm compiles would find no handler and be lost, so they wait here and go to the worker's
// own handler (set by its main) once it is running.
var name = /^\?(outsider|capture|dissector)$/.exec(location.search)[1];
importScripts('./' + name + '.js');
var early = [];
self.onmessage = function (e) { early.push(e); };
wasm_bindgen({ module_or_path: './' + name + '_bg.wasm' }).then(function () {
  early.forEach(function (e) { self.onmessage(e); });
  early = null;
});
