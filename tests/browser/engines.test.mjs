// The widget in the three browser engines (engines.mjs): Chromium, Firefox
// ESR and WebKitGTK. In each: /demo renders the element and the iframe; typing
// an amount shows exactly /v1/convert's answer; the keyboard alone converts;
// and the result's live region changes its text once per conversion. Then
// visual snapshots of the widget (tests/browser/snapshots/<engine>/, re-recorded
// by `UPDATE_SNAPSHOTS=1 scripts/browser-test`) and first-render figures (printed).
//
// One browser per engine for the whole file, a fresh page (context) per test.
// The tests run once per MODE (the element needs its script); the iframe
// page's form with JavaScript off has its own test in every engine.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKurs, startHost, hostHtml, api, plainNumber, matchSnapshot } from './helpers.mjs';
import { ENGINES, launch } from './engines.mjs';

export const MODES = [{ name: 'js-on', javaScriptEnabled: true }];

const DATE = '2011-11-19';
const WIDTHS = [240, 300, 400];

let kurs;
let host;

before(async () => {
  [kurs, host] = await Promise.all([startKurs(), startHost()]);
});

after(async () => {
  await Promise.all([host && host.close(), kurs && kurs.stop()]);
});

/** Truthy once the index-th widget of the page (where="page") or of its
 * iframe (where="iframe") has its table and its result. */
function ready(where, index) {
  const doc = where === 'iframe' ? (document.querySelector('iframe') || {}).contentDocument : document;
  const el = doc && doc.querySelectorAll('kurs-converter')[index];
  const root = el && el.shadowRoot;
  if (!root) return false;
  const out = root.querySelector('output');
  const rates = [...root.querySelectorAll('tbody td.r')];
  return !!(out && out.dataset.value && !out.hasAttribute('aria-busy') &&
    rates.length && rates.every((td) => /\d/.test(td.textContent)));
}

/** The widget's visible state, read inside its shadow root. */
function state(where, index) {
  const doc = where === 'iframe' ? document.querySelector('iframe').contentDocument : document;
  const root = doc.querySelectorAll('kurs-converter')[index].shadowRoot;
  const out = root.querySelector('output');
  return {
    title: root.querySelector('h2').textContent,
    codes: [...root.querySelectorAll('tbody tr b')].map((b) => b.textContent),
    rates: [...root.querySelectorAll('tbody td.r')].map((td) => td.textContent),
    output: out.textContent,
    value: out.dataset.value || null,
    busy: out.hasAttribute('aria-busy'),
    live: out.getAttribute('aria-live'),
    rate: root.querySelector('.rate').textContent,
    amount: root.querySelector('#a').value,
    from: root.querySelector('#f').value,
    to: root.querySelector('#t').value,
    footer: [...root.querySelectorAll('footer p')].filter((p) => !p.hidden).map((p) => p.textContent).join(' '),
  };
}

const readyJs = (where = 'page', index = 0) => `(${ready})(${JSON.stringify(where)}, ${index})`;
const stateJs = (where = 'page', index = 0) => `(${state})(${JSON.stringify(where)}, ${index})`;

/** What has focus: "#id" or the tag name, prefixed "shadow " inside the widget's shadow root. */
const focused = () => {
  const a = document.activeElement;
  const inner = a && a.shadowRoot && a.shadowRoot.activeElement;
  const e = inner || a;
  return e ? (inner ? 'shadow ' : '') + (e.id ? '#' + e.id : e.tagName.toLowerCase()) : null;
};

/** Waits until the widget shows `want` (a /v1/convert body), then checks it shows exactly that. */
async function showsExactly(page, want, lang = 'en', where = 'page') {
  await page.waitFor(`((s) => s.value === ${JSON.stringify(want.result)} && !s.busy)(${stateJs(where)})`);
  const s = await page.evaluate(stateJs(where));
  assert.equal(s.value, want.result);
  assert.equal(plainNumber(s.output, lang), want.result, `the output's number: ${s.output}`);
  // The same text as Intl of this engine gives for the exact decimal string, with all its digits.
  const formatted = await page.evaluate((l, v, c) => {
    const d = (v.split('.')[1] || '').length;
    return new Intl.NumberFormat(l, { style: 'currency', currency: c, currencyDisplay: 'name',
      minimumFractionDigits: d, maximumFractionDigits: d }).format(v);
  }, lang, want.result, want.to);
  assert.equal(s.output, formatted);
  // The rate line: the rate, rounded for display (to 6 significant digits) at most.
  const m = /^1 ([A-Z]{3}) = (.+) ([A-Z]{3})$/.exec(s.rate);
  assert.ok(m && m[1] === want.from && m[3] === want.to, `the rate line: ${s.rate}`);
  const shown = Number(plainNumber(m[2], lang));
  assert.ok(Math.abs(shown - Number(want.rate)) <= 5e-6 * Number(want.rate), `${s.rate}: the rate is ${want.rate}`);
  return s;
}

/** Replaces the focused input's text by keys alone: End, Backspace per character, then `text`. */
async function retype(page, text) {
  const len = await page.evaluate(() => {
    const a = document.activeElement;
    return ((a.shadowRoot && a.shadowRoot.activeElement) || a).value.length;
  });
  await page.press('End');
  for (let i = 0; i < len; i++) await page.press('Backspace');
  await page.type(text);
}

const convert = (q) => api(kurs.url, `/v1/convert?${q}&date=${DATE}`);

for (const engine of ENGINES) {
  describe(engine, () => {
    let b;
    before(async () => {
      b = await launch(engine);
      console.log(`# ${engine}: ${b.version}`);
    });
    after(async () => { if (b) await b.close(); });

    for (const mode of MODES) {
      const js = mode.javaScriptEnabled;
      const open = async (url, opts = {}) => {
        const page = await b.newPage({ javaScriptEnabled: js, ...opts });
        await page.goto(url);
        return page;
      };

      test(`${mode.name}: /demo renders the widget as an element and in an iframe`, async () => {
        const page = await open(kurs.url + '/demo');
        try {
          await page.waitFor(readyJs('page'));
          const el = await page.evaluate(stateJs('page'));
          assert.equal(el.title, 'Currency converter');
          assert.deepEqual(el.codes, ['USD', 'GBP', 'JPY', 'CHF', 'RUB']);
          assert.equal(el.rates[0], '0.736594', '1 USD in EUR on 2011-11-18');
          assert.match(el.footer, /European Central Bank, 18 November 2011/);
          const want = await convert('from=EUR&to=RUB&amount=1000');
          assert.equal(el.value, want.result);

          await page.waitFor(readyJs('iframe'));
          const fr = await page.evaluate(stateJs('iframe'));
          assert.equal(fr.title, 'Currency converter');
          assert.deepEqual(fr.codes, ['USD', 'GBP', 'JPY', 'CHF']);
          const latest = await api(kurs.url, '/v1/convert?from=EUR&to=USD&amount=100');
          assert.equal(fr.value, latest.result, 'the iframe widget shows the latest conversion');
          const frameBox = await page.rect('iframe');
          assert.ok(frameBox.height > 300 && frameBox.width > 200, `the iframe has room: ${JSON.stringify(frameBox)}`);
        } finally {
          await page.close();
        }
      });

      test(`${mode.name}: typing 250 in the widget shows exactly /v1/convert's result`, async () => {
        const page = await open(kurs.url + '/demo');
        try {
          await page.waitFor(readyJs('page'));
          await page.click('kurs-converter >>> #a');
          assert.equal(await page.evaluate(focused), 'shadow #a', 'a click focuses the amount');
          await retype(page, '250');
          if (!js) await page.press('Enter');
          const s = await showsExactly(page, await convert('from=EUR&to=RUB&amount=250'));
          assert.equal(s.amount, '250');
        } finally {
          await page.close();
        }
      });

      test(`${mode.name}: the keyboard alone converts: Tab, type, arrows in both selects, swap with Enter`, async () => {
        const url = host.page(hostHtml(kurs.url,
          `<p id="intro">A paragraph, then a button, then the widget.</p><button type="button">Before</button>
           <kurs-converter from="EUR" to="USD" amount="100" date="${DATE}"></kurs-converter>`));
        const page = await open(url);
        try {
          await page.waitFor(readyJs('page'));
          await page.click('#intro'); // the document has focus, and nothing in it
          await page.press('Tab');
          assert.equal(await page.evaluate(focused), 'button', 'first Tab: the button before');
          await page.press('Tab');
          assert.equal(await page.evaluate(focused), 'shadow #a', 'second Tab: the amount');
          assert.equal((await page.evaluate(() => document.activeElement.tagName)).toLowerCase(), 'kurs-converter');
          await retype(page, '250');
          let want = await convert('from=EUR&to=USD&amount=250');
          if (js) await showsExactly(page, want);

          await page.press('Tab');
          assert.equal(await page.evaluate(focused), 'shadow #f');
          await page.press('ArrowDown');
          let s = await page.evaluate(stateJs());
          assert.notEqual(s.from, 'EUR', 'ArrowDown changed the source currency');
          const from = s.from;
          if (js) await showsExactly(page, await convert(`from=${from}&to=USD&amount=250`));

          await page.press('Tab');
          assert.match(await page.evaluate(focused), /^shadow button$/, 'then the swap button');
          await page.press('Tab');
          assert.equal(await page.evaluate(focused), 'shadow #t');
          await page.press('ArrowUp');
          s = await page.evaluate(stateJs());
          assert.notEqual(s.to, 'USD', 'ArrowUp changed the target currency');
          const to = s.to;
          if (js) await showsExactly(page, await convert(`from=${from}&to=${to}&amount=250`));

          await page.press('Shift+Tab');
          assert.match(await page.evaluate(focused), /^shadow button$/, 'Shift+Tab: back to the swap button');
          await page.press('Enter');
          want = await convert(`from=${to}&to=${from}&amount=250`);
          s = await showsExactly(page, want);
          assert.deepEqual([s.from, s.to, s.amount], [to, from, '250']);
        } finally {
          await page.close();
        }
      });

      if (js) {
        test(`${mode.name}: the live region changes its text once per conversion`, async () => {
          const url = host.page(hostHtml(kurs.url,
            `<kurs-converter from="EUR" to="USD" amount="100" date="${DATE}"></kurs-converter>`));
          const page = await open(url);
          try {
            await page.waitFor(readyJs('page'));
            assert.equal((await page.evaluate(stateJs())).live, 'polite');
            // Every text the output takes, as assistive technology would read it
            // (per mutation batch, while not aria-busy).
            await page.evaluate(() => {
              const out = document.querySelector('kurs-converter').shadowRoot.querySelector('output');
              window.__texts = [];
              let last = out.textContent;
              new MutationObserver(() => {
                if (out.hasAttribute('aria-busy') || out.textContent === last) return;
                last = out.textContent;
                window.__texts.push(last);
              }).observe(out, { childList: true, characterData: true, subtree: true, attributes: true });
            });
            const texts = () => page.evaluate(() => window.__texts);

            await page.click('kurs-converter >>> #a');
            await retype(page, '250'); // typed in one go: debounced into one conversion
            let s = await showsExactly(page, await convert('from=EUR&to=USD&amount=250'));
            await new Promise((r) => setTimeout(r, 400)); // nothing more comes
            assert.deepEqual(await texts(), [s.output], 'one text change for typing 250');

            await page.press('Tab');
            await page.press('ArrowDown'); // the source currency: one conversion
            const from = (await page.evaluate(stateJs())).from;
            s = await showsExactly(page, await convert(`from=${from}&to=USD&amount=250`));
            await new Promise((r) => setTimeout(r, 400));
            assert.equal((await texts()).length, 2, `one more text change: ${JSON.stringify(await texts())}`);
            assert.equal((await texts())[1], s.output);

            await page.click('kurs-converter >>> button[aria-label]'); // swap: one conversion
            s = await showsExactly(page, await convert(`from=USD&to=${from}&amount=250`));
            await new Promise((r) => setTimeout(r, 400));
            assert.equal((await texts()).length, 3, `one more text change: ${JSON.stringify(await texts())}`);
          } finally {
            await page.close();
          }
        });
      }
    }
    test('page options take effect: prefers-color-scheme dark (theme="auto") and JavaScript off', async () => {
      const url = host.page(hostHtml(kurs.url, `<kurs-converter theme="auto" date="${DATE}"></kurs-converter>`));
      const background = () => {
        const k = document.querySelector('kurs-converter').shadowRoot.querySelector('.k');
        return [matchMedia('(prefers-color-scheme: dark)').matches, getComputedStyle(k).backgroundColor];
      };
      for (const [colorScheme, want] of [['light', [false, 'rgb(255, 255, 255)']], ['dark', [true, 'rgb(27, 30, 35)']]]) {
        const page = await b.newPage({ colorScheme });
        try {
          await page.goto(url);
          await page.waitFor(readyJs('page'));
          assert.deepEqual(await page.evaluate(background), want, `${colorScheme}: the box's background`);
        } finally {
          await page.close();
        }
      }
      const off = await b.newPage({ javaScriptEnabled: false });
      try {
        await off.goto(url);
        await off.waitFor(() => document.readyState === 'complete');
        assert.deepEqual(await off.evaluate(() => [typeof customElements.get('kurs-converter'), document.title]),
          ['undefined', 'host'], 'no script of the page ran; the driver still reads the page');
      } finally {
        await off.close();
      }
    });

    test('JavaScript off: /widget converts with its GET form (100 USD = 3 081,20 RUB in ru, 3,081.20 in en)', async () => {
      for (const [lang, want] of [['ru', /^3\u00a0081,20 российск/], ['en', /^3,081\.20 Russian rubles$/]]) {
        const page = await b.newPage({ javaScriptEnabled: false });
        try {
          await page.goto(`${kurs.url}/widget?lang=${lang}&date=2011-11-18&from=USD&to=RUB&amount=1`);
          await page.waitFor(() => document.readyState === 'complete');
          const result = () => {
            const root = document.querySelector('kurs-converter').shadowRoot;
            const out = root && root.querySelector('output');
            return out && [location.search, out.dataset.value, out.textContent.trim()];
          };
          const before = await page.evaluate(result);
          assert.ok(before, 'the server-rendered box is there without any script');
          const one = await api(kurs.url, '/v1/convert?from=USD&to=RUB&amount=1&date=2011-11-18');
          assert.equal(before[1], one.result, 'the initial result of amount=1, as /v1/convert gives it');
          await page.click('kurs-converter >>> #a');
          await retype(page, '100');
          await page.press('Enter');
          await page.waitFor(() => /amount=100/.test(location.search) && document.readyState === 'complete');
          const [search, value, text] = await page.evaluate(result);
          assert.doesNotMatch(search, /swap=/, 'Enter converts, it does not swap');
          const hundred = await api(kurs.url, '/v1/convert?from=USD&to=RUB&amount=100&date=2011-11-18');
          assert.equal(value, hundred.result);
          assert.equal(value, '3081.20');
          assert.match(text, want);
        } finally {
          await page.close();
        }
      }
    });

    test('visual snapshots: 240, 300 and 400 px wide, light and dark, en and ru', async () => {
      const failures = [];
      const shots = [];
      let most = 0;
      for (const lang of ['en', 'ru']) {
        for (const theme of ['light', 'dark']) {
          // What varies is frozen: the date, the font (DejaVu Sans, fonts-dejavu-core),
          // the page around (no margins, one background), the pointer (away, top right).
          const bg = theme === 'dark' ? '#111418' : '#ffffff';
          const boxes = WIDTHS.map((w) => `<div style="width:${w}px;flex:none">
            <kurs-converter id="w${w}" lang="${lang}" theme="${theme}" date="2011-11-18"
              style="--kurs-font:'DejaVu Sans'"></kurs-converter></div>`).join('');
          const page = await b.newPage({ width: 1100, height: 700 });
          try {
            await page.goto(host.page(hostHtml(kurs.url,
              `<div style="display:flex;gap:16px;align-items:flex-start;padding:8px">${boxes}</div>`,
              { lang, head: `<style>html,body{margin:0;background:${bg}}</style>` })));
            await page.waitFor(() => [...document.querySelectorAll('kurs-converter')].every((el) => {
              const out = el.shadowRoot && el.shadowRoot.querySelector('output');
              return out && out.dataset.value && !out.hasAttribute('aria-busy');
            }) && document.fonts.status === 'loaded');
            await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
            await page.clickAt(1090, 690);
            for (const w of WIDTHS) {
              const name = `${w}-${theme}-${lang}`;
              const png = await page.screenshot(null, await page.rect(`#w${w}`));
              shots.push(name);
              const { pixels, why } = await matchSnapshot(engine, name, png);
              if (why) failures.push(why);
              else most = Math.max(most, pixels);
            }
          } finally {
            await page.close();
          }
        }
      }
      assert.equal(shots.length, 12);
      assert.deepEqual(failures, []);
      console.log(process.env.UPDATE_SNAPSHOTS === '1' ? `# ${engine}: wrote ${shots.length} snapshots`
        : `# ${engine}: ${shots.length} snapshots match; at most ${most} pixels differed`);
    });

    test('first render on /demo, median of 7 cold loads (printed, not asserted)', async () => {
      const runs = [];
      for (let i = 0; i < 7; i++) {
        const page = await b.newPage({ width: 1280, height: 900 }); // Chromium, Firefox: a fresh context, no HTTP cache
        try {
          await page.goto(kurs.url + '/demo');
          const marks = () => {
            const f = document.querySelector('iframe').contentWindow;
            return [performance, f.performance].map((p) => p.getEntriesByName('kurs-converter:render').length);
          };
          await page.waitFor(`(${marks})().every((n) => n > 0)`).catch(async (e) => {
            const where = await page.evaluate(`(${marks})()`).catch((x) => String(x));
            throw new Error(`${e.message}\nrender marks [page, iframe]: ${JSON.stringify(where)} (load ${i + 1})`);
          });
          runs.push(await page.evaluate(() => {
            const el = document.querySelector('kurs-converter');
            const f = document.querySelector('iframe').contentWindow.performance;
            const at = (p, name) => { const e = p.getEntriesByName(name)[0]; return e ? e.startTime : NaN; };
            return {
              element: Number(el.dataset.renderMs), // ms from the script's start to its first render
              elementNav: at(performance, 'kurs-converter:render'),
              frameFcp: at(f, 'first-contentful-paint'), // from the iframe document's navigation start
              frameMark: at(f, 'kurs-converter:render'),
            };
          }));
        } finally {
          await page.close();
        }
      }
      const median = (k) => {
        const xs = runs.map((r) => r[k]).filter((x) => Number.isFinite(x)).sort((x, y) => x - y);
        return xs.length ? `${xs[xs.length >> 1].toFixed(1)} ms` : 'n/a';
      };
      const cache = engine === 'webkit' ? ' (one WebDriver session: the HTTP cache is shared, so warm)' : '';
      console.log(`# ${engine} first render on /demo, median of ${runs.length} loads${cache}: ` +
        `element form ${median('element')} from script start (${median('elementNav')} from navigation start); ` +
        `iframe form ${median('frameMark')} to the render mark, first-contentful-paint ${median('frameFcp')}, ` +
        'from the iframe document\'s navigation start');
      assert.equal(runs.length, 7);
    });
  });
}
