/* <kurs-converter> (README: widget). Enhances the server's declarative
 * shadow root in place, or builds the same markup from one GET /v1/widget;
 * API data as text only; conversions by /v1/convert; never navigates. */
(() => {
  'use strict';
  if (!window.customElements || customElements.get('kurs-converter')) return;

  const T0 = performance.now();
  const NAME = 'kurs-converter';
  const ATTRS = ['base', 'symbols', 'amount', 'from', 'to', 'source', 'date', 'lang', 'api']; // not theme: CSS
  const LANGS = ['en', 'ru', 'uk', 'kk', 'de', 'fr', 'es'];
  const DASH = '\u2014';
  const FAIL = 'Rates are unavailable right now.';

  const script = document.currentScript || document.querySelector('script[src$="/widget.js"]');
  const API = script && script.src ? new URL('.', script.src).href : location.origin + '/';

  const CSS = "__KURS_CSS__"; // src/web/widget.css, put in by the server

  let sheet;
  const adopt = (root) => {
    if ('adoptedStyleSheets' in root) {
      if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else root.append(h('style', {}, CSS)); // old browsers
  };

  const el = (e, attrs, kids) => {
    for (const k in attrs) if (attrs[k] != null) e.setAttribute(k, attrs[k]);
    e.append(...kids.filter((k) => k != null));
    return e;
  };
  const h = (tag, attrs, ...kids) => el(document.createElement(tag), attrs, kids);
  const svg = (tag, attrs, ...kids) => el(document.createElementNS('http://www.w3.org/2000/svg', tag), attrs, kids);

  const made = new Map();
  const intl = (kind, loc, opts) => {
    const key = kind + loc + JSON.stringify(opts);
    if (!made.has(key)) made.set(key, new Intl[kind](loc, opts));
    return made.get(key);
  };

  // Exact, all decimals.
  const nf = (loc, s, opts) => {
    const d = (s.split('.')[1] || '').length;
    return intl('NumberFormat', loc, { ...opts, minimumFractionDigits: d, maximumFractionDigits: d });
  };
  const fmt = (loc, s, opts) => nf(loc, s, opts).format(s);
  // Display only: 6 significant digits, or the integer part.
  const sig = (loc, s, opts) => intl('NumberFormat', loc,
    { ...opts, maximumSignificantDigits: Math.min(21, Math.max(6, s.replace(/^-|\..*/g, '').length)) }).format(s);

  // "18 November 2011", also for plain "en".
  const fmtDate = (loc, iso) => intl('DateTimeFormat', loc === 'en' ? 'en-GB' : loc,
    { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(iso + 'T00:00:00Z'));

  // A browser without kk data ("M11"): ru's number symbols (kk's in CLDR).
  const numLoc = (loc) => (loc === 'kk' && /^M/.test(intl('DateTimeFormat', loc, { month: 'long' }).format(0)) ? 'ru' : loc);
  const tpl = (t, v) => t.replace(/\{(\w+)\}/g, (m, k) => (k in v ? v[k] : m));
  const dot = (s) => (/[.!?]$/.test(s) ? s : s + '.');

  // Typed text -> -?digits(.digits)? or null; group separators dropped.
  const parseAmount = (loc, text) => {
    const parts = intl('NumberFormat', loc).formatToParts(12345.5);
    const sym = (type) => (parts.find((p) => p.type === type) || {}).value;
    const g = sym('group'), d = sym('decimal');
    let s = text.replace(/[\s'\u00a0\u202f]/g, '').replace(/^[\u2212\u2013]/, '-');
    const esc = (c) => c.replace(/[.]/, '\\.');
    if ((g === '.' || g === ',') && new RegExp(`^-?\\d{1,3}(${esc(g)}\\d{3})+(${esc(d)}\\d+)?$`).test(s)) s = s.split(g).join('');
    if (d === ',') s = s.replace(',', '.');
    s = s.replace(/^(-?)\./, '$10.').replace(/\.$/, '');
    return /^-?\d+(\.\d+)?$/.test(s) ? s : null;
  };

  const getJSON = (url, signal) => fetch(url, { signal, credentials: 'omit' }).then(
    (r) => r.json().catch(() => null).then((body) => {
      if (r.ok && body) return body;
      throw { status: r.status, code: body && body.code, detail: body && body.detail };
    }),
    (e) => { throw e.name === 'AbortError' ? e : { net: true }; });

  // A page's identical widgets share one request.
  const answers = new Map();
  const shared = (url) => {
    if (!answers.has(url)) answers.set(url, getJSON(url).catch((e) => { answers.delete(url); throw e; }));
    return answers.get(url);
  };

  const warn = (text) => console.warn(`${NAME}: ${text}`);
  let marked = false;
  let ctx;

  class KursConverter extends HTMLElement {
    static observedAttributes = ATTRS;

    constructor() {
      super();
      this._gen = 0;
    }

    connectedCallback() { this._schedule(); }
    disconnectedCallback() { this._gen++; this._abort(); }
    attributeChangedCallback() { if (this.isConnected) this._schedule(); }

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
      const tag = a('lang', (this.closest('[lang]') || document.documentElement).lang || 'en');
      let lang = tag.split(/[-_]/)[0].toLowerCase();
      const base = a('base', 'EUR').toUpperCase();
      const symbols = a('symbols', 'USD,GBP,JPY,CHF').toUpperCase().split(/[\s,]+/)
        .filter((c, i, all) => c && c !== base && all.indexOf(c) === i);
      let api = a('api', API);
      try { api = new URL(api, document.baseURI).href; } catch (e) { /* _url fails: the failure message */ }
      const from = a('from', base).toUpperCase();
      lang = LANGS.includes(lang) ? lang : 'en';
      return {
        nl: numLoc(lang),
        loc: lang, base, symbols,
        from, to: a('to', symbols.find((x) => x !== from) || base).toUpperCase(),
        amount: a('amount', '100'), source: a('source'), date: a('date'), api: /\/$/.test(api) ? api : api + '/',
      };
    }

    _url(path, params) {
      const { api, date, source } = this._c;
      const u = new URL(path, api);
      Object.entries({ ...params, date, source }).forEach(([k, v]) => v && u.searchParams.set(k, v));
      return u.href;
    }

    _load() {
      // A server's root may be half-parsed: wait.
      if (document.readyState === 'loading') return document.addEventListener('DOMContentLoaded', () => this._schedule(), { once: true });
      // Attaching would empty a declarative root.
      if (this._ssr == null) {
        this._ssr = !!this.shadowRoot;
        if (!this._ssr) adopt(this.attachShadow({ mode: 'open' }));
      }
      const gen = ++this._gen;
      this._abort();
      const c = this._c = this._config();
      this._msgs = [];
      const root = this.shadowRoot, box = root.querySelector('.k[data-words]');
      if (this._ssr && box) {
        this._ssr = false;
        return this._enhance(box);
      }
      this._ssr = false;
      // Busy until the answer; an old box stays.
      if (!root.querySelector('.k')) root.replaceChildren(...root.querySelectorAll('style'), h('div', { class: 'k', part: 'box' }));
      root.querySelector('.k').setAttribute('aria-busy', 'true');
      const { base, symbols, from, to, loc } = c;
      // A plain decimal goes as it is: no Intl before the request.
      const amount = /^\d+(\.\d+)?$/.test(c.amount) ? c.amount : parseAmount(c.nl, c.amount);
      shared(this._url('v1/widget', { base, symbols: symbols.join(','), amount, from, to, lang: loc })).then(
        (d) => gen === this._gen && this._render(d),
        (e) => gen === this._gen && this._failed(e));
      sig(c.nl, '1'); // Intl's data loads while the answer travels
      fmtDate(loc, '2000-01-01');
    }

    // Server markup: wire it, change nothing.
    _enhance(box) {
      const $ = (s) => box.querySelector(s);
      this._w = JSON.parse(box.dataset.words);
      this._box = box;
      [this._msg, this._form, this._input, this._hint, this._from, this._to, this._out, this._rate] =
        ['.msg', 'form', '#a', '#hint', '#f', '#t', 'output', '.rate'].map($);
      const msg = this._msg.textContent.trim();
      if (msg && !this._msg.hidden) this._msgs.push(msg);
      this._names = {};
      for (const o of this._from.options) this._names[o.value] = o.textContent.split(' \u2014 ')[1];
      this._wire();
      this._rendered();
    }

    _render(d) {
      const c = this._c, w = this._w = d.words, loc = c.loc, nl = c.nl;
      const col = (...t) => h('th', { scope: 'col' }, ...t);
      this._names = {};
      for (const o of d.options) this._names[o.code] = o.name;
      const rows = d.rows.map((r) => {
        const t = r.trend;
        return h('tr', { 'data-code': r.code },
          h('th', { scope: 'row' }, h('b', {}, r.code), ' ', h('span', { class: 'nm' }, r.name)),
          h('td', { class: 'r', 'data-value': r.rate }, sig(nl, r.rate)),
          this._change(r.change),
          h('td', { class: 'sp' + (t ? ' ' + t.direction : '') }, t && svg('svg',
            { viewBox: '0 0 64 20', width: 64, height: 20, role: 'img', 'aria-label': t.label }, svg('path', { d: t.d }))));
      });
      const hidden = ['base', 'symbols', 'lang', 'theme', 'date', 'source', 'api']
        .filter((n) => this.hasAttribute(n)).map((n) => h('input', { type: 'hidden', name: n, value: this.getAttribute(n) }));
      const select = (id) => h('select', { id, name: { f: 'from', t: 'to' }[id] }, ...d.options.map((o) =>
        h('option', { value: o.code }, o.name ? `${o.code} \u2014 ${o.name}` : o.code)));

      this._msg = h('p', { class: 'msg', role: 'status', hidden: '' });
      this._input = h('input', { id: 'a', name: 'amount', inputmode: 'decimal', autocomplete: 'off', maxlength: '40', value: c.amount });
      this._hint = h('p', { id: 'hint', class: 'hint', hidden: '' });
      this._from = select('f');
      this._to = select('t');
      this._out = h('output', { for: 'a f t', 'aria-live': 'polite' }, DASH);
      this._rate = h('p', { class: 'rate' }, '\u00a0');
      const info = [d.notice, d.requested_date && d.requested_date !== d.date &&
        tpl(w.shown, { requested: fmtDate(loc, d.requested_date), effective: fmtDate(loc, d.date) })].filter(Boolean);
      this._form = h('form', { class: 'cv', method: 'get', action: c.api + 'widget' }, ...hidden,
        h('label', { for: 'a' }, w.amount), this._input, this._hint,
        h('label', { for: 'f' }, w.from), this._from,
        h('button', { type: 'submit', name: 'swap', value: '1', class: 'sw', 'aria-label': w.swap, title: w.swap },
          h('span', { 'aria-hidden': 'true' }, '\u21c5')),
        h('label', { for: 't' }, w.to), this._to,
        h('button', { type: 'submit', class: 'go' }, w.convert));

      this._box = h('div', { class: 'k', part: 'box' },
        h('h2', {}, w.title),
        this._msg,
        rows.length ? h('table', {},
          h('thead', {}, h('tr', {}, col(w.currency), col(w.priced + d.base), col(w.change), col(h('span', { class: 'sr' }, w.trend)))),
          h('tbody', {}, ...rows)) : null,
        this._form,
        h('div', { class: 'res' }, this._out, this._rate),
        h('footer', {},
          h('p', { class: 'src' }, `${d.publisher || d.source}, ${fmtDate(loc, d.date)}`),
          h('p', { class: 'info', hidden: info.length ? null : '' }, info.map(dot).join(' ')),
          h('p', { class: 'msg stale', hidden: d.stale ? null : '' }, w.stale)));
      this.shadowRoot.replaceChildren(...this.shadowRoot.querySelectorAll('style'), this._box);
      this._wire();

      for (const code of d.missing || []) this._bad(code);
      const have = (x) => x in this._names;
      let { from, to } = c;
      if (d.conversion) ({ from, to } = d.conversion);
      this._from.value = have(from) ? from : (this._bad(from), d.base);
      this._to.value = have(to) ? to : (this._bad(to), d.options.map((o) => o.code).find((x) => x !== this._from.value));
      for (const s of [this._from, this._to]) if (s.selectedIndex >= 0) s.options[s.selectedIndex].setAttribute('selected', '');
      if (!parseAmount(nl, c.amount)) this._convert(); // the hint
      else if (d.conversion) this._result(d.conversion);
      else if (d.conversion_problem) {
        const p = d.conversion_problem;
        if (have(from) && have(to)) this._problem(p);
        else this._convert();
      }
      this._rendered();
    }

    // _fit: the observer's first call, after layout.
    _rendered() {
      if (!this.dataset.renderMs) this.dataset.renderMs = (performance.now() - T0).toFixed(1);
      if (!marked) {
        marked = true;
        performance.mark(`${NAME}:render`);
      }
    }

    _wire() {
      this._input.addEventListener('input', () => {
        clearTimeout(this._timer);
        this._timer = setTimeout(() => this._convert(), 250); // debounce
      });
      this._input.addEventListener('keydown', (e) => {
        if (e.key !== 'Enter') return;
        e.preventDefault(); // implicit submission would press the swap button
        this._convert();
      });
      for (const s of [this._from, this._to]) s.addEventListener('change', () => this._convert());
      this._form.addEventListener('submit', (e) => {
        e.preventDefault();
        if (e.submitter && e.submitter.name === 'swap') [this._from.value, this._to.value] = [this._to.value, this._from.value];
        this._convert();
      });
      if (!window.ResizeObserver) return;
      (this._ro = this._ro || new ResizeObserver(() => this._fit())).disconnect();
      this._ro.observe(this._form);
    }

    // A closed select shows "code — name" if it fits, else the code.
    _fit() {
      for (const s of [this._from, this._to]) {
        if (!s.clientWidth) continue;
        ctx = ctx || document.createElement('canvas').getContext('2d');
        ctx.font = getComputedStyle(s).font;
        const room = s.clientWidth - 32; // padding and arrow
        for (const o of s.options) {
          const name = this._names[o.value], full = name ? `${o.value} \u2014 ${name}` : o.value;
          const text = o.selected && ctx.measureText(full).width > room ? o.value : full;
          if (o.textContent !== text) o.textContent = text;
        }
      }
    }

    _change(ch) {
      const { nl: loc } = this._c, w = this._w;
      if (!ch) return h('td', {}, DASH);
      const dir = /^-/.test(ch.change) ? 'down' : /^[0.]*$/.test(ch.change) ? 'same' : 'up';
      const abs = sig(loc, ch.change, { signDisplay: 'exceptZero' });
      return h('td', { class: dir, title: abs },
        h('span', { class: 'ar', 'aria-hidden': 'true' }, { up: '\u25b2', down: '\u25bc', same: '\u25ac' }[dir]),
        h('span', { class: 'sr' }, `${w[dir]} ${abs}, `),
        ch.percent == null ? abs : fmt(loc, String(ch.percent), { style: 'unit', unit: 'percent', signDisplay: 'exceptZero' }));
    }

    _say(text) {
      if (!this._msgs.includes(text)) this._msgs.push(text);
      this._msg.textContent = this._msgs.join(' ');
      this._msg.hidden = false;
    }


    // A name cased as in the result ("1 US dollar"), or undefined if unknown.
    _display(code) {
      const loc = this._c.loc, o = { style: 'currency', currency: code, currencyDisplay: 'name', minimumFractionDigits: 0, maximumFractionDigits: 0 };
      try {
        if (intl('DisplayNames', loc, { type: 'currency', fallback: 'none' }).of(code)) return intl('NumberFormat', loc, o).formatToParts(1).find((p) => p.type === 'currency').value;
      } catch (e) { /* not a code */ }
    }

    _bad(code) {
      const { date, source } = this._c, name = this._display(code);
      this._say(name ? `${this._w.no_rate}${name} (${code}).` : `${this._w.unknown}${code}.`);
      warn(`no rate for "${code}" (${date || 'latest'} ${source || ''})`);
    }

    _failed(e) {
      const root = this.shadowRoot, code = e.detail && (/'([^']*)'/.exec(e.detail) || [])[1];
      root.replaceChildren(...root.querySelectorAll('style'), h('div', { class: 'k', part: 'box' }, h('p', { class: 'msg', role: 'status' },
        e.code === 'unknown_currency' && code ? `Unknown currency: ${code}.` : e.status === 404 ? 'No rates for this date.' : FAIL)));
      warn(e.detail || `${FAIL} (${this._c.api})`);
    }

    _problem(e) {
      if (e.code === 'invalid_amount' || e.code === 'overflow') this._invalid(this._w.cannot);
      else if (e.net) this._say(this._w.unavailable);
      else if (e.detail) warn(e.detail);
    }

    _convert() {
      this._abort();
      const { nl: loc } = this._c, gen = this._gen;
      const text = this._input.value.trim();
      const amount = text && parseAmount(loc, text);
      this._invalid(text && !amount ? this._w.hint : null);
      this._fit();
      if (!amount || !this._from.value || !this._to.value) return this._result(null);
      const ctl = this._ctl = new AbortController();
      const live = () => gen === this._gen && !ctl.signal.aborted;
      this._out.setAttribute('aria-busy', 'true');
      getJSON(this._url('v1/convert', { from: this._from.value, to: this._to.value, amount }), ctl.signal).then(
        (r) => live() && this._result(r),
        (e) => {
          if (!live()) return;
          this._result(null);
          this._problem(e);
        });
    }

    _invalid(text) {
      this._hint.hidden = !text;
      this._hint.textContent = text || '';
      for (const [k, v] of [['aria-invalid', 'true'], ['aria-describedby', 'hint']]) {
        this._input[text ? 'setAttribute' : 'removeAttribute'](k, v);
      }
    }

    _result(r) {
      const out = this._out, { loc, nl } = this._c;
      out.removeAttribute('aria-busy');
      if (!r) {
        out.textContent = DASH;
        delete out.dataset.value;
        this._rate.textContent = '\u00a0';
        return;
      }
      out.dataset.value = r.result;
      out.replaceChildren(...(nl !== loc ? [{ value: fmt(nl, r.result) + ' ' }, { type: 'currency', value: this._names[r.to] || r.to }]
        : nf(loc, r.result, { style: 'currency', currency: r.to, currencyDisplay: 'name' }).formatToParts(r.result)).map((p) => (p.type === 'currency' ? h('span', { class: 'cur' }, p.value) : p.value)));
      this._rate.textContent = `1 ${r.from} = ${sig(nl, r.rate)} ${r.to}`;
    }
  }

  customElements.define(NAME, KursConverter);
})();
