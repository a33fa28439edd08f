#!/usr/bin/env python3
"""A small Frankfurter v2 client, written from the published v2 shapes alone
(../shared/reference/frankfurter-v2.md), with Python's standard library.

It knows nothing of kurs: pointed at https://api.frankfurter.dev/v2 it talks
to Frankfurter; pointed at http://HOST:PORT/frankfurter/v2 it talks to kurs.
Run as a script, it exercises every endpoint against BASE_URL and exits
non-zero on the first answer that does not have the documented shape.

    python3 tests/v2_client.py http://127.0.0.1:8080/frankfurter/v2
"""

import csv
import io
import json
import sys
import urllib.error
import urllib.parse
import urllib.request


class FrankfurterError(Exception):
    """An error answer: its status and message."""

    def __init__(self, status, message):
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class Frankfurter:
    """The v2 API at base_url (no trailing slash)."""

    def __init__(self, base_url="https://api.frankfurter.dev/v2"):
        self.base_url = base_url.rstrip("/")

    def _get(self, path, params=None, accept="application/json"):
        query = {k: v for k, v in (params or {}).items() if v is not None}
        url = self.base_url + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        request = urllib.request.Request(url, headers={"Accept": accept})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            body = json.loads(e.read().decode("utf-8"))
            raise FrankfurterError(body["status"], body["message"]) from None

    def rates(self, **params):
        """Rows {date, base, quote, rate}; params as documented (base,
        quotes, date, from_, to, group, providers, expand)."""
        if "from_" in params:
            params["from"] = params.pop("from_")
        return json.loads(self._get("/rates", params))

    def rates_ndjson(self, **params):
        """The same rows, one JSON object per line."""
        if "from_" in params:
            params["from"] = params.pop("from_")
        text = self._get("/rates", params, accept="application/x-ndjson")
        return [json.loads(line) for line in text.splitlines() if line]

    def rates_csv(self, **params):
        """The same rows from /rates.csv, as dicts of strings."""
        return list(csv.DictReader(io.StringIO(self._get("/rates.csv", params))))

    def rate(self, base, quote, date=None, providers=None):
        return json.loads(
            self._get(f"/rate/{base}/{quote}", {"date": date, "providers": providers})
        )

    def currencies(self, scope=None):
        return json.loads(self._get("/currencies", {"scope": scope}))

    def currency(self, code):
        return json.loads(self._get(f"/currency/{code}"))

    def providers(self):
        return json.loads(self._get("/providers"))

    def convert(self, amount, base, quote, date=None):
        """There is no conversion endpoint: multiply the rate."""
        return amount * self.rate(base, quote, date)["rate"]


ROW = {"date", "base", "quote", "rate"}


def check(condition, what):
    if not condition:
        raise SystemExit(f"FAIL: {what}")


def main(base_url):
    fx = Frankfurter(base_url)

    rows = fx.rates(date="1999-01-04", quotes="USD")
    eur_usd = rows[0]["rate"]
    check(len(rows) == 1 and set(rows[0]) == ROW, f"rows shape {rows}")
    check(rows[0]["base"] == "EUR" and isinstance(rows[0]["rate"], float), f"{rows}")
    print(f"EUR/USD 1999-01-04 {rows[0]['rate']}")

    rows = fx.rates(base="usd", quotes="EUR,JPY")
    check([r["quote"] for r in rows] == ["EUR", "JPY"], f"quotes {rows}")
    check(all(r["base"] == "USD" for r in rows), f"base {rows}")

    one = fx.rate("USD", "JPY", date="2020-03-16")
    check(set(one) == ROW and one["date"] == "2020-03-16", f"rate {one}")
    print(f"100 USD in JPY on 2020-03-16: {fx.convert(100, 'USD', 'JPY', '2020-03-16'):.2f}")

    series = fx.rates(from_="2020-01-01", to="2020-03-31", quotes="USD", group="month")
    check([r["date"] for r in series] == ["2020-01-01", "2020-02-01", "2020-03-01"], f"{series}")

    lines = fx.rates_ndjson(from_="2020-01-01", to="2020-01-31", quotes="USD,GBP")
    check(len(lines) > 20 and all(set(r) == ROW for r in lines), "ndjson rows")

    table = fx.rates_csv(date="1999-01-04", quotes="USD,GBP")
    check([r["quote"] for r in table] == ["GBP", "USD"], f"csv {table}")
    check(float(table[1]["rate"]) == eur_usd, f"csv rate {table}")

    expanded = fx.rates(date="1999-01-04", quotes="USD", expand="providers")
    check(all("key" in p and "rate" in p for p in expanded[0]["providers"]), f"{expanded}")

    names = {c["iso_code"]: c for c in fx.currencies()}
    check("USD" in names and {"iso_numeric", "name", "symbol", "start_date", "end_date"} <= set(names["USD"]), "currencies")
    usd = fx.currency("USD")
    check(isinstance(usd["providers"], list) and usd["providers"], f"currency {usd}")

    providers = fx.providers()
    keys = {"key", "name", "country_code", "rate_type", "pivot_currency", "data_url",
            "terms_url", "start_date", "end_date", "publish_cadence", "currencies"}
    check(providers and all(keys <= set(p) for p in providers), "providers")
    print(f"providers: {', '.join(p['key'] for p in providers[:3])}")

    try:
        fx.rates(base="XYZ")
        check(False, "an unknown base must fail")
    except FrankfurterError as e:
        check(e.status == 404 and e.message, f"{e}")
        print(f"error: {e.status} {e.message}")
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "https://api.frankfurter.dev/v2")
