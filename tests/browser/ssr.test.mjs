// The iframe page /widget with JavaScript disabled: the server renders the
// whole box into a declarative shadow root, and its converter is a plain
// GET form that the server answers with the exact /v1/convert result.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKurs, launchBrowser } from './helpers.mjs';

let kurs;
let browser;

before(async () => {
  [kurs, browser] = await Promise.all([startKurs(), launchBrowser()]);
});

after(async () => {
  await Promise.all([browser && browser.close(), kurs && kurs.stop()]);
});

/** Opens `/widget?{query}` in a context without JavaScript, converts 100
 * USD to RUB with the form as a reader would, and returns the result's
 * text and value, the URL it landed on, the title and the rows. */
async function convertWithoutScript(query) {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 400, height: 700 } });
  try {
    const page = await context.newPage();
    await page.goto(`${kurs.url}/widget?${query}`);
    const box = page.locator('kurs-converter');
    // Declarative shadow DOM: locators pierce the open root without JS.
    await box.locator('table tbody tr').first().waitFor();
    const amount = box.locator('input#a');
    await amount.fill('100');
    await box.locator('select#f').selectOption('USD');
    await box.locator('select#t').selectOption('RUB');
    await Promise.all([page.waitForURL(/amount=100/), box.locator('button.go').click()]);
    const output = box.locator('output');
    return {
      text: await output.innerText(),
      value: await output.getAttribute('data-value'),
      url: page.url(),
      title: await page.title(),
      rows: await box.locator('tbody tr').count(),
    };
  } finally {
    await context.close();
  }
}

test('with JavaScript off, the form converts 100 USD to RUB in Russian: 3 081,20', async () => {
  const r = await convertWithoutScript('lang=ru&date=2011-11-18');
  assert.equal(r.value, '3081.20');
  assert.match(r.text, /^3\u00a0081,20 /, r.text);
  assert.match(r.text, /российск/, r.text);
  assert.equal(r.title, 'Конвертер валют');
  assert.match(r.url, /lang=ru/);
  assert.match(r.url, /date=2011-11-18/);
  assert.ok(r.rows >= 4, `${r.rows} rows`);
});

test('with JavaScript off, the form converts 100 USD to RUB in English: 3,081.20', async () => {
  const r = await convertWithoutScript('lang=en&date=2011-11-18');
  assert.equal(r.value, '3081.20');
  assert.match(r.text, /^3,081\.20 Russian rubles$/, r.text);
  assert.equal(r.title, 'Currency converter');
});

test('with JavaScript off, the swap button converts the other way', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(`${kurs.url}/widget?lang=en&date=2011-11-18&amount=100&from=USD&to=RUB`);
    const box = page.locator('kurs-converter');
    await Promise.all([page.waitForURL(/swap=1/), box.locator('button.sw').click()]);
    assert.equal(await box.locator('output').getAttribute('data-value'), '3.25');
    assert.equal(await box.locator('select#f').inputValue(), 'RUB');
    assert.equal(await box.locator('select#t').inputValue(), 'USD');
  } finally {
    await context.close();
  }
});

test('with JavaScript off, Enter in the amount field converts and never swaps', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(`${kurs.url}/widget?lang=en&date=2011-11-18&amount=100&from=USD&to=RUB`);
    const box = page.locator('kurs-converter');
    const amount = box.locator('input#a');
    await amount.fill('200');
    await Promise.all([page.waitForURL(/amount=200/), amount.press('Enter')]);
    assert.doesNotMatch(page.url(), /swap=/);
    assert.equal(await box.locator('select#f').inputValue(), 'USD');
    assert.equal(await box.locator('select#t').inputValue(), 'RUB');
    assert.equal(await box.locator('output').getAttribute('data-value'), '6162.40');
  } finally {
    await context.close();
  }
});
