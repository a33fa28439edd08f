// Figures of the widget: its gzipped size (asserted: the budget is 8 KB),
// the time from script start to first render on /demo (measured and printed
// for BENCHMARKS.md, not asserted), and screenshots for review under
// target/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { startKurs, launchBrowser, openPage, rendered, WIDGET_JS, WIDGET_CSS, SCREENSHOTS } from './helpers.mjs';

let kurs;
let browser;

before(async () => {
  [kurs, browser] = await Promise.all([startKurs(), launchBrowser()]);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await Promise.all([browser && browser.close(), kurs && kurs.stop()]);
});

/** The bytes of a GET with the given Accept-Encoding, as sent on the wire. */
function rawGet(url, encoding) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

test('/widget.js (widget.js with widget.css put in) is under 8 KB gzipped', async () => {
  const css = fs.readFileSync(WIDGET_CSS, 'utf8').replace(/^\s*\/\*[\s\S]*?\*\//, '').trim();
  const expected = Buffer.from(fs.readFileSync(WIDGET_JS, 'utf8').replace('"__KURS_CSS__"', JSON.stringify(css)));
  const plain = await rawGet(kurs.url + '/widget.js', 'identity');
  assert.equal(plain.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(plain.headers['access-control-allow-origin'], '*');
  assert.ok(plain.body.equals(expected), '/widget.js is src/web/widget.js with src/web/widget.css (rebuild kurs after editing them)');
  const source = plain.body;
  const gz = zlib.gzipSync(source).length;
  const gz9 = zlib.gzipSync(source, { level: 9 }).length;
  const br = zlib.brotliCompressSync(source).length;
  console.log(`# /widget.js: ${source.length} bytes, gzip ${gz} bytes (level 9: ${gz9}), brotli ${br} bytes`);
  assert.ok(gz < 8192, `gzipped size ${gz} must be under 8192 bytes`);
  const wire = await rawGet(kurs.url + '/widget.js', 'gzip');
  assert.equal(wire.headers['content-encoding'], 'gzip');
  assert.ok(zlib.gunzipSync(wire.body).equals(source));
  console.log(`# /widget.js over HTTP with gzip: ${wire.body.length} bytes`);
});

test('time from script start to first render on /demo (measured, printed, not asserted)', async () => {
  const runs = [];
  for (let i = 0; i < 7; i++) {
    const p = await openPage(browser, kurs.url + '/demo'); // a fresh context: no HTTP cache
    try {
      await rendered(p.page);
      runs.push(await p.page.evaluate(() => {
        const el = document.querySelector('kurs-converter');
        const mark = performance.getEntriesByName('kurs-converter:render')[0];
        return { script: Number(el.dataset.renderMs), navigation: mark ? mark.startTime : NaN };
      }));
    } finally {
      await p.close();
    }
  }
  const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
  const script = median(runs.map((r) => r.script));
  const nav = median(runs.map((r) => r.navigation));
  console.log(`# first render on /demo, median of ${runs.length} cold loads: ${script.toFixed(1)} ms from script start, ` +
    `${nav.toFixed(1)} ms from navigation start`);
  console.log(`# runs (script start -> render, ms): ${runs.map((r) => r.script.toFixed(1)).join(', ')}`);
  assert.ok(runs.every((r) => r.script > 0));
});

test('screenshots of the widget (light and dark, en and ru) and of the demo page', async () => {
  const shots = [];
  for (const theme of ['light', 'dark']) {
    for (const lang of ['en', 'ru']) {
      const q = `base=EUR&symbols=USD,GBP,JPY,CHF,RUB&from=EUR&to=RUB&amount=1000&date=2011-11-19&lang=${lang}&theme=${theme}`;
      const p = await openPage(browser, `${kurs.url}/widget?${q}`, { viewport: { width: 320, height: 560 } });
      try {
        await rendered(p.page);
        const file = path.join(SCREENSHOTS, `widget-${theme}-${lang}.png`);
        await p.page.locator('kurs-converter').screenshot({ path: file });
        shots.push(file);
      } finally {
        await p.close();
      }
    }
  }
  // The latest (stale, offline) rates in auto theme with a dark system preference.
  const p = await openPage(browser, `${kurs.url}/widget?theme=auto`, { viewport: { width: 320, height: 560 }, colorScheme: 'dark' });
  try {
    await rendered(p.page);
    const file = path.join(SCREENSHOTS, 'widget-auto-dark-latest.png');
    await p.page.locator('kurs-converter').screenshot({ path: file });
    shots.push(file);
  } finally {
    await p.close();
  }
  const demo = await openPage(browser, kurs.url + '/demo', { viewport: { width: 1280, height: 900 } });
  try {
    await rendered(demo.page);
    await rendered(demo.page.frames().find((f) => f.url().includes('/widget?')));
    const file = path.join(SCREENSHOTS, 'demo.png');
    await demo.page.screenshot({ path: file, fullPage: true });
    shots.push(file);
  } finally {
    await demo.close();
  }
  for (const f of shots) assert.ok(fs.statSync(f).size > 1000, f);
  console.log(`# screenshots: ${shots.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
});
