// watch.html's first script (async, in <head>): starts the page's first requests while watch.js,
// hls.js inside, is still downloading. See start.js.
import { startFetches } from './start.js';

if (!window.lmsHlsStart) window.lmsHlsStart = startFetches();
