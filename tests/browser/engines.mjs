// One small API over three browser engines, for the widget's tests:
//
//   chromium  Debian /usr/bin/chromium, playwright-core over CDP (as the older tests)
//   firefox   Debian /usr/bin/firefox-esr, puppeteer-core over WebDriver BiDi,
//             a fresh temporary profile with updates and background networking off
//   webkit    Debian WebKitGTK's MiniBrowser through WebKitWebDriver (WebDriver
//             classic), driven by the small fetch-based client below, on a private Xvfb
//             display (the GTK MiniBrowser has no headless mode)
//
//   const b = await launch('firefox');        // b.engine, b.version
//   const page = await b.newPage({ width, height, colorScheme, javaScriptEnabled });
//   await page.goto(url);
//   await page.evaluate((a, b) => a + b, 1, 2);   // or an expression string; awaits promises
//   await page.waitFor((v) => ..., v);            // polls evaluate until truthy (10 s)
//   await page.click('kurs-converter >>> button.sw');  // " >>> " enters a shadow root
//   await page.type('250'); await page.press('Tab'); await page.press('Shift+Tab');
//   await page.rect('kurs-converter');            // its box in CSS px, scrolled into view
//   await page.screenshot(file, clipRect?);       // PNG (Buffer) of the viewport or the clip; file may be null
//   await page.clickAt(x, y);                     // a click at viewport coordinates
//   await page.close(); await b.close();
//
// Chromium switches colour scheme and JavaScript per context. Firefox and WebKit
// only per browser process (Firefox: prefs of the profile; WebKit: MiniBrowser's
// --dark-mode and --enable-javascript=false), so `b` starts one process per
// combination a test file asks for, lazily: light with JavaScript is the usual one.
// Clicks and keys are real input events (CDP Input, BiDi input.performActions,
// WebDriver actions), so focus moves and :focus-visible behave as for a user.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { PNG } from 'pngjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

const TIMEOUT = 10000;

/** Starts `engine` (one of ENGINES). */
export async function launch(engine) {
  const make = { chromium: chromiumFlavour, firefox: firefoxFlavour, webkit: webkitFlavour }[engine];
  if (!make) throw new Error(`unknown engine ${engine}; expected one of ${ENGINES.join(', ')}`);
  // Chromium: one process for everything. The others: one per (scheme, js).
  const flavours = new Map();
  const flavour = (opts) => {
    const key = engine === 'chromium' ? '' : `${opts.colorScheme}/${opts.javaScriptEnabled}`;
    if (!flavours.has(key)) flavours.set(key, make(opts));
    return flavours.get(key);
  };
  const first = await flavour({ colorScheme: 'light', javaScriptEnabled: true });
  return {
    engine,
    version: first.version,
    async newPage({ width = 1280, height = 900, colorScheme = 'light', javaScriptEnabled = true } = {}) {
      const opts = { width, height, colorScheme, javaScriptEnabled };
      const f = await flavour(opts);
      return uniform(await f.newPage(opts));
    },
    async close() {
      const all = await Promise.allSettled([...flavours.values()]);
      await Promise.all(all.filter((r) => r.status === 'fulfilled').map((r) => r.value.close()));
    },
  };
}

/** `fn` and its arguments as one expression. */
function expression(fnOrString, args) {
  if (typeof fnOrString === 'string') return fnOrString;
  return `(${fnOrString})(...${JSON.stringify(args)})`;
}

/** A script that finds the element of a " >>> " selector, scrolled into view, or throws. */
function finder(selector) {
  return `(() => {
    let root = document, el = null;
    for (const part of ${JSON.stringify(selector.split(/\s*>>>\s*/))}) {
      el = (root.shadowRoot || root).querySelector(part);
      if (!el) throw new Error('no element for ' + ${JSON.stringify(selector)});
      root = el;
    }
    return el;
  })()`;
}

/** The shared part of a page: what is built on evaluate and raw input. */
function uniform(raw) {
  const page = {
    ...raw,
    evaluate: (fnOrString, ...args) => raw.evaluate(expression(fnOrString, args)),
    async waitFor(fnOrString, ...args) {
      const expr = expression(fnOrString, args);
      const until = Date.now() + TIMEOUT;
      let last;
      for (;;) {
        try {
          last = await raw.evaluate(expr);
          if (last) return last;
        } catch (e) {
          last = e;
        }
        if (Date.now() > until) throw new Error(`${raw.engine}: timed out waiting for ${expr.slice(0, 300)} (last: ${last})`);
        await new Promise((r) => setTimeout(r, 40));
      }
    },
    async rect(selector) {
      return raw.evaluate(`(() => {
        const el = ${finder(selector)};
        el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        const r = el.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      })()`);
    },
    clickAt: (x, y) => raw.clickAt(x, y),
    async click(selector) {
      const r = await page.rect(selector);
      await raw.clickAt(r.x + r.width / 2, r.y + r.height / 2);
    },
  };
  return page;
}

/** A key such as "Tab", "Shift+Tab", "ArrowDown", "Enter", "a". */
function keyParts(key) {
  return key.length > 1 && key.includes('+') ? key.split('+') : [key];
}

// ---------------------------------------------------------------- chromium

async function chromiumFlavour() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  return {
    version: browser.version(),
    async newPage({ width, height, colorScheme, javaScriptEnabled }) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme, javaScriptEnabled });
      const p = await context.newPage();
      p.setDefaultTimeout(TIMEOUT);
      return {
        engine: 'chromium',
        native: p,
        goto: async (url) => { await p.goto(url); },
        evaluate: (expr) => p.evaluate(expr),
        clickAt: (x, y) => p.mouse.click(x, y),
        type: (text) => p.keyboard.type(text),
        press: (key) => p.keyboard.press(key),
        async screenshot(file, clip) { return Buffer.from(await p.screenshot({ ...(file ? { path: file } : {}), clip })); },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

// ---------------------------------------------------------------- firefox

async function firefoxFlavour({ colorScheme, javaScriptEnabled }) {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: true,
    // puppeteer makes a fresh temporary profile (and removes it on close) with
    // its testing prefs; these keep Firefox off the network and pin what varies.
    extraPrefsFirefox: {
      'app.update.auto': false,
      'app.update.enabled': false,
      'app.update.checkInstallTime': false,
      'extensions.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'browser.safebrowsing.update.enabled': false,
      'browser.region.network.url': '',
      'browser.search.update': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'network.dns.disablePrefetch': true,
      'network.prefetch-next': false,
      'services.settings.server': 'http://127.0.0.1:9/',
      // 0 dark, 1 light: what prefers-color-scheme answers to pages.
      'layout.css.prefers-color-scheme.content-override': colorScheme === 'dark' ? 0 : 1,
      'javascript.enabled': javaScriptEnabled,
    },
  });
  const version = (await browser.version()).replace(/^firefox\//, 'Firefox ');
  return {
    version,
    async newPage({ width, height }) {
      const context = await browser.createBrowserContext();
      const p = await context.newPage();
      p.setDefaultTimeout(TIMEOUT);
      await p.setViewport({ width, height });
      return {
        engine: 'firefox',
        native: p,
        goto: async (url) => { await p.goto(url); },
        evaluate: (expr) => p.evaluate(expr),
        clickAt: (x, y) => p.mouse.click(x, y),
        type: (text) => p.keyboard.type(text),
        async press(key) {
          const parts = keyParts(key);
          for (const k of parts.slice(0, -1)) await p.keyboard.down(k);
          await p.keyboard.press(parts[parts.length - 1]);
          for (const k of parts.slice(0, -1).reverse()) await p.keyboard.up(k);
        },
        async screenshot(file, clip) { return Buffer.from(await p.screenshot({ ...(file ? { path: file } : {}), clip })); },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

// ---------------------------------------------------------------- webkit
//
// A fetch-based WebDriver classic client of the dozen endpoints needed here,
// rather than selenium-webdriver: its current release needs Node >= 22 (Debian
// bookworm has 20), and it would add a large dependency tree for ~80 lines.

const WD_KEYS = {
  Tab: '\uE004', Enter: '\uE007', Escape: '\uE00C', Backspace: '\uE003', Delete: '\uE017', Space: ' ',
  Shift: '\uE008', Control: '\uE009', Alt: '\uE00A', Meta: '\uE03D',
  ArrowLeft: '\uE012', ArrowUp: '\uE013', ArrowRight: '\uE014', ArrowDown: '\uE015',
  Home: '\uE011', End: '\uE010', PageUp: '\uE00E', PageDown: '\uE00F',
};

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts Xvfb on a display it picks itself; resolves with ":N" and the process. */
async function startXvfb() {
  const proc = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1600x1200x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr.on('data', (c) => { err += c; });
  const display = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start in 10 s: ${err}`)), 10000);
    proc.stdout.once('data', (d) => { clearTimeout(timer); resolve(':' + String(d).trim()); });
    proc.once('error', (e) => { clearTimeout(timer); reject(e); });
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`Xvfb exited (${code}): ${err}`)); });
  });
  return { display, proc };
}

function stopProcess(proc) {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
    proc.once('exit', () => { clearTimeout(t); resolve(); });
    proc.kill('SIGTERM');
  });
}

async function webkitFlavour({ colorScheme, javaScriptEnabled }) {
  const xvfb = await startXvfb();
  const port = await freePort();
  let log = '';
  const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DISPLAY: xvfb.display, GDK_BACKEND: 'x11' },
  });
  driver.stdout.on('data', (c) => { log += c; });
  driver.stderr.on('data', (c) => { log += c; });
  const base = `http://127.0.0.1:${port}`;
  const stop = () => Promise.all([stopProcess(driver), stopProcess(xvfb.proc)]);

  const wd = async (method, path, body) => {
    const r = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await r.json();
    if (!r.ok || (json.value && json.value.error)) {
      const v = json.value || {};
      throw new Error(`WebKitWebDriver ${method} ${path}: ${v.error} ${v.message}`);
    }
    return json.value;
  };

  let session;
  try {
    for (let i = 0; ; i++) { // until the driver listens
      try {
        await wd('GET', '/status');
        break;
      } catch (e) {
        if (i > 100) throw new Error(`WebKitWebDriver did not start: ${e.message}\n${log}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const args = ['--automation'];
    if (colorScheme === 'dark') args.push('--dark-mode');
    if (!javaScriptEnabled) args.push('--enable-javascript=false');
    session = await wd('POST', '/session', {
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args } } },
    });
  } catch (e) {
    await stop();
    throw e;
  }
  const s = `/session/${session.sessionId}`;
  const version = `WebKitGTK ${session.capabilities.browserVersion} (MiniBrowser)`;
  let current = await wd('GET', `${s}/window`);
  const spare = [current]; // the session's first window, reused by the first page
  const use = async (handle) => {
    if (current !== handle) await wd('POST', `${s}/window`, { handle });
    current = handle;
  };
  // execute/sync awaits a returned promise (and, unlike execute/async, works with
  // the page's JavaScript off: the driver's scripts run in their own world).
  const exec = async (expr) => {
    const r = await wd('POST', `${s}/execute/sync`, {
      script: `return Promise.resolve().then(() => (${expr})).then((v) => ({ ok: v === undefined ? null : v }),
        (e) => ({ err: String((e && e.stack) || e) }));`,
      args: [],
    });
    if (r && 'err' in r) throw new Error(r.err);
    return r && r.ok;
  };
  const actions = (list) => wd('POST', `${s}/actions`, { actions: list });
  const keys = (values) => actions([{
    type: 'key', id: 'keyboard', actions: values.flatMap(([type, value]) => [{ type, value }]),
  }]);
  const keyValue = (k) => WD_KEYS[k] || k;

  return {
    version,
    async newPage({ width, height }) {
      const handle = spare.pop() || (await wd('POST', `${s}/window/new`, { type: 'window' })).handle;
      await use(handle);
      // The window has the toolbar around the view: size it so the view is width x height
      // (GTK keeps MiniBrowser's window at least ~450 px wide).
      await wd('POST', `${s}/window/rect`, { width, height });
      const inner = await exec('[innerWidth, innerHeight]');
      await wd('POST', `${s}/window/rect`, { width: 2 * width - inner[0], height: 2 * height - inner[1] });
      let closed = false;
      const on = (fn) => async (...a) => { await use(handle); return fn(...a); };
      return {
        engine: 'webkit',
        native: { wd, session: s, handle },
        goto: on(async (url) => { await wd('POST', `${s}/url`, { url }); }),
        evaluate: on(exec),
        clickAt: on((x, y) => actions([{
          type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' },
          actions: [
            { type: 'pointerMove', x: Math.round(x), y: Math.round(y), origin: 'viewport' },
            { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 },
          ],
        }])),
        type: on((text) => keys([...text].flatMap((c) => [['keyDown', c], ['keyUp', c]]))),
        press: on((key) => {
          const parts = keyParts(key).map(keyValue);
          return keys([...parts.map((k) => ['keyDown', k]), ...parts.reverse().map((k) => ['keyUp', k])]);
        }),
        screenshot: on(async (file, clip) => {
          // The driver's screenshot may show the last painted frame: let two frames pass first.
          await exec('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
          let png = PNG.sync.read(Buffer.from(await wd('GET', `${s}/screenshot`), 'base64'));
          if (clip) {
            const ratio = png.width / (await exec('innerWidth'));
            const [x, y] = [Math.round(clip.x * ratio), Math.round(clip.y * ratio)];
            const w = Math.min(Math.round(clip.width * ratio), png.width - x);
            const h = Math.min(Math.round(clip.height * ratio), png.height - y);
            const out = new PNG({ width: w, height: h });
            PNG.bitblt(png, out, x, y, w, h, 0, 0);
            png = out;
          }
          const buf = PNG.sync.write(png);
          if (file) fs.writeFileSync(file, buf);
          return buf;
        }),
        async close() {
          if (closed) return;
          closed = true;
          // The last window stays open (closing it ends the session): blank it for the next page.
          const handles = await wd('GET', `${s}/window/handles`);
          if (handles.length > 1) {
            await use(handle);
            await wd('DELETE', `${s}/window`);
            current = null;
          } else {
            await use(handle);
            await wd('POST', `${s}/url`, { url: 'about:blank' });
            spare.push(handle);
          }
        },
      };
    },
    async close() {
      await wd('DELETE', s).catch(() => {});
      await stop();
    },
  };
}
