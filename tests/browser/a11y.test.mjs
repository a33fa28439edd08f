// Accessibility of the widget with axe-core (tests/browser/node_modules/axe-core,
// pinned), in every engine of engines.mjs: /demo, the /widget iframe page and a
// host page with the element, in the light and the dark theme. axe walks into
// the open shadow root by itself; the /demo iframe is /widget, checked on its own.
// Zero violations of any rule axe runs by default (WCAG 2.x A and AA, and its
// best practices), colour contrast included.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { startKurs, startHost, hostHtml } from './helpers.mjs';
import { ENGINES, launch } from './engines.mjs';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_VERSION = JSON.parse(fs.readFileSync(new URL('./node_modules/axe-core/package.json', import.meta.url))).version;
const DATE = '2011-11-19';

let kurs;
let host;

before(async () => {
  [kurs, host] = await Promise.all([startKurs(), startHost()]);
});

after(async () => {
  await Promise.all([host && host.close(), kurs && kurs.stop()]);
});

/** Truthy once every widget on the page has its table and its result. */
function ready() {
  const all = [...document.querySelectorAll('kurs-converter')];
  return all.length > 0 && all.every((el) => {
    const root = el.shadowRoot;
    const out = root && root.querySelector('output');
    return out && out.dataset.value && !out.hasAttribute('aria-busy') &&
      [...root.querySelectorAll('tbody td.r')].every((td) => /\d/.test(td.textContent));
  });
}

/** Injects axe (evaluated as a script of the page's own realm, which a CSP
 * of script-src 'self' does not stop for the driver) and runs it. */
async function axeViolations(page, disabled = []) {
  await page.evaluate(`(() => { if (!window.axe) { ${AXE}\n } return !!window.axe; })()`);
  assert.ok(await page.evaluate('!!window.axe'), 'axe is on the page');
  const result = await page.evaluate(`axe.run(document, { iframes: false, resultTypes: ['violations'],
      rules: Object.fromEntries(${JSON.stringify(disabled)}.map((id) => [id, { enabled: false }])) })
    .then((r) => ({ ok: r.passes.length, violations: r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })),
    })) }))`);
  assert.ok(result.ok > 10, `axe ran its rules (${result.ok} passed)`);
  return result.violations;
}

const PAGE_LEVEL = ['landmark-one-main', 'page-has-heading-one', 'region'];

const HOST_STYLE = {
  light: '',
  dark: '<style>html{background:#111418;color:#e8eaed;color-scheme:dark}</style>',
};

for (const engine of ENGINES) {
  describe(engine, () => {
    let b;
    before(async () => {
      b = await launch(engine);
      console.log(`# ${engine}: ${b.version}, axe-core ${AXE_VERSION}`);
    });
    after(async () => { if (b) await b.close(); });

    const check = async (url, disabled) => {
      const page = await b.newPage({ width: 1280, height: 900 });
      try {
        await page.goto(url);
        await page.waitFor(ready);
        const violations = await axeViolations(page, disabled);
        const text = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
          v.nodes.map((n) => `    ${JSON.stringify(n.target)}: ${n.summary.replace(/\s+/g, ' ')}`).join('\n')).join('\n');
        assert.deepEqual(violations.map((v) => v.id), [], `axe violations on ${url}:\n${text}`);
      } finally {
        await page.close();
      }
    };

    test('axe sees into the shadow root: a host colour too pale for the names is a violation there', async () => {
      const page = await b.newPage({ width: 1280, height: 900 });
      try {
        await page.goto(host.page(hostHtml(kurs.url, `<main><h1>Rates</h1>
          <kurs-converter date="${DATE}" style="--kurs-muted:#c8c8c8"></kurs-converter></main>`)));
        await page.waitFor(ready);
        const v = (await axeViolations(page)).find((x) => x.id === 'color-contrast');
        assert.ok(v, 'a color-contrast violation');
        const targets = v.nodes.map((n) => n.target);
        assert.ok(targets.some((t) => t.flat()[0] === 'kurs-converter' && /label\[for="a"\]/.test(t.flat()[1])),
          `inside the shadow root: ${JSON.stringify(targets)}`);
      } finally {
        await page.close();
      }
    });

    test('/demo (the element; its iframe is /widget below): no axe violations', () => check(kurs.url + '/demo'));

    for (const theme of ['light', 'dark']) {
      // /widget is a document for an iframe (robots: noindex, indexifembedded): the
      // rules about a whole page's structure are the host page's to meet, and axe
      // itself applies them to the top document only when it walks into frames.
      test(`/widget, ${theme} theme: no axe violations (but the page-level rules)`, () =>
        check(`${kurs.url}/widget?base=EUR&symbols=USD,GBP,JPY,CHF&from=EUR&to=USD&amount=100&date=${DATE}&theme=${theme}`,
          PAGE_LEVEL));

      test(`a host page with the element, ${theme} theme, en and ru: no axe violations`, () =>
        check(host.page(hostHtml(kurs.url, `<main><h1>Rates</h1>
          <kurs-converter theme="${theme}" date="${DATE}" symbols="USD,GBP,JPY,CHF,RUB"></kurs-converter>
          <kurs-converter theme="${theme}" date="${DATE}" lang="ru" from="USD" to="RUB"></kurs-converter></main>`,
        { head: HOST_STYLE[theme] }))));
    }
  });
}
