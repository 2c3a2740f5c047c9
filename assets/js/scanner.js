// The instructor's card scanner: the rear camera, the browser's BarcodeDetector where it exists, else jsQR
// (vendored, loaded only when needed). Each read is sent to the page as the `berdaya_card` event.
window.berdayaScanner = (() => {
  let stream = null;
  let timer = null;
  const loadJsQR = () =>
    new Promise((resolve, reject) => {
      if (window.jsQR) return resolve();
      const script = document.createElement('script');
      script.src = '/assets/js/jsqr-1.4.0.min.js';
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  async function start(videoId) {
    const video = document.getElementById(videoId);
    if (!video || !navigator.mediaDevices) return 'no_camera';
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
    } catch (e) {
      return 'camera_refused';
    }
    video.setAttribute('playsinline', '');
    video.muted = true;
    video.srcObject = stream;
    await video.play();
    let detector = null;
    if ('BarcodeDetector' in window) {
      try {
        detector = new BarcodeDetector({ formats: ['qr_code'] });
      } catch (e) {
        detector = null;
      }
    }
    if (!detector) await loadJsQR();
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    let last = '';
    let lastAt = 0;
    const tick = async () => {
      if (!stream) return;
      let text = null;
      if (video.readyState >= 2) {
        try {
          if (detector) {
            const codes = await detector.detect(video);
            if (codes.length) text = codes[0].rawValue;
          } else {
            const scale = Math.min(1, 640 / video.videoWidth);
            canvas.width = Math.round(video.videoWidth * scale);
            canvas.height = Math.round(video.videoHeight * scale);
            context.drawImage(video, 0, 0, canvas.width, canvas.height);
            const image = context.getImageData(0, 0, canvas.width, canvas.height);
            const code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
            if (code) text = code.data;
          }
        } catch (e) {
          text = null;
        }
      }
      const now = Date.now();
      if (text && (text !== last || now - lastAt > 4000)) {
        last = text;
        lastAt = now;
        if (navigator.vibrate) navigator.vibrate(80);
        emitEvent('berdaya_card', text);
      }
      timer = setTimeout(tick, detector ? 150 : 250);
    };
    tick();
    return 'started';
  }
  function stop() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    clearTimeout(timer);
  }
  return { start, stop };
})();
