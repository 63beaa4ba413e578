// The door page's camera: reads ticket QR codes (BarcodeDetector where the browser has it, else jsQR loaded on demand)
// and hands each to check-in.js as a 'forum-desk:code' event on the page's [data-check-in] element. A code held in
// front of the camera is read on every frame: the same code again within a few seconds is left out here, so typed
// codes and barcode scanners that type never meet this guard.
(function () {
  'use strict';
  var root = document.querySelector('[data-check-in]');
  var scanner = root && root.querySelector('[data-scanner]');
  if (!scanner) return;
  var text = function (name) { return root.getAttribute('data-t-' + name) || ''; };
  var status = scanner.querySelector('[data-status]');
  var toggle = scanner.querySelector('[data-camera-toggle]');
  var wrap = scanner.querySelector('[data-video-wrap]');
  var video = scanner.querySelector('[data-video]');
  var stream = null;
  var timer = null;
  var detect = null;
  var startLabel = toggle.textContent;
  var REPEAT_MS = 4000;
  var lastCode = '';
  var lastAt = 0;

  function read(code) {
    var now = Date.now();
    if (code === lastCode && now - lastAt < REPEAT_MS) return;
    lastCode = code;
    lastAt = now;
    root.dispatchEvent(new CustomEvent('forum-desk:code', { detail: { code: code } }));
  }

  function loadJsQr() {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) return resolve(window.jsQR);
      var script = document.createElement('script');
      script.src = root.getAttribute('data-jsqr-url');
      script.onload = function () { resolve(window.jsQR); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function detector() {
    if ('BarcodeDetector' in window) {
      var native = new window.BarcodeDetector({ formats: ['qr_code'] });
      return Promise.resolve(function () { return native.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; }); });
    }
    var canvas = document.createElement('canvas');
    var context = canvas.getContext('2d', { willReadFrequently: true });
    return loadJsQr().then(function (jsQR) {
      return function () {
        var w = video.videoWidth, h = video.videoHeight;
        if (!w || !h) return Promise.resolve(null);
        canvas.width = w; canvas.height = h;
        context.drawImage(video, 0, 0, w, h);
        var found = jsQR(context.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: 'dontInvert' });
        return Promise.resolve(found ? found.data : null);
      };
    });
  }

  function stop() {
    if (timer) clearTimeout(timer);
    timer = null;
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    wrap.hidden = true;
    toggle.textContent = startLabel;
  }

  function tick() {
    if (!stream) return;
    detect().then(function (code) { if (code) read(code); }, function () {}).then(function () { timer = setTimeout(tick, 250); });
  }

  toggle.addEventListener('click', function () {
    if (stream) return stop();
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { status.textContent = text('camera-off'); return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        wrap.hidden = false;
        toggle.textContent = toggle.getAttribute('data-stop-label') || startLabel;
        status.textContent = text('scanning');
        return video.play().then(detector).then(function (d) { detect = d; tick(); });
      })
      .catch(function () { stop(); status.textContent = text('camera-off'); });
  });
})();
