// One question, every front end, one number: the CLI, GET and POST
// /v1/convert, /frankfurter (its rounding to 2 decimals between 80 and 5000
// matches the target's minor units here) and the widget in a real browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  KURS_BIN, startKurs, launchBrowser, startHost, hostHtml, api, openPage, rendered, waitForResult,
  widgetTexts, plainNumber,
} from './helpers.mjs';

let kurs;
let browser;
let host;

before(async () => {
  [kurs, browser, host] = await Promise.all([startKurs(), launchBrowser(), startHost()]);
});

after(async () => {
  await Promise.all([browser && browser.close(), host && host.close(), kurs && kurs.stop()]);
});

const DATE = '2011-11-18';
const QUESTIONS = [
  ['1234.56789', 'EUR', 'USD'],
  ['2500', 'USD', 'GBP'],
  ['99.99', 'CHF', 'SEK'],
];

function cli(amount, from, to) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kurs-cli-'));
  try {
    const out = execFileSync(KURS_BIN, ['convert', amount, from, to, '--date', DATE, '--json'], {
      env: { ...process.env, KURS_OFFLINE: '1', KURS_DATA_DIR: dataDir },
    });
    return JSON.parse(out.toString()).result;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function post(amount, from, to) {
  const r = await fetch(`${kurs.url}/v1/convert`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ from, to, amount, date: DATE }]),
  });
  assert.equal(r.status, 200);
  return (await r.json())[0].result;
}

/** What the widget shows for `amount`: waits (10 s at most) until its
 * output settles on `expected`, then returns the output's value and its
 * visible text read back as a plain number. */
async function widget(amount, from, to, expected) {
  const html = hostHtml(kurs.url, `<kurs-converter from="${from}" to="${to}" date="${DATE}"></kurs-converter>`);
  const p = await openPage(browser, host.page(html));
  try {
    await rendered(p.page);
    await p.page.getByRole('textbox', { name: 'Amount' }).fill(amount);
    await waitForResult(p.page, expected).catch(() => {});
    const value = await p.page.evaluate(() => document.querySelector('kurs-converter').shadowRoot.querySelector('output').dataset.value);
    const texts = await widgetTexts(p.page);
    assert.deepEqual(p.errors, []);
    return [value, plainNumber(texts.output, 'en')];
  } finally {
    await p.close();
  }
}

test('the CLI, GET and POST /v1/convert, /frankfurter and the widget give the same number', async () => {
  for (const [amount, from, to] of QUESTIONS) {
    const get = (await api(kurs.url, `/v1/convert?from=${from}&to=${to}&amount=${amount}&date=${DATE}`)).result;
    const frank = await api(kurs.url, `/frankfurter/${DATE}?amount=${amount}&from=${from}&to=${to}`);
    const [shown, read] = await widget(amount, from, to, get);
    const answers = {
      cli: cli(amount, from, to),
      get,
      post: await post(amount, from, to),
      widget: shown,
      widgetText: read,
    };
    for (const [who, value] of Object.entries(answers)) {
      assert.equal(value, get, `${amount} ${from} in ${to}: ${who} says ${value}, GET says ${get}`);
    }
    assert.equal(frank.rates[to], Number(get), `${amount} ${from} in ${to}: /frankfurter`);
  }
});
