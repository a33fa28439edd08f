#!/usr/bin/env python3
"""The answer checker of scripts/soak (standard library only).

While the soak's traffic runs, fetches sample answers from kurs and compares
them with a reference computed here, with `decimal`, from the ECB XML (and
the NBP JSON) that the stub bank serves: kurs's conversions cross via the
base (ECB: amount x rate_to / rate_from, rates per euro, EUR = 1; NBP:
amount x mid_from / mid_to, mids in zloty, PLN = 1), rounded once, half-even, to the target currency's ISO 4217 minor
units; the table used must be the newest the bank publishes on or before the
requested date. At --publish-at seconds it asks the bank to publish a new day
(ECB and NBP, dated --new-date) and then checks that kurs serves the new NBP
table for that date. Prints one JSON object of counts on stdout.

    soak-check.py --kurs URL --bank URL --control URL --seconds S \
                  --publish-at S --new-date YYYY-MM-DD [--grace S]
"""
import argparse
import json
import random
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal, getcontext

getcontext().prec = 80

# ISO 4217 minor units of the currencies sampled (all others here have 2).
MINOR = {"JPY": 0, "ISK": 0, "KRW": 0}
CODES = ["USD", "JPY", "GBP", "CHF", "CZK", "HUF", "SEK", "NOK", "DKK", "ISK", "KRW",
         "AUD", "CAD", "CNY", "INR", "BRL", "ZAR", "TRY", "MXN", "THB", "PLN", "EUR"]
NBP_CODES = ["USD", "EUR", "GBP", "CHF", "JPY", "CZK", "HUF", "SEK", "NOK"]
FIRST, LAST = date(2026, 8, 5), date(2026, 11, 2)
ECB_90D = "/stats/eurofxref/eurofxref-hist-90d.xml"


def get(url, tries=1):
    """(status, headers, body) of a GET; retries a failing bank `tries` times."""
    for attempt in range(tries):
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            if attempt + 1 == tries or e.code < 500:
                return e.code, e.headers, e.read()
        except OSError:
            if attempt + 1 == tries:
                return 0, {}, b""
        time.sleep(0.2)
    return 0, {}, b""


def ecb_tables(bank):
    """{date: {code: Decimal}} of the bank's ECB 90-day file, EUR = 1."""
    status, _, body = get(bank + ECB_90D, tries=100)
    if status != 200:
        sys.exit(f"soak-check: the bank's {ECB_90D} answered {status}")
    tables = {}
    for cube in ET.fromstring(body).iter():
        if cube.tag.endswith("Cube") and cube.get("time"):
            rates = {c.get("currency"): Decimal(c.get("rate")) for c in cube}
            rates["EUR"] = Decimal(1)
            tables[date.fromisoformat(cube.get("time"))] = rates
    return tables


def nbp_table(bank, day):
    """{code: mid} of the bank's NBP table of `day`, PLN = 1, or None."""
    url = f"{bank}/api/exchangerates/tables/A/{day}/?format=json"
    status, _, body = get(url, tries=100)
    if status != 200:
        return None
    rates = {r["code"]: Decimal(str(r["mid"])) for r in json.loads(body, parse_float=str)[0]["rates"]}
    rates["PLN"] = Decimal(1)
    return rates


def expected(amount, frm, to, rates, priced_in_base=False):
    """`amount` of `frm` in `to`, from rates as units per base (the ECB's
    way) or, with `priced_in_base`, as base per unit (the NBP's mids)."""
    if priced_in_base:
        exact = Decimal(amount) * rates[frm] / rates[to]
    else:
        exact = Decimal(amount) * rates[to] / rates[frm]
    return exact.quantize(Decimal(1).scaleb(-MINOR.get(to, 2)), rounding=ROUND_HALF_EVEN)


class Checker:
    def __init__(self, args):
        self.a = args
        self.counts = {"checked": 0, "mismatches": 0, "5xx": 0, "503_retry_after": 0,
                       "other_status": 0, "transport_errors": 0}
        self.examples = []
        self.mismatches = []
        self.tables = ecb_tables(args.bank)

    def fail(self, what):
        self.counts["mismatches"] += 1
        if len(self.mismatches) < 10:
            self.mismatches.append(what)

    def fetch(self, path, expect_404=False):
        status, headers, body = get(self.a.kurs + path)
        if status == 404 and expect_404:
            return None
        if status == 0:
            self.counts["transport_errors"] += 1
        elif status == 503 and headers.get("Retry-After"):
            self.counts["503_retry_after"] += 1
        elif status >= 500:
            self.counts["5xx"] += 1
            if len(self.examples) < 10:
                self.examples.append(f"{status} on {path}")
        elif status != 200:
            self.counts["other_status"] += 1
            if len(self.examples) < 10:
                self.examples.append(f"{status} on {path}: {body[:200]!r}")
        return json.loads(body) if status == 200 else None

    def in_force(self, requested):
        held = [d for d in self.tables if d <= requested]
        return max(held) if held else None

    def check_convert(self):
        frm, to = random.sample(CODES, 2)
        amount = f"{random.randint(0, 10**7)}.{random.randint(0, 9999):04d}"
        day = FIRST + timedelta(days=random.randint(0, (LAST - FIRST).days))
        latest = random.random() < 0.2
        path = f"/v1/convert?from={frm}&to={to}&amount={amount}&source=ecb"
        path += "" if latest else f"&date={day}"
        got = self.fetch(path)
        if got is None:
            return
        self.counts["checked"] += 1
        used = date.fromisoformat(got["date"])
        if used not in self.tables:
            self.tables = ecb_tables(self.a.bank)  # a day published meanwhile?
        want_day = max(self.tables) if latest else self.in_force(day)
        if latest and used in self.tables and used >= LAST:
            want_day = used  # the refresher may or may not have the new day yet
        if used != want_day:
            return self.fail(f"{path}: table {used}, expected {want_day}")
        want = expected(amount, frm, to, self.tables[used])
        if Decimal(got["result"]) != want or got["result"] != str(want):
            self.fail(f"{path}: result {got['result']}, expected {want}")

    def check_published_rates(self):
        day = FIRST + timedelta(days=random.randint(0, (LAST - FIRST).days))
        got = self.fetch(f"/v1/rates?base=EUR&date={day}&source=ecb")
        if got is None:
            return
        self.counts["checked"] += 1
        want_day = self.in_force(day)
        want = {c: r for c, r in self.tables[want_day].items() if c != "EUR"}
        have = {c: Decimal(r) for c, r in got["rates"].items()}
        if got["date"] != str(want_day) or have != want:
            self.fail(f"/v1/rates?base=EUR&date={day}: {got['date']} differs from the bank's {want_day}")

    def check_nbp(self, day):
        """Whether kurs answers `day` from the bank's new NBP table, correctly."""
        rates = nbp_table(self.a.bank, day)
        frm = random.choice(NBP_CODES)
        amount = f"{random.randint(1, 10**6)}.{random.randint(0, 99):02d}"
        path = f"/v1/convert?from={frm}&to=PLN&amount={amount}&date={day}&source=nbp"
        got = self.fetch(path, expect_404=True)  # 404 until the new table is in
        if got is None or got["date"] != str(day) or rates is None:
            return False
        self.counts["checked"] += 1
        want = expected(amount, frm, "PLN", rates, priced_in_base=True)
        if got["result"] != str(want):
            self.fail(f"nbp {day} {amount} {frm}: {got['result']}, expected {want}")
        return True

    def run(self):
        a = self.a
        start = time.monotonic()
        published_at = picked_up_after = None
        new_day = date.fromisoformat(a.new_date)
        while True:
            now = time.monotonic() - start
            if published_at is None and now >= a.publish_at:
                post(f"{a.control}/publish?date={new_day}")
                published_at = now
                self.tables = ecb_tables(a.bank)
            if published_at is not None and picked_up_after is None and self.check_nbp(new_day):
                picked_up_after = now - published_at
            if now >= a.seconds:
                if picked_up_after is not None or published_at is None or now >= a.seconds + a.grace:
                    break
                time.sleep(1)
                continue
            self.check_convert()
            self.check_convert()
            self.check_published_rates()
        self.counts["published_after_s"] = None if published_at is None else round(published_at, 1)
        self.counts["picked_up_after_s"] = None if picked_up_after is None else round(picked_up_after, 1)
        self.counts["examples"] = self.mismatches + self.examples
        print(json.dumps(self.counts))


def post(url):
    request = urllib.request.Request(url, method="POST")
    with urllib.request.urlopen(request, timeout=10) as r:
        return r.status, r.headers, r.read()


def main():
    p = argparse.ArgumentParser()
    for name in ("--kurs", "--bank", "--control", "--new-date"):
        p.add_argument(name, required=True)
    p.add_argument("--seconds", type=float, required=True)
    p.add_argument("--publish-at", type=float, required=True)
    p.add_argument("--grace", type=float, default=120)
    Checker(p.parse_args()).run()


if __name__ == "__main__":
    main()
