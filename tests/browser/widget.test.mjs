// The <kurs-converter> widget in a real browser (Debian chromium through
// playwright-core) against a real `kurs serve --offline`, embedded in pages
// of another origin, some of them hostile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startKurs, startStubBank, launchBrowser, startHost, closedPort, hostHtml, api, openPage, rendered, waitForResult,
  widgetTexts, plainNumber, tableNumber, SCREENSHOTS,
} from './helpers.mjs';
import fs from 'node:fs';
import path from 'node:path';

let kurs;
let browser;
let host;

before(async () => {
  [kurs, browser, host] = await Promise.all([startKurs(), launchBrowser(), startHost()]);
});

after(async () => {
  await Promise.all([browser && browser.close(), host && host.close(), kurs && kurs.stop()]);
});

const PINNED = 'date="2011-11-19"';
// The table the widget asks for: each currency priced in the base.
const RATES = '/v1/rates?change=true&invert=true&date=2011-11-19';

test('the demo page renders the widget both as a custom element and in an iframe', async () => {
  const p = await openPage(browser, kurs.url + '/demo');
  try {
    await rendered(p.page);
    const el = await widgetTexts(p.page);
    assert.equal(el.title, 'Currency converter');
    assert.deepEqual(el.head.slice(0, 3), ['Currency', 'in EUR', 'Change']);
    assert.equal(el.head.length, 4, 'and the trend column, named for screen readers');
    assert.equal(el.rows.USD.rate, '0.736594', '1 USD in EUR');
    assert.deepEqual(Object.keys(el.rows), ['USD', 'GBP', 'JPY', 'CHF', 'RUB']);
    assert.match(el.footer, /European Central Bank, 18 November 2011/);

    const iframe = p.page.frameLocator('iframe[title]');
    const frame = p.page.frames().find((f) => f.url().includes('/widget?'));
    assert.ok(frame, 'the iframe loaded /widget');
    await rendered(frame);
    const inFrame = await widgetTexts(frame);
    assert.equal(inFrame.title, 'Currency converter');
    assert.ok(Number(inFrame.value) > 0, 'the iframe widget converted');
    // Offline, the bundled history ends before today: the latest rates are stale and say so.
    assert.match(inFrame.footer, /Rates may be out of date/);
    await iframe.getByRole('textbox', { name: 'Amount' }).waitFor();
    assert.deepEqual(p.errors, []);
  } finally {
    await p.close();
  }
});

test('the iframe page has a title, a robots meta tag and exactly one widget', async () => {
  const r = await fetch(kurs.url + '/widget?base=EUR&lang=ru&symbols=%22%3E%3Cscript%3E');
  const html = await r.text();
  assert.match(html, /<title>[^<]+<\/title>/);
  assert.match(html, /<meta name="robots" content="noindex, indexifembedded">/);
  assert.match(html, /<html lang="ru">/);
  assert.equal(html.match(/<kurs-converter[\s>]/g).length, 1);
  assert.ok(!html.includes('"><script>'), 'attribute values are escaped');
});

test('typing an amount shows exactly the result of /v1/convert', async () => {
  const url = host.page(hostHtml(kurs.url, `<kurs-converter from="EUR" to="USD" ${PINNED}></kurs-converter>`));
  const p = await openPage(browser, url);
  try {
    await rendered(p.page);
    const input = p.page.getByRole('textbox', { name: 'Amount' });
    for (const [amount, to] of [['0.01', 'USD'], ['999999999.99', 'USD'], ['1234.56789', 'USD'],
      ['1234.56789', 'JPY'], ['0.01', 'GBP'], ['-12.5', 'CHF']]) {
      await p.page.getByRole('combobox', { name: 'To', exact: true }).selectOption(to);
      await input.fill(amount);
      const want = await api(kurs.url, `/v1/convert?from=EUR&to=${to}&amount=${amount}&date=2011-11-19`);
      await waitForResult(p.page, want.result);
      const got = await widgetTexts(p.page);
      assert.equal(plainNumber(got.output, 'en'), want.result, `${amount} EUR in ${to}: ${got.output}`);
      const formatted = await p.page.evaluate(([v, c]) => {
        const f = (s, o) => {
          const d = (s.split('.')[1] || '').length;
          return new Intl.NumberFormat('en', { ...o, minimumFractionDigits: d, maximumFractionDigits: d }).format(s);
        };
        return f(v, { style: 'currency', currency: c, currencyDisplay: 'name' });
      }, [want.result, to]);
      assert.equal(got.output, formatted);
      // The rate line is rounded for display like the table: 6 significant digits.
      assert.equal(got.rate, `1 EUR = ${tableNumber(want.rate, 'en')} ${to}`);
    }
    assert.deepEqual(p.errors, []);
  } finally {
    await p.close();
  }
});

test('a currency is named with one casing in the table, the selects and the result ("US dollar", "US dollars")', async () => {
  // Issue 14: the table said "US Dollar" (Intl.DisplayNames) where the
  // result said "US dollars". Both forms of the widget, the same words.
  const names = (p) => p.evaluate(() => {
    const root = document.querySelector('kurs-converter').shadowRoot;
    return {
      table: root.querySelector('tr[data-code="USD"] .nm').textContent,
      option: [...root.querySelectorAll('#t option')].find((o) => o.value === 'USD').textContent,
      result: root.querySelector('output .cur').textContent,
    };
  });
  const want = { table: 'US dollar', option: 'USD \u2014 US dollar', result: 'US dollars' };
  const element = await openPage(browser, host.page(hostHtml(kurs.url, `<kurs-converter from="EUR" to="USD" ${PINNED}></kurs-converter>`)));
  const page = await openPage(browser, `${kurs.url}/widget?from=EUR&to=USD&${PINNED.replace(/"/g, '')}`);
  try {
    await rendered(element.page);
    await rendered(page.page);
    assert.deepEqual(await names(element.page), want, 'the element');
    assert.deepEqual(await names(page.page), want, 'the server-rendered page');
  } finally {
    await Promise.all([element.close(), page.close()]);
  }
});

test('typing is debounced and the initial data is one /v1/widget request', async () => {
  const url = host.page(hostHtml(kurs.url, `<kurs-converter to="USD" ${PINNED}></kurs-converter>`));
  const p = await openPage(browser, url);
  try {
    await rendered(p.page);
    const count = (path) => p.requests.filter((u) => u.includes(path)).length;
    assert.equal(count('/v1/widget'), 1);
    const q = new URL(p.requests.find((u) => u.includes('/v1/widget'))).searchParams;
    assert.deepEqual([q.get('base'), q.get('to'), q.get('amount'), q.get('lang'), q.get('date')], ['EUR', 'USD', '100', 'en', '2011-11-19']);
    assert.equal(count('/v1/rates'), 0);
    assert.equal(count('/v1/convert'), 0, 'the initial conversion came with the rates');
    const want0 = await api(kurs.url, '/v1/convert?from=EUR&to=USD&amount=100&date=2011-11-19');
    assert.equal((await widgetTexts(p.page)).value, want0.result);
    const input = p.page.getByRole('textbox', { name: 'Amount' });
    await input.fill('');
    await input.pressSequentially('123456', { delay: 30 });
    const want = await api(kurs.url, '/v1/convert?from=EUR&to=USD&amount=123456&date=2011-11-19');
    await waitForResult(p.page, want.result);
    await p.page.waitForTimeout(300);
    // One conversion for six keystrokes (two if the machine stalled for 250 ms between two of them).
    const n = count('/v1/convert');
    assert.ok(n >= 1 && n <= 2, `${n} conversions for six keystrokes`);
  } finally {
    await p.close();
  }
});

test('an invalid amount shows an inline hint and sends no request', async () => {
  const url = host.page(hostHtml(kurs.url, `<kurs-converter to="USD" ${PINNED}></kurs-converter>`));
  const p = await openPage(browser, url);
  try {
    await rendered(p.page);
    const before = p.requests.length;
    const input = p.page.getByRole('textbox', { name: 'Amount' });
    await input.fill('12abc');
    await p.page.waitForTimeout(400);
    const t = await widgetTexts(p.page);
    assert.match(t.hint, /Enter a number/);
    assert.equal(t.output, '\u2014');
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.match(await input.evaluate((e) => e.getRootNode().getElementById(e.getAttribute('aria-describedby')).textContent), /Enter a number/);
    assert.equal(p.requests.length, before, 'no request for an invalid amount');
    // Thousands separators in English are understood, not sent.
    await input.fill('1,000.5');
    const want = await api(kurs.url, '/v1/convert?from=EUR&to=USD&amount=1000.5&date=2011-11-19');
    await waitForResult(p.page, want.result);
    assert.equal((await widgetTexts(p.page)).hint, '');
  } finally {
    await p.close();
  }
});

test('the swap button exchanges the currencies and converts again', async () => {
  const url = host.page(hostHtml(kurs.url, `<kurs-converter from="EUR" to="USD" amount="250" ${PINNED}></kurs-converter>`));
  const p = await openPage(browser, url);
  try {
    await rendered(p.page);
    await p.page.getByRole('button', { name: 'Swap currencies' }).click();
    const want = await api(kurs.url, '/v1/convert?from=USD&to=EUR&amount=250&date=2011-11-19');
    await waitForResult(p.page, want.result);
    const t = await widgetTexts(p.page);
    assert.equal(t.from, 'USD');
    assert.equal(t.to, 'EUR');
    assert.equal(plainNumber(t.output, 'en'), want.result);
  } finally {
    await p.close();
  }
});

test('changing either currency converts again, and the selects offer every currency of the table', async () => {
  const url = host.page(hostHtml(kurs.url, `<kurs-converter from="EUR" to="USD" amount="100" ${PINNED}></kurs-converter>`));
  const p = await openPage(browser, url);
  try {
    await rendered(p.page);
    const table = await api(kurs.url, `${RATES}&base=EUR`);
    const t0 = await widgetTexts(p.page);
    const codes = await p.page.evaluate(() => [...document.querySelector('kurs-converter').shadowRoot.querySelectorAll('#t option')].map((o) => o.value));
    for (const code of ['EUR', ...Object.keys(table.rates)]) assert.ok(codes.includes(code), code);
    assert.equal(t0.options.length, codes.length);
    assert.deepEqual(codes, codes.slice().sort(), 'sorted by code');
    await p.page.getByRole('combobox', { name: 'From' }).selectOption('GBP');
    let want = await api(kurs.url, '/v1/convert?from=GBP&to=USD&amount=100&date=2011-11-19');
    await waitForResult(p.page, want.result);
    await p.page.getByRole('combobox', { name: 'To', exact: true }).selectOption('RUB');
    want = await api(kurs.url, '/v1/convert?from=GBP&to=RUB&amount=100&date=2011-11-19');
    await waitForResult(p.page, want.result);
    const t = await widgetTexts(p.page);
    assert.equal(plainNumber(t.output, 'en'), want.result);
    assert.match(t.output, /Russian rubles/);
  } finally {
    await p.close();
  }
});

test('keyboard-only use works and every control has an accessible name', async () => {
  const url = host.page(hostHtml(kurs.url, `<kurs-converter from="EUR" to="USD" amount="100" ${PINNED}></kurs-converter>`));
  const p = await openPage(browser, url);
  try {
    await rendered(p.page);
    const page = p.page;
    const input = page.getByRole('textbox', { name: 'Amount' });
    const from = page.getByRole('combobox', { name: 'From' });
    const swap = page.getByRole('button', { name: 'Swap currencies' });
    const to = page.getByRole('combobox', { name: 'To', exact: true });
    for (const l of [input, from, swap, to]) assert.equal(await l.count(), 1);
    assert.equal(await page.getByRole('status').filter({ hasText: 'US' }).count(), 1, 'the output is a polite status');
    assert.equal(await page.getByRole('heading', { name: 'Currency converter' }).count(), 1);
    assert.equal(await page.getByRole('table').count(), 1);
    const focused = () => page.evaluate(() => {
      const a = document.activeElement;
      const inner = a && a.shadowRoot && a.shadowRoot.activeElement;
      return inner ? inner.id || inner.tagName.toLowerCase() : a && a.tagName.toLowerCase();
    });

    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'a');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('42');
    await page.keyboard.press('Enter');
    let want = await api(kurs.url, '/v1/convert?from=EUR&to=USD&amount=42&date=2011-11-19');
    await waitForResult(page, want.result);

    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'f');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'button');
    await page.keyboard.press('Space');
    want = await api(kurs.url, '/v1/convert?from=USD&to=EUR&amount=42&date=2011-11-19');
    await waitForResult(page, want.result);
    await page.keyboard.press('Enter');
    want = await api(kurs.url, '/v1/convert?from=EUR&to=USD&amount=42&date=2011-11-19');
    await waitForResult(page, want.result);

    await page.keyboard.press('Tab');
    assert.equal(await focused(), 't');
    await page.keyboard.press('ArrowDown');
    const t = await widgetTexts(page);
    assert.notEqual(t.to, 'USD', 'the arrow key changed the target currency');
    want = await api(kurs.url, `/v1/convert?from=EUR&to=${t.to}&amount=42&date=2011-11-19`);
    await waitForResult(page, want.result);

    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(), 'button');
    assert.deepEqual(p.errors, []);
  } finally {
    await p.close();
  }
});

test('lang="ru" (here from the page) formats with Russian separators and currency names', async () => {
  const url = host.page(hostHtml(kurs.url,
    `<kurs-converter from="EUR" to="USD" amount="1234567,5" symbols="USD,GBP,JPY" ${PINNED}></kurs-converter>`, { lang: 'ru' }));
  const p = await openPage(browser, url);
  try {
    await rendered(p.page);
    const want = await api(kurs.url, '/v1/convert?from=EUR&to=USD&amount=1234567.5&date=2011-11-19');
    await waitForResult(p.page, want.result);
    const t = await widgetTexts(p.page);
    assert.equal(t.title, 'Конвертер валют');
    assert.deepEqual(t.head.slice(0, 3), ['Валюта', 'в EUR', 'Изм.']);
    const table = await api(kurs.url, `${RATES}&base=EUR&symbols=USD,GBP,JPY`);
    for (const code of ['USD', 'GBP', 'JPY']) assert.equal(t.rows[code].rate, tableNumber(table.rates[code], 'ru'), code);
    assert.equal(t.rows.USD.rate, '0,736594');
    assert.equal(t.rows.JPY.rate, '0,00960984');
    assert.equal(want.result, '1676048.84');
    assert.match(t.output, /^1\u00a0676\u00a0048,84 доллар/, t.output);
    assert.match(t.output, /США/);
    assert.equal(plainNumber(t.output, 'ru'), want.result);
    assert.ok(t.options.includes('USD \u2014 доллар США'), t.options.join('|'));
    assert.match(t.footer, /^Европейский центральный банк, 18 ноября 2011/);
    assert.match(t.footer, /19 ноября 2011/);
    assert.equal(t.rows.USD.direction, 'down');
    assert.match(t.rows.USD.change, /^▼снижение -0,00524577, -0,71\s?%$/);
    await p.page.getByRole('textbox', { name: 'Сумма' }).waitFor();
    await p.page.getByRole('button', { name: 'Поменять валюты местами' }).waitFor();
  } finally {
    await p.close();
  }
});

test('date="2011-11-19" shows the rates of 2011-11-18 and says so', async () => {
  const url = host.page(hostHtml(kurs.url, `<kurs-converter base="EUR" symbols="USD,GBP,RUB" to="RUB" ${PINNED}></kurs-converter>`));
  const p = await openPage(browser, url);
  try {
    await rendered(p.page);
    const t = await widgetTexts(p.page);
    // What 1 USD, 1 GBP, 1 RUB cost in EUR: the API's exact figures, rounded for display.
    const table = await api(kurs.url, `${RATES}&base=EUR&symbols=USD,GBP,RUB`);
    assert.equal(table.inverted, true);
    assert.deepEqual(table.rates, { GBP: '1.16543325', RUB: '0.02390605875', USD: '0.7365939894' });
    for (const code of ['USD', 'GBP', 'RUB']) assert.equal(t.rows[code].rate, tableNumber(table.rates[code], 'en'), code);
    assert.equal(t.rows.USD.rate, '0.736594');
    assert.equal(t.rows.GBP.rate, '1.16543');
    assert.equal(t.rows.RUB.rate, '0.0239061');
    // A stronger euro: the dollar's price in euros fell.
    assert.deepEqual(table.changes.USD, { previous: '0.7418397626', change: '-0.0052457732', percent: '-0.71' });
    assert.equal(t.rows.USD.direction, 'down');
    assert.equal(t.rows.USD.change, '▼down -0.00524577, -0.71%');
    assert.equal(t.rows.USD.changeTitle, tableNumber(table.changes.USD.change, 'en', { signDisplay: 'exceptZero' }));
    assert.match(t.footer, /European Central Bank, 18 November 2011/);
    assert.match(t.footer, /No rates were published on 19 November 2011; showing those of 18 November 2011/);
    assert.doesNotMatch(t.footer, /out of date/);
    const want = await api(kurs.url, '/v1/convert?from=EUR&to=RUB&amount=100&date=2011-11-19');
    assert.equal(t.value, want.result);
  } finally {
    await p.close();
  }
});

test('base="USD" prices the key rates in dollars: 1 EUR = 1.3576 USD, as a reader expects', async () => {
  const url = host.page(hostHtml(kurs.url, `<kurs-converter base="USD" symbols="EUR,GBP" ${PINNED}></kurs-converter>`));
  const p = await openPage(browser, url);
  try {
    await rendered(p.page);
    const t = await widgetTexts(p.page);
    const table = await api(kurs.url, `${RATES}&base=USD&symbols=EUR,GBP`);
    // The ECB publishes 1 EUR = 1.3576 USD; priced in dollars, the euro is exactly that.
    assert.equal(table.rates.EUR, '1.3576');
    assert.deepEqual(t.head.slice(0, 3), ['Currency', 'in USD', 'Change']);
    assert.deepEqual(Object.keys(t.rows), ['EUR', 'GBP']);
    assert.equal(t.rows.EUR.rate, '1.3576');
    assert.equal(t.rows.GBP.rate, tableNumber(table.rates.GBP, 'en'));
    assert.equal(t.rows.GBP.rate, '1.58219');
    // The euro's price in dollars rose from 1.348 on 2011-11-17.
    assert.equal(t.rows.EUR.direction, 'up');
    assert.equal(t.rows.EUR.change, '▲up +0.0096, +0.71%');
    assert.equal(t.from, 'USD');
    assert.equal(t.to, 'EUR');
    const want = await api(kurs.url, '/v1/convert?from=USD&to=EUR&amount=100&date=2011-11-19');
    assert.equal(t.value, want.result);
    assert.deepEqual(p.errors, []);
  } finally {
    await p.close();
  }
});

test('elements already on the page are upgraded when the script arrives, and react to attribute changes', async () => {
  const url = host.page(hostHtml(kurs.url, `<kurs-converter to="USD" source="ecb" ${PINNED}></kurs-converter>`, { scripts: 0 }));
  const p = await openPage(browser, url);
  try {
    assert.equal(await p.page.evaluate(() => customElements.get('kurs-converter')), undefined);
    await p.page.addScriptTag({ url: `${kurs.url}/widget.js` });
    await rendered(p.page);
    assert.ok(p.requests.some((u) => u.includes('/v1/widget?') && u.includes('source=ecb')), 'the source attribute is sent');
    await p.page.evaluate(() => {
      const el = document.querySelector('kurs-converter');
      el.setAttribute('to', 'JPY');
      el.setAttribute('amount', '5');
    });
    const want = await api(kurs.url, '/v1/convert?from=EUR&to=JPY&amount=5&date=2011-11-19');
    await waitForResult(p.page, want.result);
    assert.equal((await widgetTexts(p.page)).to, 'JPY');
    // The two attributes changed together: one reload, one request.
    assert.equal(p.requests.filter((u) => u.includes('/v1/widget?')).length, 2);
    assert.equal(p.page.url(), url, 'the host page was not navigated');
    assert.deepEqual(p.errors, []);
  } finally {
    await p.close();
  }
});

test('themes and the --kurs-* custom properties colour the box', async () => {
  const body = `<kurs-converter ${PINNED}></kurs-converter><kurs-converter theme="dark" ${PINNED}></kurs-converter>` +
    `<kurs-converter theme="auto" ${PINNED}></kurs-converter><kurs-converter class="branded" ${PINNED}></kurs-converter>`;
  const head = '<style>.branded { --kurs-accent: rgb(140, 28, 19); --kurs-bg: rgb(250, 247, 240); --kurs-font: Georgia, serif }</style>';
  const url = host.page(hostHtml(kurs.url, body, { head }));
  const p = await openPage(browser, url, { colorScheme: 'dark' });
  try {
    for (let i = 0; i < 4; i++) await rendered(p.page, i);
    const looks = await p.page.evaluate(() => [...document.querySelectorAll('kurs-converter')].map((el) => {
      const cs = getComputedStyle(el.shadowRoot.querySelector('.k'));
      return { bg: cs.backgroundColor, accent: cs.borderTopColor, font: cs.fontFamily };
    }));
    assert.equal(looks[0].bg, 'rgb(255, 255, 255)', 'light by default, whatever the system prefers');
    assert.equal(looks[1].bg, 'rgb(27, 30, 35)');
    assert.equal(looks[2].bg, 'rgb(27, 30, 35)', 'auto follows prefers-color-scheme: dark');
    assert.equal(looks[3].bg, 'rgb(250, 247, 240)');
    assert.equal(looks[3].accent, 'rgb(140, 28, 19)');
    assert.match(looks[3].font, /Georgia/);
  } finally {
    await p.close();
  }
});

test('a host page with hostile global CSS does not break the widget', async () => {
  const hostile = '<style>* { font-size: 40px !important; color: red !important; line-height: 3 !important; ' +
    'letter-spacing: 4px !important } input { display: none !important } div, table { display: none !important }</style>';
  // No doctype: quirks mode, as on many old news sites (tables do not inherit there).
  const url = host.page(hostHtml(kurs.url, `<p>Article</p><kurs-converter to="USD" ${PINNED}></kurs-converter>`,
    { head: hostile, quirks: true }));
  const p = await openPage(browser, url);
  try {
    await rendered(p.page);
    const input = p.page.getByRole('textbox', { name: 'Amount' });
    assert.ok(await input.isVisible(), 'the input is visible');
    const box = await input.boundingBox();
    assert.ok(box.height >= 24 && box.height <= 48, `input height ${box.height}`);
    assert.ok(box.width >= 120, `input width ${box.width}`);
    const styles = await p.page.evaluate(() => {
      const root = document.querySelector('kurs-converter').shadowRoot;
      const cs = (sel) => getComputedStyle(root.querySelector(sel));
      return { mode: document.compatMode, h2: cs('h2').color, h2size: cs('h2').fontSize, td: cs('td').color,
        tdsize: cs('td').fontSize, code: cs('tbody b').color, input: cs('input').color, spacing: cs('td').letterSpacing };
    });
    assert.equal(styles.mode, 'BackCompat');
    for (const c of [styles.h2, styles.td, styles.code, styles.input]) assert.notEqual(c, 'rgb(255, 0, 0)');
    assert.equal(styles.h2size, '16px');
    assert.equal(styles.tdsize, '14px');
    assert.equal(styles.spacing, 'normal');
    const t = await widgetTexts(p.page);
    assert.ok(t.box.height < 600, `box height ${t.box.height}`);
  } finally {
    await p.close();
  }
});

test('a host page with a strict CSP works, with no violation', async () => {
  const csp = `default-src 'none'; script-src ${kurs.url}; connect-src ${kurs.url}; style-src 'self'`;
  const url = host.page(hostHtml(kurs.url, `<kurs-converter to="GBP" ${PINNED}></kurs-converter>`), {
    'content-security-policy': csp,
  });
  const p = await openPage(browser, null);
  try {
    await p.page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await p.page.goto(url);
    await rendered(p.page);
    const t = await widgetTexts(p.page);
    const table = await api(kurs.url, `${RATES}&base=EUR`);
    assert.equal(t.rows.USD.rate, tableNumber(table.rates.USD, 'en'));
    const want = await api(kurs.url, '/v1/convert?from=EUR&to=GBP&amount=100&date=2011-11-19');
    assert.equal(t.value, want.result);
    // Styled: the adopted sheet applies (the title is bold, the box has its padding).
    const styled = await p.page.evaluate(() => {
      const root = document.querySelector('kurs-converter').shadowRoot;
      return [getComputedStyle(root.querySelector('h2')).fontWeight, getComputedStyle(root.querySelector('.k')).display];
    });
    assert.deepEqual(styled, ['700', 'flex']);
    assert.equal(await p.page.evaluate(() => document.querySelector('kurs-converter').shadowRoot.querySelectorAll('[style], style').length), 0,
      'no inline styles');
    assert.deepEqual(await p.page.evaluate(() => window.__violations), []);
    assert.deepEqual(p.console.filter((m) => /Content.Security.Policy/i.test(m.text)), []);
    assert.deepEqual(p.errors, []);
  } finally {
    await p.close();
  }
});

test('three widgets on one page and the script included twice work; identical widgets share one request', async () => {
  const body = `<kurs-converter to="USD" ${PINNED}></kurs-converter>` +
    `<kurs-converter lang="ru" theme="dark" from="USD" to="RUB" amount="10" ${PINNED}></kurs-converter>` +
    `<kurs-converter to="USD" ${PINNED}></kurs-converter>`;
  const url = host.page(hostHtml(kurs.url, body, { scripts: 2 }));
  const p = await openPage(browser, url);
  try {
    await rendered(p.page, 0);
    await rendered(p.page, 1);
    await rendered(p.page, 2);
    const [a, b, c] = [await widgetTexts(p.page, 0), await widgetTexts(p.page, 1), await widgetTexts(p.page, 2)];
    assert.deepEqual(c.rows, a.rows);
    assert.equal(a.title, 'Currency converter');
    assert.equal(b.title, 'Конвертер валют');
    assert.equal(b.value, (await api(kurs.url, '/v1/convert?from=USD&to=RUB&amount=10&date=2011-11-19')).result);
    assert.equal(await p.page.locator('script[src$="/widget.js"]').count(), 2);
    assert.equal(p.requests.filter((u) => u.includes('/v1/widget')).length, 2, 'the first and the third share one');
    assert.equal(await p.page.evaluate(() => typeof customElements.get('kurs-converter')), 'function');
    // No globals: the page's window has nothing new beyond a blank page's.
    const blank = await openPage(browser, host.page('<!doctype html><title>blank</title><p>blank</p>'));
    const baseline = await blank.page.evaluate(() => Object.keys(window));
    await blank.close();
    const added = (await p.page.evaluate(() => Object.keys(window))).filter((k) => !baseline.includes(k));
    assert.deepEqual(added, []);
    assert.deepEqual(p.errors, []);
    assert.deepEqual(p.console.filter((m) => m.type === 'error' || m.type === 'warning'), []);
  } finally {
    await p.close();
  }
});

test('an unreachable API shows a short failure message and keeps the layout', async () => {
  const port = await closedPort();
  const url = host.page(hostHtml(kurs.url, `<kurs-converter api="http://127.0.0.1:${port}"></kurs-converter>`));
  const p = await openPage(browser, url);
  try {
    await p.page.waitForFunction(() => {
      const m = document.querySelector('kurs-converter').shadowRoot.querySelector('.msg');
      return m && !m.hidden;
    });
    const t = await p.page.evaluate(() => {
      const root = document.querySelector('kurs-converter').shadowRoot;
      return { messages: root.querySelector('.msg').textContent, box: root.querySelector('.k').getBoundingClientRect().toJSON(),
        output: root.querySelector('output') };
    });
    assert.equal(t.messages, 'Rates are unavailable right now.');
    // The room the host gave stays; no grid of dashes, no converter without rates.
    assert.ok(t.box.height >= 340 && t.box.height < 500, `box height ${t.box.height}`);
    assert.equal(t.output, null);
    assert.equal(await p.page.evaluate(() => document.querySelector('kurs-converter').shadowRoot.querySelectorAll('table, td').length), 0);
    assert.ok(p.console.some((m) => m.type === 'warning' && m.text.startsWith('kurs-converter: ')));
    assert.deepEqual(p.errors, []);
  } finally {
    await p.close();
  }
});

test('when the kurs server stops, the next conversion shows the failure message', async () => {
  const own = await startKurs();
  const url = host.page(hostHtml(own.url, `<kurs-converter to="USD" ${PINNED}></kurs-converter>`));
  const p = await openPage(browser, url);
  try {
    await rendered(p.page);
    await own.stop();
    await p.page.getByRole('textbox', { name: 'Amount' }).fill('77');
    await p.page.waitForFunction(() => {
      const m = document.querySelector('kurs-converter').shadowRoot.querySelector('.msg');
      return m && !m.hidden;
    });
    const t = await widgetTexts(p.page);
    assert.match(t.messages, /Rates are unavailable right now\./);
    assert.equal(t.output, '\u2014');
    const table = await api(kurs.url, `${RATES}&base=EUR`);
    assert.equal(t.rows.USD.rate, tableNumber(table.rates.USD, 'en'), 'the rates already shown stay');
    assert.deepEqual(p.errors, []);
  } finally {
    await p.close();
    await own.stop();
  }
});

test('an unknown currency in an attribute gives a message in the box and a console warning', async () => {
  const body = `<kurs-converter from="XYZ" to="USD" ${PINNED}></kurs-converter>` +
    `<kurs-converter base="QQQ"></kurs-converter>` +
    `<kurs-converter to="RUB" symbols="USD,RUB"></kurs-converter>`;
  const url = host.page(hostHtml(kurs.url, body));
  const p = await openPage(browser, url);
  try {
    const shown = (i) => p.page.waitForFunction((n) => {
      const m = document.querySelectorAll('kurs-converter')[n].shadowRoot.querySelector('.msg');
      return m && !m.hidden;
    }, i);
    await Promise.all([shown(0), shown(1), shown(2)]);
    // A bad base leaves nothing to show but the message.
    const b = { messages: await p.page.evaluate(() => document.querySelectorAll('kurs-converter')[1].shadowRoot.querySelector('.msg').textContent) };
    const [a, c] = [await widgetTexts(p.page, 0), await widgetTexts(p.page, 2)];
    assert.match(a.messages, /Unknown currency: XYZ\./);
    assert.equal(a.from, 'EUR', 'falls back to the base currency');
    await waitForResult(p.page, (await api(kurs.url, '/v1/convert?from=EUR&to=USD&amount=100&date=2011-11-19')).result);
    assert.match(b.messages, /Unknown currency: QQQ\./);
    // RUB is a real currency that the latest ECB table lacks.
    assert.match(c.messages, /No rate for Russian ruble \(RUB\)\./);
    const warnings = p.console.filter((m) => m.type === 'warning').map((m) => m.text);
    for (const code of ['XYZ', 'QQQ', 'RUB']) {
      assert.ok(warnings.some((w) => w.startsWith('kurs-converter: ') && w.includes(code)), `${code}: ${warnings.join('\n')}`);
    }
    assert.deepEqual(p.errors, []);
  } finally {
    await p.close();
  }
});

test('everything from the API is inserted as text, never as markup', async () => {
  // The attributes reach the API and come back in messages; they must stay text.
  const evil = '&lt;img src=x onerror=alert(1)&gt;';
  const url = host.page(hostHtml(kurs.url, `<kurs-converter from="${evil}" symbols="${evil},USD" ${PINNED}></kurs-converter>`));
  const p = await openPage(browser, url);
  try {
    // Rendered, or refused with a message: either way the codes come back as text.
    await p.page.waitForFunction(() => {
      const root = document.querySelector('kurs-converter').shadowRoot;
      const m = root.querySelector('.msg');
      return (m && !m.hidden && m.textContent) || (root.querySelector('output') || {}).dataset?.value;
    });
    const got = await p.page.evaluate(() => {
      const root = document.querySelector('kurs-converter').shadowRoot;
      return { imgs: root.querySelectorAll('img').length, text: root.textContent };
    });
    assert.equal(got.imgs, 0);
    assert.match(got.text, /<IMG/, 'the code is shown as text');
    assert.deepEqual(p.errors, []);
  } finally {
    await p.close();
  }
});

test('source="cnb" shows the Czech National Bank\'s fixing, fetched from the stub bank', async () => {
  const bank = await startStubBank();
  const online = await startKurs({ offline: false, env: bank.env });
  try {
    // The refresher syncs every source at start; wait for the CNB's fixing.
    const deadline = Date.now() + 15000;
    for (;;) {
      const sources = await api(online.url, '/v1/sources');
      if (sources.find((s) => s.source === 'cnb').latest_date === '2026-11-02') break;
      if (Date.now() > deadline) throw new Error(`cnb never synced: ${JSON.stringify(sources)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const el = '<kurs-converter source="cnb" base="CZK" symbols="EUR,USD,JPY" amount="1000" from="CZK" to="EUR"></kurs-converter>';
    for (const [lang, publisher] of [['en', 'Czech National Bank'], ['ru', 'Чешский национальный банк']]) {
      const p = await openPage(browser, host.page(hostHtml(online.url, el, { lang })));
      try {
        await rendered(p.page);
        assert.ok(p.requests.some((u) => u.includes('/v1/widget?') && u.includes('source=cnb')), 'the source attribute is sent');
        const want = await api(online.url, '/v1/convert?from=CZK&to=EUR&amount=1000&source=cnb');
        assert.equal(want.result, '36.99', '1000 / 27.035');
        const t = await widgetTexts(p.page);
        assert.equal(t.value, want.result);
        assert.ok(t.footer.includes(publisher), t.footer);
        assert.match(t.footer, /2026/);
        // The table's rates are the fixing per unit, as the API gives them.
        const rates = await api(online.url, '/v1/rates?base=CZK&symbols=EUR,USD,JPY&invert=true&source=cnb');
        assert.equal(t.rows.JPY.rate, tableNumber(rates.rates.JPY, lang), 'CZK per JPY: 21,487 for 100');
        assert.equal(t.rows.USD.rate, tableNumber(rates.rates.USD, lang));
        assert.deepEqual(p.errors, []);
      } finally {
        await p.close();
      }
    }
  } finally {
    await Promise.all([online.stop(), bank.stop()]);
  }
});

/** The words the server gives for `lang`. */
const wordsOf = async (lang) => (await api(kurs.url, `/v1/widget?lang=${lang}&date=2011-11-18`)).words;

test('lang falls back to the page\'s language: a German page gets German words and numbers', async () => {
  const url = host.page(hostHtml(kurs.url, `<kurs-converter from="EUR" to="USD" amount="1234.5" ${PINNED}></kurs-converter>`, { lang: 'de-AT' }));
  const p = await openPage(browser, url);
  try {
    await rendered(p.page);
    const q = new URL(p.requests.find((u) => u.includes('/v1/widget?'))).searchParams;
    assert.equal(q.get('lang'), 'de');
    const words = await wordsOf('de');
    const t = await widgetTexts(p.page);
    assert.equal(t.title, words.title);
    assert.notEqual(t.title, 'Currency converter');
    assert.equal(t.rows.USD.rate, '0,736594');
    const want = await api(kurs.url, '/v1/convert?from=EUR&to=USD&amount=1234.5&date=2011-11-19');
    assert.equal(t.value, want.result);
    assert.match(t.output, /^1\.675,96 /, t.output);
    await p.page.getByRole('textbox', { name: words.amount }).fill('1.000,5');
    await waitForResult(p.page, (await api(kurs.url, '/v1/convert?from=EUR&to=USD&amount=1000.5&date=2011-11-19')).result);
    // A language the widget does not speak: English.
    const en = await openPage(browser, host.page(hostHtml(kurs.url, `<kurs-converter ${PINNED}></kurs-converter>`, { lang: 'pt-BR' })));
    try {
      await rendered(en.page);
      assert.equal((await widgetTexts(en.page)).title, 'Currency converter');
    } finally {
      await en.close();
    }
    assert.deepEqual(p.errors, []);
  } finally {
    await p.close();
  }
});

test('uk, kk, fr and es render with their words, numbers and currency names', async () => {
  for (const lang of ['uk', 'kk', 'fr', 'es']) {
    const url = host.page(hostHtml(kurs.url, `<kurs-converter lang="${lang}" from="USD" to="EUR" amount="2500.5" ${PINNED}></kurs-converter>`));
    const p = await openPage(browser, url);
    try {
      await rendered(p.page);
      const words = await wordsOf(lang);
      const t = await widgetTexts(p.page);
      assert.equal(t.title, words.title, lang);
      assert.notEqual(t.title, 'Currency converter', lang);
      assert.equal(t.head[0], words.currency, lang);
      const table = await api(kurs.url, `${RATES}&base=EUR&symbols=USD,GBP`);
      assert.equal(t.rows.GBP.rate, tableNumber(table.rates.GBP, lang), lang);
      const want = await api(kurs.url, '/v1/convert?from=USD&to=EUR&amount=2500.5&date=2011-11-19');
      assert.equal(t.value, want.result, lang);
      const [expected, bare] = await p.page.evaluate(([l, v]) => [new Intl.NumberFormat(l, {
        style: 'currency', currency: 'EUR', currencyDisplay: 'name', minimumFractionDigits: 2, maximumFractionDigits: 2,
      }).format(v), /^M/.test(new Intl.DateTimeFormat(l, { month: 'long' }).format(0))], [lang, want.result]);
      if (bare) {
        // This browser has no data for the language (Debian's Chromium for kk): the
        // number as the language writes it (Node's full ICU), the server's name.
        assert.equal(lang, 'kk');
        const answer = await api(kurs.url, `/v1/widget?lang=${lang}&date=2011-11-19`);
        const name = answer.options.find((o) => o.code === 'EUR').name;
        assert.equal(t.output, `${new Intl.NumberFormat(lang, { minimumFractionDigits: 2 }).format(want.result)} ${name}`, lang);
      } else assert.equal(t.output, expected, lang);
      assert.equal(t.rate, `1 USD = ${tableNumber(want.rate, lang)} EUR`, lang);
      await p.page.getByRole('button', { name: words.swap }).click();
      await waitForResult(p.page, (await api(kurs.url, '/v1/convert?from=EUR&to=USD&amount=2500.5&date=2011-11-19')).result);
      assert.deepEqual(p.errors, [], lang);
    } finally {
      await p.close();
    }
  }
});

test('the rate line shows at most 6 significant digits', async () => {
  const url = host.page(hostHtml(kurs.url, `<kurs-converter lang="ru" from="RUB" to="USD" amount="1000" ${PINNED}></kurs-converter>`));
  const p = await openPage(browser, url);
  try {
    await rendered(p.page);
    const want = await api(kurs.url, '/v1/convert?from=RUB&to=USD&amount=1000&date=2011-11-19');
    assert.ok(want.rate.replace(/^0\.0*/, '').length > 6, `the API's rate ${want.rate} has more digits`);
    const t = await widgetTexts(p.page);
    assert.equal(t.rate, `1 RUB = ${tableNumber(want.rate, 'ru')} USD`);
    assert.match(t.rate, /^1 RUB = 0,0\d{6} USD$/);
  } finally {
    await p.close();
  }
});

test('names wrap at a word, never clipped, at 240, 300 and 400 px, light and dark; IDR in EUR shows whole', async () => {
  const el = (lang, theme) => `<kurs-converter lang="${lang}" theme="${theme}" symbols="USD,GBP,JPY,CHF,RUB,IDR" from="EUR" to="IDR" ${PINNED}></kurs-converter>`;
  const table = await api(kurs.url, `${RATES}&base=EUR&symbols=IDR`);
  for (const width of [240, 300, 400]) {
    for (const [lang, theme] of [['en', 'light'], ['ru', 'dark'], ['de', 'light']]) {
      const html = hostHtml(kurs.url, el(lang, theme)).replace('<body>', '<body style="margin:0">');
      const p = await openPage(browser, host.page(html), { viewport: { width, height: 900 } });
      try {
        await rendered(p.page);
        const got = await p.page.evaluate(() => {
          const root = document.querySelector('kurs-converter').shadowRoot;
          const box = root.querySelector('.k');
          const clipped = [...root.querySelectorAll('tbody th, tbody td, output, .rate, footer p, label, button')]
            .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
            .map((e) => `${e.tagName} "${e.textContent}" ${e.scrollWidth}x${e.scrollHeight} > ${e.clientWidth}x${e.clientHeight}`);
          // A name's words are whole: each line break falls between words.
          const cut = [...root.querySelectorAll('.nm')].filter((n) => {
            const r = document.createRange();
            const text = n.firstChild;
            let top = null;
            for (let i = 0; i < text.length; i++) {
              r.setStart(text, i);
              r.setEnd(text, i + 1);
              const t = r.getBoundingClientRect().top;
              if (top !== null && t > top + 2 && !/\s/.test(text.data[i - 1]) && !/\s/.test(text.data[i])) return true;
              top = t;
            }
            return false;
          }).map((n) => n.textContent);
          // A closed select: the code alone, or code and name when they fit.
          const ctx = document.createElement('canvas').getContext('2d');
          const selects = [...root.querySelectorAll('select')].map((s) => {
            const o = s.options[s.selectedIndex];
            ctx.font = getComputedStyle(s).font;
            return { text: o.textContent, code: o.value, fits: ctx.measureText(o.textContent).width <= s.clientWidth - 24 };
          });
          return { clipped, cut, selects, overflow: box.scrollWidth - box.clientWidth, idr: root.querySelector('tr[data-code=IDR] .r').textContent };
        });
        const label = `${width} px ${lang} ${theme}`;
        assert.deepEqual(got.clipped, [], label);
        assert.deepEqual(got.cut, [], label);
        assert.equal(got.overflow, 0, label);
        assert.equal(got.idr, tableNumber(table.rates.IDR, lang), label);
        for (const s of got.selects) {
          assert.ok(s.text === s.code || (s.text.startsWith(`${s.code} \u2014 `) && s.fits), `${label}: ${JSON.stringify(s)}`);
        }
        if (width === 400) assert.ok(got.selects.some((s) => s.text !== s.code), `${label}: names shown when they fit`);
        fs.mkdirSync(SCREENSHOTS, { recursive: true });
        await p.page.locator('kurs-converter').screenshot({ path: path.join(SCREENSHOTS, `widget-${width}-${lang}-${theme}.png`) });
        assert.deepEqual(p.errors, [], label);
      } finally {
        await p.close();
      }
    }
  }
});

test('a server-rendered shadow root is enhanced in place: no request, no layout shift, and it converts', async () => {
  // The markup the script builds is the contract's; served inline it is what the server renders.
  const attrs = `from="EUR" to="USD" amount="250" ${PINNED}`;
  const first = await openPage(browser, host.page(hostHtml(kurs.url, `<kurs-converter ${attrs}></kurs-converter>`)));
  let markup;
  try {
    await rendered(first.page);
    markup = await first.page.evaluate(() => document.querySelector('kurs-converter').shadowRoot.innerHTML);
  } finally {
    await first.close();
  }
  const en = await wordsOf('en');
  const words = JSON.stringify(en).replace(/&/g, '&amp;').replace(/'/g, '&#39;');
  const css = fs.readFileSync(new URL('../../src/web/widget.css', import.meta.url), 'utf8');
  const ssr = markup.replace('<div class="k" part="box">', `<div class="k" part="box" data-words='${words}'>`);
  assert.notEqual(ssr, markup);
  const body = `<p>Article</p><kurs-converter ${attrs}><template shadowrootmode="open"><style>${css}</style>${ssr}</template></kurs-converter><p>More</p>`;
  const url = host.page(hostHtml(kurs.url, body));
  const p = await openPage(browser, null);
  try {
    await p.page.addInitScript(() => {
      window.__shift = 0;
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__shift += e.value; })
        .observe({ type: 'layout-shift', buffered: true });
    });
    await p.page.goto(url);
    await rendered(p.page);
    await p.page.waitForTimeout(500);
    assert.equal(p.requests.filter((u) => u.includes('/v1/')).length, 0, 'no API call before or after the first paint');
    assert.equal(await p.page.evaluate(() => window.__shift), 0, 'cumulative layout shift');
    const before = await p.page.evaluate(() => document.querySelector('kurs-converter').shadowRoot.querySelector('.k').innerHTML);
    assert.ok(before.includes('data-value="'), 'the server\'s result is kept');
    await p.page.getByRole('textbox', { name: 'Amount' }).fill('77');
    await waitForResult(p.page, (await api(kurs.url, '/v1/convert?from=EUR&to=USD&amount=77&date=2011-11-19')).result);
    await p.page.getByRole('button', { name: 'Swap currencies' }).click();
    await waitForResult(p.page, (await api(kurs.url, '/v1/convert?from=USD&to=EUR&amount=77&date=2011-11-19')).result);
    await p.page.getByRole('textbox', { name: 'Amount' }).press('Enter');
    await p.page.getByRole('button', { name: en.convert, exact: true }).click();
    await p.page.waitForTimeout(200);
    assert.equal(p.page.url(), url, 'the form\'s submit never navigates the host page');
    assert.equal((await widgetTexts(p.page)).from, 'USD', 'Enter converts, it does not press the swap button');
    // An attribute change reloads it from the API.
    await p.page.evaluate(() => document.querySelector('kurs-converter').setAttribute('to', 'JPY'));
    await waitForResult(p.page, (await api(kurs.url, '/v1/convert?from=EUR&to=JPY&amount=250&date=2011-11-19')).result);
    assert.equal(p.requests.filter((u) => u.includes('/v1/widget?')).length, 1);
    assert.deepEqual(p.errors, []);
  } finally {
    await p.close();
  }
});

test('a server-rendered root the script reaches while the parser is still inside it is enhanced once it is whole', async () => {
  // The script is async: it may run while the parser has written only part
  // of a declarative shadow root (here the host pauses 600 ms before the
  // form). The box must neither be enhanced half-parsed nor replaced.
  const attrs = `from="EUR" to="USD" amount="250" ${PINNED}`;
  const server = await fetch(`${kurs.url}/widget?from=EUR&to=USD&amount=250&date=2011-11-19`).then((r) => r.text());
  const element = server.slice(server.indexOf('<kurs-converter'), server.indexOf('</kurs-converter>') + '</kurs-converter>'.length);
  assert.match(element, /<template shadowrootmode="open">/);
  const url = host.page(hostHtml(kurs.url, `<p>Article</p>${element}<p>More</p>`), {}, { before: '<form', ms: 600 });
  const p = await openPage(browser, null);
  try {
    await p.page.goto(url, { waitUntil: 'commit' });
    await rendered(p.page);
    const state = await p.page.evaluate(() => {
      const root = document.querySelector('kurs-converter').shadowRoot;
      return { boxes: root.querySelectorAll('.k').length, forms: root.querySelectorAll('form').length,
        words: !!root.querySelector('.k[data-words]'), templates: document.querySelectorAll('kurs-converter template').length };
    });
    assert.deepEqual(state, { boxes: 1, forms: 1, words: true, templates: 0 }, 'one whole server box, enhanced');
    assert.equal(p.requests.filter((u) => u.includes('/v1/')).length, 0, 'no API call for the first render');
    await p.page.getByRole('textbox', { name: 'Amount' }).fill('77');
    await waitForResult(p.page, (await api(kurs.url, '/v1/convert?from=EUR&to=USD&amount=77&date=2011-11-19')).result);
    assert.deepEqual(p.errors, []);
  } finally {
    await p.close();
  }
});

test('the /widget page\'s server-rendered box is enhanced in place: no API call, no layout shift, conversions by /v1/convert', async () => {
  for (const lang of ['en', 'ru']) {
    const p = await openPage(browser, null, { viewport: { width: 300, height: 800 } });
    try {
      await p.page.addInitScript(() => {
        window.__shift = 0;
        new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__shift += e.value; })
          .observe({ type: 'layout-shift', buffered: true });
      });
      await p.page.goto(`${kurs.url}/widget?lang=${lang}&date=2011-11-18&amount=100&from=USD&to=RUB&symbols=USD,GBP,JPY,IDR`);
      const server = await p.page.evaluate(() => document.querySelector('kurs-converter').shadowRoot.querySelector('output').outerHTML);
      await rendered(p.page);
      await p.page.waitForTimeout(500);
      assert.equal(p.requests.filter((u) => u.includes('/v1/')).length, 0, `${lang}: no API call for the first render`);
      assert.equal(await p.page.evaluate(() => window.__shift), 0, `${lang}: cumulative layout shift`);
      const t = await widgetTexts(p.page);
      assert.equal(t.value, '3081.20');
      assert.equal(t.output.startsWith(lang === 'ru' ? '3\u00a0081,20' : '3,081.20'), true, t.output);
      assert.equal(await p.page.evaluate(() => document.querySelector('kurs-converter').shadowRoot.querySelector('output').outerHTML), server,
        'the script did not re-render the server\'s result');
      const words = await wordsOf(lang);
      await p.page.getByRole('textbox', { name: words.amount }).fill('250');
      const want = await api(kurs.url, '/v1/convert?from=USD&to=RUB&amount=250&date=2011-11-18');
      await waitForResult(p.page, want.result);
      await p.page.getByRole('button', { name: words.swap }).click();
      await waitForResult(p.page, (await api(kurs.url, '/v1/convert?from=RUB&to=USD&amount=250&date=2011-11-18')).result);
      assert.equal(new URL(p.page.url()).searchParams.get('swap'), null, 'the script swapped in place, no navigation');
      assert.deepEqual(p.errors, []);
    } finally {
      await p.close();
    }
  }
});

test('each key rate has its trend line from the answer: 64×20, labelled in words, coloured by its direction, in both forms', async () => {
  const q = 'base=EUR&symbols=USD,GBP,JPY&date=2011-11-18&lang=en';
  const answer = await api(kurs.url, `/v1/widget?${q}`);
  assert.ok(answer.rows.every((r) => r.trend), 'the bundled history has 30 publications before 2011-11-18');
  const el = host.page(hostHtml(kurs.url, '<kurs-converter symbols="USD,GBP,JPY" date="2011-11-18"></kurs-converter>'));
  for (const url of [el, `${kurs.url}/widget?${q}`]) {
    const p = await openPage(browser, url);
    try {
      await rendered(p.page);
      const lines = await p.page.evaluate(() => [...document.querySelector('kurs-converter').shadowRoot.querySelectorAll('tbody tr')].map((tr) => {
        const svg = tr.querySelector('.sp svg');
        const k = tr.closest('.k');
        const probe = (cls) => { const s = document.createElement('span'); s.className = cls; k.append(s); const c = getComputedStyle(s).color; s.remove(); return c; };
        return {
          code: tr.dataset.code, cls: tr.querySelector('.sp').className, box: [svg.getAttribute('viewBox'), svg.getAttribute('width'), svg.getAttribute('height')],
          role: svg.getAttribute('role'), label: svg.getAttribute('aria-label'), d: svg.querySelector('path').getAttribute('d'),
          stroke: getComputedStyle(svg.querySelector('path')).stroke, fill: getComputedStyle(svg.querySelector('path')).fill,
          up: probe('up'), down: probe('down'), same: probe('same'),
        };
      }));
      assert.deepEqual(lines.map((l) => l.code), ['USD', 'GBP', 'JPY'], url);
      for (const [i, l] of lines.entries()) {
        const t = answer.rows[i].trend;
        assert.deepEqual(l.box, ['0 0 64 20', '64', '20'], url);
        assert.equal(l.role, 'img');
        assert.equal(l.label, t.label, url);
        assert.match(l.label, /\d+ days?$/);
        assert.equal(l.d, t.d, url);
        assert.equal(l.cls, `sp ${t.direction}`, url);
        assert.equal(l.stroke, l[t.direction], `${url} ${l.code}: the line is drawn in its direction's colour`);
        assert.equal(l.fill, 'none');
      }
      assert.deepEqual(p.errors, []);
    } finally {
      await p.close();
    }
  }
});
