/*
 * <kurs-converter>: the embeddable currency widget of kurs (the README has
 * the snippet, the attributes, the --kurs-* CSS properties, the host CSP).
 *
 * One IIFE, no globals, defined once, async-safe. Open shadow root styled
 * by one constructable stylesheet (host CSS cannot reach in; a host CSP of
 * style-src 'self' allows it). DOM by createElement; API data as text only.
 * Exact: the API's decimal strings are formatted as strings (the table's
 * rates, priced in the base by invert=true, rounded for display only), and
 * every conversion is a /v1/convert (no money arithmetic here). Requests:
 * one /v1/rates?change=true&invert=true, shared by a page's widgets, plus
 * one debounced, abortable /v1/convert per input. The skeleton renders at
 * once, so data or failure never moves the box.
 * performance.mark('kurs-converter:render') and data-render-ms (ms since the
 * script started) time the first render.
 */
(() => {
  'use strict';
  if (!window.customElements || customElements.get('kurs-converter')) return;

  const T0 = performance.now();
  const NAME = 'kurs-converter';
  const ATTRS = ['base', 'symbols', 'amount', 'from', 'to', 'source', 'date', 'lang', 'theme', 'api'];
  const DASH = '\u2014';

  // Default API: where this script came from.
  const script = document.currentScript || document.querySelector('script[src$="/widget.js"]');
  const API = script && script.src ? new URL('.', script.src).href : location.origin + '/';

  const STR = {
    en: {
      title: 'Currency converter', currency: 'Currency', priced: 'in ', change: 'Change', up: 'up', down: 'down',
      same: 'unchanged', amount: 'Amount', from: 'From', to: 'To', swap: 'Swap currencies',
      hint: 'Enter a number, such as 1234.56', cannot: 'This amount cannot be converted.',
      unavailable: 'Rates are unavailable right now.', noDate: 'No rates for this date.',
      unknown: 'Unknown currency: ', noRate: 'No rate for ', stale: 'Rates may be out of date.',
      shown: (req, eff) => `No rates were published on ${req}; showing those of ${eff}.`,
      pub: {},
    },
    ru: {
      title: 'Конвертер валют', currency: 'Валюта', priced: 'в ', change: 'Изм.', up: 'рост', down: 'снижение',
      same: 'без изменений', amount: 'Сумма', from: 'Из', to: 'В', swap: 'Поменять валюты местами',
      hint: 'Введите число, например 1234,56', cannot: 'Эту сумму невозможно пересчитать.',
      unavailable: 'Курсы сейчас недоступны.', noDate: 'Нет курсов на эту дату.',
      unknown: 'Неизвестная валюта: ', noRate: 'Нет курса: ', stale: 'Курсы могут быть устаревшими.',
      shown: (req, eff) => `${req} курсы не публиковались; показаны курсы на ${eff}`,
      pub: { ecb: 'Европейский центральный банк', cbr: 'Банк России', nbp: 'Национальный банк Польши', cnb: 'Чешский национальный банк' },
    },
  };

  const CSS = "__KURS_CSS__"; // src/web/widget.css, put in by the server


  let sheet;
  const adopt = (root) => {
    if ('adoptedStyleSheets' in root) {
      if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else root.append(h('style', {}, CSS)); // old browsers
  };

  // createElement; string children become text nodes.
  const h = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const k in attrs) if (attrs[k] != null) e.setAttribute(k, attrs[k]);
    e.append(...kids.filter((k) => k != null));
    return e;
  };

  // Intl objects are costly: make each once.
  const made = new Map();
  const intl = (kind, loc, opts) => {
    const key = kind + loc + JSON.stringify(opts);
    if (!made.has(key)) made.set(key, new Intl[kind](loc, opts));
    return made.get(key);
  };

  // A decimal string, formatted exactly with all its decimals.
  const nf = (loc, s, opts) => {
    const d = (s.split('.')[1] || '').length;
    return intl('NumberFormat', loc, { ...opts, minimumFractionDigits: d, maximumFractionDigits: d });
  };
  const fmt = (loc, s, opts) => nf(loc, s, opts).format(s);
  // For display only: 6 significant digits, never fewer than the integer part.
  const sig = (loc, s, opts) => intl('NumberFormat', loc,
    { ...opts, maximumSignificantDigits: Math.min(21, Math.max(6, s.replace(/^-|\..*/g, '').length)) }).format(s);

  // "18 November 2011", also for plain "en".
  const fmtDate = (loc, iso) => intl('DateTimeFormat', loc === 'en' ? 'en-GB' : loc,
    { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(iso + 'T00:00:00Z'));

  // The currency's name, or undefined if unknown.
  const currencyName = (loc, code) => {
    try { return intl('DisplayNames', loc, { type: 'currency', fallback: 'none' }).of(code); } catch (e) { /* bad code */ }
  };

  const dot = (s) => (/\.$/.test(s) ? s : s + '.');

  // Typed text -> the API's -?digits(.digits)?, or null.
  const parseAmount = (loc, text) => {
    let s = text.replace(/[\s'\u00a0\u202f]/g, '').replace(/^[\u2212\u2013]/, '-');
    if (intl('NumberFormat', loc).formatToParts(1.5)[1].value === ',') s = s.replace(',', '.');
    else if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
    s = s.replace(/^(-?)\./, '$10.').replace(/\.$/, '');
    return /^-?\d+(\.\d+)?$/.test(s) ? s : null;
  };

  // Rejects with {status, code, detail} or {net: true}.
  const getJSON = (url, signal) => fetch(url, { signal, credentials: 'omit' }).then(
    (r) => r.json().catch(() => null).then((body) => {
      if (r.ok && body) return body;
      throw { status: r.status, code: body && body.code, detail: body && body.detail };
    }),
    (e) => { throw e.name === 'AbortError' ? e : { net: true }; });

  // A page's widgets share one request per table.
  const tables = new Map();
  const getTable = (url) => {
    if (!tables.has(url)) tables.set(url, getJSON(url).catch((e) => { tables.delete(url); throw e; }));
    return tables.get(url);
  };

  const warn = (text) => console.warn(`${NAME}: ${text}`);
  let marked = false;

  class KursConverter extends HTMLElement {
    static observedAttributes = ATTRS;

    constructor() {
      super();
      adopt(this.attachShadow({ mode: 'open' }));
      this._gen = 0;
    }

    connectedCallback() { this._schedule(); }
    disconnectedCallback() { this._gen++; this._abort(); }
    attributeChangedCallback() { if (this.isConnected) this._schedule(); }

    // Attributes changed together: one reload.
    _schedule() {
      if (this._queued) return;
      this._queued = true;
      queueMicrotask(() => {
        this._queued = false;
        if (this.isConnected) this._load();
      });
    }

    _abort() {
      clearTimeout(this._timer);
      if (this._ctl) this._ctl.abort();
    }

    _config() {
      const a = (n, d) => (this.getAttribute(n) || '').trim() || d;
      let loc = a('lang', (this.closest('[lang]') || document.documentElement).lang || 'en');
      try { loc = STR[loc.slice(0, 2).toLowerCase()] ? Intl.getCanonicalLocales(loc)[0] : 'en'; } catch (e) { loc = 'en'; }
      const base = a('base', 'EUR').toUpperCase();
      const symbols = a('symbols', 'USD,GBP,JPY,CHF').toUpperCase().split(/[\s,]+/)
        .filter((c, i, all) => c && c !== base && all.indexOf(c) === i);
      // A path such as "/" names the page's own server.
      let api = a('api', API);
      try { api = new URL(api, document.baseURI).href; } catch (e) { /* _url fails: the failure message */ }
      const from = a('from', base).toUpperCase();
      return {
        loc, s: STR[loc.slice(0, 2).toLowerCase()], base, symbols,
        from, to: a('to', symbols.find((x) => x !== from) || base).toUpperCase(),
        amount: a('amount', '100'), source: a('source'), date: a('date'),
        api: /\/$/.test(api) ? api : api + '/',
      };
    }

    _url(path, params) {
      const { api, date, source } = this._c;
      const u = new URL(path, api);
      Object.entries({ ...params, date, source }).forEach(([k, v]) => v && u.searchParams.set(k, v));
      return u.href;
    }

    _load() {
      const gen = ++this._gen;
      this._abort();
      const c = this._c = this._config();
      this._data = null;
      this._msgs = [];
      const table = getTable(this._url('v1/rates', { base: c.base, change: 'true', invert: 'true' }));
      this._build();
      this._convert();
      table.then(
        (d) => gen === this._gen && this._render(d),
        (e) => gen === this._gen && this._tableFailed(e));
    }

    // The whole box before any data, so it never moves.
    _build() {
      const c = this._c, s = c.s;
      this._rows = {};
      const rows = c.symbols.map((code) => {
        const name = currencyName(c.loc, code);
        const r = this._rows[code] = { rate: h('td', { class: 'r' }, DASH), change: h('td', {}, DASH) };
        return h('tr', {}, h('th', { scope: 'row', title: name }, h('b', {}, code), h('span', { class: 'nm' }, name)),
          r.rate, r.change);
      });
      const col = (t) => h('th', { scope: 'col' }, t);

      this._msg = h('p', { class: 'msg', role: 'status', hidden: '' });
      this._input = h('input', { id: 'a', inputmode: 'decimal', autocomplete: 'off', maxlength: '40' });
      this._input.value = c.amount;
      this._hint = h('p', { id: 'hint', class: 'hint', hidden: '' });
      this._from = h('select', { id: 'f' });
      this._to = h('select', { id: 't' });
      const swap = h('button', { type: 'button', 'aria-label': s.swap, title: s.swap },
        h('span', { 'aria-hidden': 'true' }, '\u21c5'));
      this._out = h('output', { for: 'a f t', 'aria-live': 'polite' }, DASH);
      this._rate = h('p', { class: 'rate' }, '\u00a0');
      this._attrib = h('p', {}, '\u00a0');
      this._info = h('p', { hidden: '' });
      this._stale = h('p', { class: 'msg', hidden: '' }, s.stale);

      this._fill([c.base, c.from, c.to, ...c.symbols]);
      this._input.addEventListener('input', () => {
        clearTimeout(this._timer);
        this._timer = setTimeout(() => this._convert(), 250); // debounce
      });
      this._input.addEventListener('keydown', (e) => e.key === 'Enter' && this._convert());
      this._from.addEventListener('change', () => this._convert());
      this._to.addEventListener('change', () => this._convert());
      swap.addEventListener('click', () => {
        [this._from.value, this._to.value] = [this._to.value, this._from.value];
        this._convert();
      });

      this.shadowRoot.replaceChildren(...this.shadowRoot.querySelectorAll('style'), h('div', { class: 'k', part: 'box' },
        h('h2', {}, s.title),
        this._msg,
        h('table', {}, h('thead', {}, h('tr', {}, col(s.currency), col(s.priced + c.base), col(s.change))),
          h('tbody', {}, ...rows)),
        h('div', { class: 'cv' },
          h('label', { for: 'a' }, s.amount), this._input, this._hint,
          h('label', { for: 'f' }, s.from), this._from, swap,
          h('label', { for: 't' }, s.to), this._to),
        h('div', {}, this._out, this._rate),
        h('footer', {}, this._attrib, this._info, this._stale)));
    }

    // Both selects: these currencies, the configured pair.
    _fill(codes) {
      const { loc, from, to } = this._c;
      const opts = [...new Set(codes)].sort().map((code) => {
        const name = currencyName(loc, code);
        return [code, name ? `${code} \u2014 ${name}` : code];
      });
      for (const sel of [this._from, this._to]) sel.replaceChildren(...opts.map(([v, t]) => h('option', { value: v }, t)));
      this._from.value = from;
      this._to.value = to;
    }

    _say(text) {
      if (!this._msgs.includes(text)) this._msgs.push(text);
      this._msg.textContent = this._msgs.join(' ');
      this._msg.hidden = false;
    }

    // A currency the table lacks: say so, and warn.
    _bad(code, detail) {
      const { loc, s, date, source } = this._c;
      const name = currencyName(loc, code);
      this._say(name ? `${s.noRate}${name} (${code}).` : `${s.unknown}${code}.`);
      warn(detail || `no rate for "${code}" in the ${date || 'latest'} table${source ? ' of ' + source : ''}.`);
    }

    // A bad base or date is the page's mistake; else the API is down.
    _tableFailed(e) {
      const { s, base, date } = this._c;
      if (e.code === 'unknown_currency' || (e.code === 'rate_unavailable' && !date)) return this._bad(base, e.detail);
      this._say(/date|rate_unavailable/.test(e.code) ? s.noDate : s.unavailable);
      if (e.detail) warn(e.detail);
    }

    _render(d) {
      const c = this._c;
      this._data = d;
      for (const code of c.symbols) {
        const row = this._rows[code], rate = d.rates[code], ch = d.changes && d.changes[code];
        if (!rate) this._bad(code);
        else row.rate.textContent = sig(c.loc, rate);
        if (ch) this._change(row.change, ch);
      }
      const codes = [d.base, ...Object.keys(d.rates)];
      const missing = [c.from, c.to].filter((x) => !codes.includes(x));
      missing.forEach((x) => this._bad(x));
      if (missing.length) {
        if (!codes.includes(c.from)) c.from = d.base;
        if (!codes.includes(c.to)) c.to = codes.find((x) => x !== c.from);
      } else {
        c.from = this._from.value; // the user's choice
        c.to = this._to.value;
      }
      this._fill(codes);
      this._footer(d);
      if (missing.length) this._convert();
      if (!this.dataset.renderMs) this.dataset.renderMs = (performance.now() - T0).toFixed(1);
      if (!marked) {
        marked = true;
        performance.mark(`${NAME}:render`);
      }
    }

    // Arrow (not spoken), direction word and change (spoken only), signed percent;
    // a price in the base: down when the base strengthened.
    _change(td, ch) {
      const { s, loc } = this._c;
      const dir = /^-/.test(ch.change) ? 'down' : /^[0.]*$/.test(ch.change) ? 'same' : 'up';
      const abs = sig(loc, ch.change, { signDisplay: 'exceptZero' });
      td.className = dir;
      td.title = abs;
      td.replaceChildren(
        h('span', { class: 'ar', 'aria-hidden': 'true' }, { up: '\u25b2', down: '\u25bc', same: '\u25ac' }[dir]),
        h('span', { class: 'sr' }, `${s[dir]} ${abs}, `),
        ch.percent == null ? abs : fmt(loc, String(ch.percent), { style: 'unit', unit: 'percent', signDisplay: 'exceptZero' }));
    }

    _footer(d) {
      const { loc, s } = this._c;
      const eff = fmtDate(loc, d.date);
      this._attrib.textContent = `${s.pub[d.source] || d.publisher || d.source}, ${eff}`;
      const req = d.requested_date;
      this._info.hidden = !req || req === d.date;
      if (req) this._info.textContent = dot(s.shown(fmtDate(loc, req), eff));
      this._stale.hidden = !d.stale;
    }

    // One /v1/convert; its answer is shown as sent.
    _convert() {
      this._abort();
      const { loc, s } = this._c, gen = this._gen;
      const text = this._input.value.trim();
      const amount = text && parseAmount(loc, text);
      this._invalid(text && !amount ? s.hint : null);
      if (!amount || !this._from.value || !this._to.value) return this._result(null);
      const ctl = this._ctl = new AbortController();
      const live = () => gen === this._gen && !ctl.signal.aborted;
      this._out.setAttribute('aria-busy', 'true');
      getJSON(this._url('v1/convert', { from: this._from.value, to: this._to.value, amount }), ctl.signal).then(
        (r) => live() && this._result(r),
        (e) => {
          if (!live()) return;
          this._result(null);
          if (e.net) this._say(s.unavailable);
          else if (e.code === 'invalid_amount' || e.code === 'overflow') this._invalid(s.cannot);
        });
    }

    _invalid(text) {
      this._hint.hidden = !text;
      this._hint.textContent = text || '';
      for (const [k, v] of [['aria-invalid', 'true'], ['aria-describedby', 'hint']]) {
        this._input[text ? 'setAttribute' : 'removeAttribute'](k, v);
      }
    }

    // Number large, currency name small; data-value: the raw decimal.
    _result(r) {
      const out = this._out, loc = this._c.loc;
      out.removeAttribute('aria-busy');
      if (!r) {
        out.textContent = DASH;
        delete out.dataset.value;
        this._rate.textContent = '\u00a0';
        return;
      }
      out.dataset.value = r.result;
      out.replaceChildren(...nf(loc, r.result, { style: 'currency', currency: r.to, currencyDisplay: 'name' })
        .formatToParts(r.result).map((p) => (p.type === 'currency' ? h('span', { class: 'cur' }, p.value) : p.value)));
      this._rate.textContent = `1 ${r.from} = ${fmt(loc, r.rate)} ${r.to}`;
    }
  }

  customElements.define(NAME, KursConverter);
})();
