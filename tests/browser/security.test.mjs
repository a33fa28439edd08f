// Hostile queries to the /widget iframe page in a real browser: nothing a
// query says may run as script on the kurs origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKurs, launchBrowser, openPage, rendered } from './helpers.mjs';

let kurs;
let browser;

before(async () => {
  [kurs, browser] = await Promise.all([startKurs(), launchBrowser()]);
});

after(async () => {
  await Promise.all([browser && browser.close(), kurs && kurs.stop()]);
});

const PARAMETERS = ['base', 'symbols', 'amount', 'from', 'to', 'source', 'date', 'lang', 'theme', 'api'];
const PAYLOADS = [
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '{{attributes}}',
  '{{lang}}',
  'x style=display:block;content-visibility:auto oncontentvisibilityautostatechange=alert(1) x',
  'x" autofocus onfocus="alert(1)',
  'javascript:alert(1)',
];

/** Loads `query` on /widget, waits for the page to settle, and returns the
 * dialogs it opened, the status and the number of <script> elements. */
async function load(query) {
  const p = await openPage(browser);
  const dialogs = [];
  p.page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  try {
    const response = await p.page.goto(`${kurs.url}/widget?${query}`);
    await p.page.waitForTimeout(300);
    const scripts = await p.page.evaluate(() => [...document.scripts].map((s) => s.src || s.textContent));
    const handlers = await p.page.evaluate(() => [...document.querySelectorAll('*')]
      .flatMap((e) => [...e.attributes].map((a) => a.name))
      .filter((n) => n.startsWith('on')));
    return { dialogs, status: response.status(), scripts, handlers };
  } finally {
    await p.close();
  }
}

test('the reported payload (lang={{attributes}} and an event handler in base) runs nothing', async () => {
  const query = 'lang=%7B%7Battributes%7D%7D&base=x%20style=display:block;content-visibility:auto%20oncontentvisibilityautostatechange=alert(1)%20x';
  const got = await load(query);
  assert.deepEqual(got.dialogs, [], query);
  assert.deepEqual(got.handlers, [], query);
});

test('every parameter with every hostile value runs nothing and adds no script or handler', async () => {
  for (const name of PARAMETERS) {
    for (const payload of PAYLOADS) {
      const query = `${name}=${encodeURIComponent(payload)}&lang=${name === 'lang' ? encodeURIComponent(payload) : 'en'}`;
      const got = await load(query);
      assert.deepEqual(got.dialogs, [], `${name}=${payload}`);
      assert.deepEqual(got.handlers, [], `${name}=${payload}`);
      assert.ok(got.scripts.every((s) => s.endsWith('/widget.js')), `${name}=${payload}: ${got.scripts}`);
    }
  }
});

test('lang, theme and source outside their known values are refused with a problem', async () => {
  for (const query of ['lang=%7B%7Battributes%7D%7D', 'theme=x%22%3E', 'source=fed', 'lang=pt']) {
    const r = await fetch(`${kurs.url}/widget?${query}`);
    assert.equal(r.status, 400, query);
    assert.equal(r.headers.get('content-type'), 'application/problem+json', query);
    const body = await r.json();
    assert.match(body.detail, /expected/, query);
  }
  for (const query of ['lang=ru', 'lang=en-GB', 'lang=de', 'lang=uk', 'lang=kk', 'lang=fr', 'lang=es-MX', 'theme=dark', 'theme=auto', 'source=cbr']) {
    const r = await fetch(`${kurs.url}/widget?${query}`);
    assert.equal(r.status, 200, query);
  }
});

test('the widget page carries a CSP without inline script and nosniff', async () => {
  const r = await fetch(`${kurs.url}/widget?base=EUR`);
  const csp = r.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /object-src 'none'/);
  assert.ok(!/unsafe-inline/.test(csp.split(';').find((d) => d.includes('script-src'))), csp);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
});

test('every response is nosniff; the demo page is not frameable and runs only widget.js', async () => {
  for (const path of ['/v1/convert?from=EUR&to=USD', '/nope', '/widget.js', '/healthz']) {
    const r = await fetch(kurs.url + path);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
  }
  const demo = await fetch(`${kurs.url}/demo`);
  assert.match(demo.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.equal(demo.headers.get('x-frame-options'), 'DENY');
  assert.equal(demo.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');
});

test('the widget page takes rates from its own server only, unless the operator allows another origin', async () => {
  const own = new URL(kurs.url);
  for (const api of ['https://evil.example', 'http://127.0.0.1:1/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
    const r = await fetch(`${kurs.url}/widget?api=${encodeURIComponent(api)}`);
    assert.equal(r.status, 400, api);
    const body = await r.json();
    assert.match(body.detail, /expected this server/, api);
    assert.match(body.detail, /--widget-api-origins/, api);
  }
  for (const api of ['/', kurs.url, `${kurs.url}/`]) {
    const r = await fetch(`${kurs.url}/widget?api=${encodeURIComponent(api)}`);
    assert.equal(r.status, 200, api);
    assert.match(r.headers.get('content-security-policy'), /connect-src 'self'(;|$)/, api);
  }
  // A path renders: the widget resolves it against the page.
  const p = await openPage(browser, `${kurs.url}/widget?api=%2F&date=2011-11-19&amount=100&from=EUR&to=USD`);
  try {
    await rendered(p.page);
    // Server-rendered: the first call to the API is the reader's next conversion.
    await p.page.getByRole('textbox', { name: 'Amount' }).fill('5');
    await p.page.waitForFunction(() => document.querySelector('kurs-converter').shadowRoot.querySelector('output').dataset.value === '6.79');
    assert.ok(p.requests.some((u) => u.startsWith(`${own.origin}/v1/convert?`)), p.requests.join('\n'));
  } finally {
    await p.close();
  }

  // Another server allows the first one's origin: its page may read from it.
  const other = await startKurs({ args: ['--widget-api-origins', `${own.origin}, https://rates.example.com`] });
  try {
    const ok = await fetch(`${other.url}/widget?api=${encodeURIComponent(own.origin)}`);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-security-policy').split('; ').pop(), `connect-src 'self' ${own.origin} https://rates.example.com`);
    const refused = await fetch(`${other.url}/widget?api=${encodeURIComponent('https://evil.example')}`);
    assert.equal(refused.status, 400);
    assert.match((await refused.json()).detail, /one of http:\/\/127\.0\.0\.1:\d+, https:\/\/rates\.example\.com/);
  } finally {
    await other.stop();
  }
});
