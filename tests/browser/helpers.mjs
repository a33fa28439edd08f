// Shared helpers of the browser tests: a real `kurs serve --offline`, Debian
// chromium through playwright-core, and a tiny host server on another origin
// for the pages that embed the widget.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const KURS_BIN = path.resolve(ROOT, process.env.KURS_BIN || 'target/debug/kurs');
export const WIDGET_JS = path.join(ROOT, 'src/web/widget.js');
export const WIDGET_CSS = path.join(ROOT, 'src/web/widget.css');
export const SCREENSHOTS = path.join(ROOT, 'target/screenshots');

/** Starts `kurs serve --offline` on a free loopback port with a fresh data
 * directory; resolves when it says where it listens. With `offline: false`
 * it refreshes from the banks that `env` names (e.g. `KURS_CNB_URL` of the
 * stub bank, see `startStubBank`). */
export async function startKurs({ args = [], offline = true, env: extra = {} } = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kurs-browser-'));
  const env = { ...process.env, ...extra };
  for (const k of ['KURS_ADDR', 'KURS_DATA_DIR', 'KURS_LOG_JSON']) delete env[k];
  const flags = offline ? ['serve', '--offline'] : ['serve'];
  const proc = spawn(KURS_BIN, [...flags, '--addr', '127.0.0.1:0', '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env,
  });
  let log = '';
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kurs serve did not start in 15 s:\n${log}`)), 15000);
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk) => {
      log += chunk;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.once('error', (e) => { clearTimeout(timer); reject(e); });
    exited.then(({ code }) => { clearTimeout(timer); reject(new Error(`kurs serve exited (${code}):\n${log}`)); });
  });
  return {
    url,
    proc,
    log: () => log,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const STUB_BANK_BIN = path.resolve(ROOT, process.env.STUB_BANK_BIN || 'target/debug/examples/stub_bank');

/** Starts the test stub of the four banks (`examples/stub_bank.rs`, built
 * by `cargo build --example stub_bank`) on a free loopback port; resolves
 * with its origin, the `KURS_*_URL` variables pointing kurs at it, and
 * `stop()`. */
export async function startStubBank() {
  const proc = spawn(STUB_BANK_BIN, [], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the stub bank did not start in 15 s')), 15000);
    let out = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /^(http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.once('error', (e) => { clearTimeout(timer); reject(e); });
  });
  const env = Object.fromEntries(['ECB', 'CBR', 'NBP', 'CNB'].map((b) => [`KURS_${b}_URL`, url]));
  return {
    url,
    env,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** A server on another origin that serves host pages: `host.page(html,
 * headers)` returns the URL of a new page. */
export async function startHost() {
  const pages = new Map();
  let n = 0;
  const server = http.createServer((req, res) => {
    const p = pages.get(new URL(req.url, 'http://x').pathname);
    if (!p) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...p.headers });
    if (!p.pause) return res.end(p.html);
    // In two parts, a pause between: the parser stops mid-document.
    const at = p.html.indexOf(p.pause.before);
    res.write(p.html.slice(0, at));
    setTimeout(() => res.end(p.html.slice(at)), p.pause.ms);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    /** Serves `html` at a new path; with `pause: {before, ms}`, the text
     * from `before` on is sent `ms` later. */
    page(html, headers = {}, pause = null) {
      const p = `/page${++n}.html`;
      pages.set(p, { html, headers, pause });
      return origin + p;
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/** A loopback port that nothing listens on. */
export async function closedPort() {
  const s = http.createServer();
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** A host page: the script tag(s) and the given body. */
export function hostHtml(kurs, body, { lang = 'en', head = '', scripts = 1, quirks = false } = {}) {
  const tags = Array.from({ length: scripts }, () => `<script async src="${kurs}/widget.js"></script>`).join('\n');
  return `${quirks ? '' : '<!doctype html>'}<html lang="${lang}"><head><meta charset="utf-8"><title>host</title>${head}\n${tags}</head>` +
    `<body>${body}</body></html>`;
}

/** GET a kurs API path and parse the JSON. */
export async function api(kurs, pathAndQuery) {
  const r = await fetch(kurs + pathAndQuery);
  const body = await r.json();
  if (!r.ok) throw new Error(`${pathAndQuery}: ${r.status} ${JSON.stringify(body)}`);
  return body;
}

/** Opens a page that collects page errors, console messages and requests. */
export async function openPage(browser, url, { viewport = { width: 1280, height: 900 }, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  const errors = [];
  const console_ = [];
  const requests = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => console_.push({ type: m.type(), text: m.text() }));
  page.on('request', (r) => requests.push(r.url()));
  if (url) await page.goto(url);
  return { page, context, errors, console: console_, requests, close: () => context.close() };
}

/** Waits until the widget (the nth on the page, or inside `frame`) has
 * rendered its rates and its result. */
export async function rendered(pageOrFrame, index = 0) {
  await pageOrFrame.waitForFunction((i) => {
    const el = document.querySelectorAll('kurs-converter')[i];
    const out = el && el.shadowRoot && el.shadowRoot.querySelector('output');
    return el && el.dataset.renderMs && out && out.dataset.value;
  }, index, { timeout: 10000 });
}

/** The widget's output value once it equals `expected` (decimal string). */
export async function waitForResult(pageOrFrame, expected, index = 0) {
  await pageOrFrame.waitForFunction(([i, v]) => {
    const out = document.querySelectorAll('kurs-converter')[i].shadowRoot.querySelector('output');
    return out.dataset.value === v && !out.hasAttribute('aria-busy');
  }, [index, expected], { timeout: 10000 });
}

/** The visible texts of the widget's parts. */
export function widgetTexts(pageOrFrame, index = 0) {
  return pageOrFrame.evaluate((i) => {
    const root = document.querySelectorAll('kurs-converter')[i].shadowRoot;
    const text = (sel) => [...root.querySelectorAll(sel)].filter((e) => !e.hidden).map((e) => e.textContent);
    const rows = {};
    for (const tr of root.querySelectorAll('tbody tr')) {
      rows[tr.querySelector('b').textContent] = {
        rate: tr.children[1].textContent,
        change: tr.children[2].textContent,
        changeTitle: tr.children[2].title,
        direction: tr.children[2].className,
      };
    }
    return {
      title: root.querySelector('h2').textContent,
      head: [...root.querySelectorAll('thead th')].map((e) => e.textContent),
      rows,
      output: root.querySelector('output').textContent,
      value: root.querySelector('output').dataset.value,
      rate: root.querySelector('.rate').textContent,
      footer: text('footer p').join(' '),
      messages: text('.msg').join(' '),
      hint: text('.hint').join(' '),
      from: root.querySelector('#f').value,
      to: root.querySelector('#t').value,
      options: [...root.querySelectorAll('#f option')].map((o) => o.textContent),
      box: root.querySelector('.k').getBoundingClientRect().toJSON(),
    };
  }, index);
}

/** The number in a formatted amount, back as a plain decimal string. */
export function plainNumber(text, lang) {
  const m = /-?\d[\d\s\u00a0\u202f,.]*/.exec(text);
  if (!m) return null;
  let s = m[0].replace(/[\s\u00a0\u202f]/g, '');
  s = lang.startsWith('ru') ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  return s.replace(/\.$/, '');
}

/** A decimal string as the widget's table shows it: rounded for display to 6
 * significant digits, never fewer than its integer part has. */
export function tableNumber(s, lang, opts = {}) {
  const digits = s.replace(/^-|\..*/g, '').length;
  return new Intl.NumberFormat(lang, { ...opts, maximumSignificantDigits: Math.min(21, Math.max(6, digits)) }).format(s);
}

/** Committed reference images of the widget: tests/browser/snapshots/<engine>/<name>.png. */
export const SNAPSHOTS = path.join(ROOT, 'tests/browser/snapshots');

// A pixel differs when pixelmatch's YIQ colour distance exceeds THRESHOLD (0.05;
// pixels it finds anti-aliased do not count), and a snapshot matches when at most
// MAX_DIFF of its pixels differ (0.05 %: 58 pixels of the 300 x 390 box). Measured
// in Chromium on the 300 px light box: a render in the same test is identical
// (0 pixels), a render on another page 9 pixels; each of these changes fails:
// --kurs-up #137333 -> #1e8e3e (only the up arrow and percent: 81 pixels),
// --kurs-accent -> #1a73e8 (938), --kurs-muted -> #8a9099 (1322), --kurs-border
// -> #9aa0a8 (3535), 1 px more padding (another size). pixelmatch's default 0.1
// with 0.5 % would let the --kurs-up change through (57 of at most 585 pixels).
export const SNAPSHOT_THRESHOLD = 0.05;
export const SNAPSHOT_MAX_DIFF = 0.0005;

/** Compares a PNG (Buffer) with its committed snapshot; with UPDATE_SNAPSHOTS=1
 * writes it instead. Resolves with { pixels: how many differ, why: null when it
 * matches (or was written), else a sentence saying why not; then the image, the
 * reference and a diff image are in target/screenshots/snapshots/<engine>/ }. */
export async function matchSnapshot(engine, name, png) {
  const { PNG } = await import('pngjs');
  const { default: pixelmatch } = await import('pixelmatch');
  const file = path.join(SNAPSHOTS, engine, `${name}.png`);
  const out = path.join(SCREENSHOTS, 'snapshots', engine);
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, png);
    return { pixels: 0, why: null };
  }
  const keep = (why, diff) => {
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, `${name}.actual.png`), png);
    if (fs.existsSync(file)) fs.copyFileSync(file, path.join(out, `${name}.expected.png`));
    if (diff) fs.writeFileSync(path.join(out, `${name}.diff.png`), PNG.sync.write(diff));
    return `${engine}/${name}: ${why} (see ${path.relative(ROOT, out)}/${name}.*.png; ` +
      'UPDATE_SNAPSHOTS=1 scripts/browser-test records new snapshots)';
  };
  if (!fs.existsSync(file)) return { pixels: NaN, why: keep(`no snapshot ${path.relative(ROOT, file)}`) };
  const want = PNG.sync.read(fs.readFileSync(file));
  const got = PNG.sync.read(png);
  if (want.width !== got.width || want.height !== got.height) {
    return { pixels: NaN, why: keep(`size ${got.width}x${got.height}, the snapshot's ${want.width}x${want.height}`) };
  }
  const diff = new PNG({ width: got.width, height: got.height });
  const n = pixelmatch(want.data, got.data, diff.data, got.width, got.height, { threshold: SNAPSHOT_THRESHOLD });
  const limit = Math.floor(got.width * got.height * SNAPSHOT_MAX_DIFF);
  return { pixels: n, why: n > limit ? keep(`${n} pixels differ, at most ${limit} may`, diff) : null };
}
