// The browser check's probes (make player), injected into every page over CDP before the page's
// own script runs (playwright's addInitScript), so none of this ships in the page. The watch page
// announces its player with a "lms-hls:player" event on document; the probes attach to hls.js
// and the <video> there and record what happened for scripts/player/check.mjs.
(() => {
  const P = window.__probe = {
    fragsLoaded: [],      // [{level, sn, start, duration, type}]
    levelSwitched: [],    // levels that became the playing level, in order
    hlsErrors: [],        // [{type, details, fatal}]
    bufferCodecs: null,   // {audio, video} codec strings of the SourceBuffers hls.js created
    mediaErrors: [],      // <video> 'error' events
    captions: [],         // [{t, texts}] each time the page's caption overlay changes
    progress: [],         // the page's progress messages ({type: 'lms-hls:progress', ...})
    csp: [],              // securitypolicyviolation events
    logs: [],             // console lines the page wrote as {"event": ...}
    ready: false,
  };
  document.addEventListener('lms-hls:player', e => {
    const player = e.detail, hls = player.hls, v = player.video;
    P.ready = true;
    hls.on('hlsFragLoaded', (_, d) => P.fragsLoaded.push({ level: d.frag.level, sn: d.frag.sn, start: d.frag.start, duration: d.frag.duration, type: d.frag.type }));
    hls.on('hlsLevelSwitched', (_, d) => P.levelSwitched.push(d.level));
    hls.on('hlsError', (_, d) => P.hlsErrors.push({ type: d.type, details: d.details, fatal: !!d.fatal }));
    hls.on('hlsBufferCodecs', (_, d) => {
      // Once for the main stream, and once more for an audio group's rendition when there is one.
      const was = P.bufferCodecs || {};
      P.bufferCodecs = { audio: d.audio ? d.audio.codec : was.audio || null, video: d.video ? d.video.codec : was.video || null };
    });
    v.addEventListener('error', () => P.mediaErrors.push({ code: v.error ? v.error.code : 0, message: v.error ? v.error.message : 'unknown' }));
  });
  window.addEventListener('message', e => {
    if (e.data && e.data.type === 'lms-hls:progress') P.progress.push({ ...e.data, at: Date.now() });
  });
  document.addEventListener('securitypolicyviolation', e => P.csp.push({ blocked: e.blockedURI, directive: e.violatedDirective }));
  for (const level of ['info', 'warn', 'error']) {
    const orig = console[level];
    console[level] = function (...args) {
      if (typeof args[0] === 'string' && args[0].startsWith('{"event"')) {
        try { P.logs.push({ level, ...JSON.parse(args[0]) }); } catch { /* not ours */ }
      }
      return orig.apply(this, args);
    };
  }
  document.addEventListener('DOMContentLoaded', () => {
    const box = document.getElementById('captions');
    const video = document.getElementById('video');
    if (!box || !video) return;
    new MutationObserver(() => {
      P.captions.push({ t: video.currentTime, texts: [...box.querySelectorAll('span')].map(s => s.textContent) });
    }).observe(box, { childList: true, subtree: true, characterData: true });
  });

  // What ends the browser check at once: a media error, a fatal hls.js error, or one meaning the
  // stream itself is broken. Stalls while a switch or a seek refills the buffer are expected, and so
  // is bufferAppendNoProgress (a fragment appended again over a range already buffered).
  P.expectErrors = false; // set by the check while it injects errors on purpose
  P.problems = function () {
    if (P.expectErrors) return null;
    const bad = P.hlsErrors.filter(e => e.fatal || /Load|Parsing|Timeout|Decrypt|Append(ing)?Error|Incompatible/i.test(e.details));
    const list = P.mediaErrors.map(e => `media error ${e.code} ${e.message}`)
      .concat(bad.map(e => `hls.js ${e.fatal ? 'fatal ' : ''}${e.type} ${e.details}`));
    return list.length ? list.join('; ') : null;
  };

  // A frame of the video drawn small: size and how colourful it is (0 for a blank frame).
  P.frameStats = function () {
    const video = document.getElementById('video');
    const w = video.videoWidth, h = video.videoHeight;
    if (!w || !h) return { width: w, height: h, colours: 0, meanLuma: 0 };
    const px = P.pixels(video, 0, 0, w, h, 160, 90);
    const seen = new Set();
    let luma = 0;
    for (let i = 0; i < px.length; i += 4) {
      seen.add((px[i] >> 5) << 6 | (px[i + 1] >> 5) << 3 | (px[i + 2] >> 5)); // 3 bits per channel
      luma += 0.299 * px[i] + 0.587 * px[i + 1] + 0.114 * px[i + 2];
    }
    return { width: w, height: h, colours: seen.size, meanLuma: luma / (px.length / 4) };
  };

  /** RGBA pixels of a source rectangle of an image or video, scaled to w x h. */
  P.pixels = function (source, sx, sy, sw, sh, w, h) {
    const c = document.createElement('canvas');
    c.width = w; c.height = h;
    const g = c.getContext('2d', { willReadFrequently: true });
    g.drawImage(source, sx, sy, sw, sh, 0, 0, w, h);
    return g.getImageData(0, 0, w, h).data;
  };

  P.difference = function (a, b) {
    let d = 0;
    for (let i = 0; i < a.length; i += 4) d += Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
    return d / (a.length / 4) / 3;
  };

  P.image = src => new Promise((resolve, reject) => {
    const i = new Image();
    i.onload = () => resolve(i);
    i.onerror = () => reject(new Error('image did not load: ' + src));
    i.src = src;
  });
})();
