// make player, second part (scripts/player-check.sh): the watch page under CloudFront signed
// cookies, against the local web server started with --signed-cookies-public-key/-key-pair-id and
// the test-only issuer (contract C7: every media request needs cookies that verify, else 403;
// GET /_local/signed-cookies?asset=ID issues them with lambda-java/signed-access, Path=/assets/<id>/).
// The page loads the media from /assets/... (?media=./, as behind CloudFront), so the cookie Path
// must match its request paths byte for byte (issue 15.3): the lecture is one whose name has a
// space, a non-ASCII character and a .MP4 suffix (asset id name@hash). Prints one line per check
// and `signed-cookies: N passed, N failed`.
//
//   node signed-check.mjs --cdp URL --library URL --playwright DIR --probe FILE --lecture NAME --other NAME
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const k of ['cdp', 'library', 'playwright', 'probe', 'lecture', 'other']) {
  if (!args[k]) { console.error(`signed-check.mjs: --${k} is required`); process.exit(2); }
}
const ORIGIN = new URL(args.library).origin;
const WAIT_MS = 30_000;
const { chromium } = await import(pathToFileURL(path.join(args.playwright, 'index.mjs')).href);
const pathOf = key => key.split('/').map(s => encodeURIComponent(s).replace(/%(24|26|2B|2C|3B|3D|3A|40)/g, (_, h) => String.fromCharCode(parseInt(h, 16)))).join('/');
const readable = name => name.replace(/\.[A-Za-z0-9]{2,4}$/, '');

const C = {
  refused: 'signed cookies: without cookies the lecture\'s playlist is 403 and the page says "Not found"',
  issued: 'signed cookies: the issuer\'s cookies carry Path=/assets/<asset id>/ with = and @ raw, as the page\'s URLs',
  plays: 'signed cookies: the lecture with a space, a non-ASCII character and .MP4 plays to its end, every media request 200 under /assets/',
  other: 'signed cookies: another lecture\'s folder stays 403, with the cookies sent along or not',
};
const results = new Map();
const record = (name, ok, detail) => { results.set(name, ok); console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`); };
async function check(name, body) {
  try { record(name, true, await body()); } catch (e) { record(name, false, String(e.message || e).split('\n')[0]); }
}

const browser = await chromium.connectOverCDP(args.cdp, { timeout: WAIT_MS });
const deadline = setTimeout(() => { console.log('FAIL signed-cookie check: deadline of 90 s'); process.exit(1); }, 90_000);
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await context.addInitScript({ path: args.probe });
  const media = [];
  context.on('response', r => { if (new URL(r.url()).pathname.startsWith('/assets/')) media.push({ url: r.url(), status: r.status() }); });
  const page = await context.newPage();
  const lectures = await (await fetch(`${ORIGIN}/api/lectures`)).json();
  const find = name => lectures.find(l => l.title === name || l.title.endsWith('/' + name));
  const lecture = find(args.lecture), other = find(args.other);
  if (!lecture || !other) throw new Error(`not in the library: ${args.lecture} / ${args.other}`);
  const id = lecture.assetId;
  const master = `${ORIGIN}/${pathOf(lecture.master)}`, otherMaster = `${ORIGIN}/${pathOf(other.master)}`;
  const watch = `${ORIGIN}/watch.html?asset=${encodeURIComponent(id).replace(/%2F/g, '/')}&media=./`;

  await check(C.refused, async () => {
    const r = await fetch(master);
    if (r.status !== 403) throw new Error(`${master}: ${r.status} without cookies`);
    await page.goto(watch, { timeout: WAIT_MS });
    const h1 = await page.waitForFunction(() => window.player && player.state === 'notfound' && document.querySelector('h1').textContent, null, { timeout: WAIT_MS }).then(h => h.jsonValue());
    if (h1 !== 'Not found') throw new Error('the page says ' + h1);
    return `${r.status}; the page: "${h1}"`;
  });

  let cookies = [];
  await check(C.issued, async () => {
    const r = await page.goto(`${ORIGIN}/_local/signed-cookies?asset=${encodeURIComponent(id)}`, { timeout: WAIT_MS });
    if (r.status() !== 200) throw new Error(`issuer: ${r.status()}`);
    cookies = (await context.cookies(ORIGIN + '/' + pathOf(`assets/${id}/`))).filter(c => c.name.startsWith('CloudFront-'));
    const names = cookies.map(c => c.name).sort().join(',');
    if (names !== 'CloudFront-Key-Pair-Id,CloudFront-Policy,CloudFront-Signature') throw new Error('cookies the browser kept: ' + names);
    const want = `/assets/${id}/`;
    const wrong = cookies.filter(c => c.path !== want);
    if (wrong.length) throw new Error(`Path ${wrong[0].path}, want ${want}`);
    if (!/[=@]/.test(id)) throw new Error(`the asset id ${id} has neither = nor @: it tests nothing`);
    if (pathOf(`assets/${id}/`) !== want.slice(1)) throw new Error(`the page's path ${pathOf(`assets/${id}/`)} differs from the cookie's ${want}`);
    return `Path=${want} on all three; the page requests /${pathOf(`assets/${id}/`)}…`;
  });

  await check(C.plays, async () => {
    media.length = 0;
    await page.goto(watch + '&autoplay=1', { timeout: WAIT_MS });
    const s = await page.waitForFunction(() => window.player && player.video && player.video.ended
      && { t: player.video.currentTime, title: document.querySelector('h1').textContent }, null, { timeout: WAIT_MS, polling: 100 }).then(h => h.jsonValue());
    const bad = media.filter(m => m.status !== 200 && m.status !== 206 && !m.url.endsWith('/lecture.json'));
    if (bad.length) throw new Error('media refused: ' + JSON.stringify(bad.slice(0, 3)));
    if (!media.some(m => m.url.endsWith('.ts'))) throw new Error('no segment came from /assets/');
    if (s.title !== readable(args.lecture)) throw new Error(`title "${s.title}"`);
    return `"${s.title}" ended at t=${s.t.toFixed(2)} s; ${media.length} media responses under /assets/, all 200/206`;
  });

  await check(C.other, async () => {
    const fromPage = await page.evaluate(async u => (await fetch(u)).status, otherMaster);
    const header = cookies.map(c => `${c.name}=${c.value}`).join('; ');
    const forced = await fetch(otherMaster, { headers: { Cookie: header } });
    if (fromPage !== 403 || forced.status !== 403) throw new Error(`${otherMaster}: ${fromPage} from the page, ${forced.status} with the cookies forced`);
    const own = await fetch(master, { headers: { Cookie: header } });
    if (own.status !== 200) throw new Error(`the same cookies on the lecture's own playlist: ${own.status}`);
    return `${other.assetId}: 403 from the page and 403 with the cookies forced on; the lecture's own playlist 200 with them`;
  });
  await context.close();
} catch (e) {
  console.log(`FAIL signed-cookie check: ${String(e.message || e).split('\n')[0]}`);
}
clearTimeout(deadline);
let passed = 0, failed = 0;
for (const name of Object.values(C)) {
  if (results.get(name)) passed++;
  else { failed++; if (!results.has(name)) console.log(`FAIL ${name} (not reached)`); }
}
console.log(`signed-cookies: ${passed} passed, ${failed} failed`);
await Promise.race([browser.close(), new Promise(r => setTimeout(r, 3000))]).catch(() => {});
process.exit(failed ? 1 : 0);
