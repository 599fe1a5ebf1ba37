// Starts the capture reader's worker (crates/outsider/src/bin/capture.rs): wasm-bindgen's glue, then the wasm.
// Messages that arrive while the wasm compiles would find no handler and be lost, so they
// wait here and go to the worker's own handler (set by its main) once it is running.
importScripts('./capture.js');
var early = [];
self.onmessage = function (e) { early.push(e); };
wasm_bindgen({ module_or_path: './capture_bg.wasm' }).then(function () {
  early.forEach(function (e) { self.onmessage(e); });
  early = null;
});
