# Shared by scripts/faults/*: the stub bank, kurs serve, and PASS/FAIL lines.
# Source it from the repository root after `set -euo pipefail`.

work=$(mktemp -d)
pids=()
mounts=()
passed=0
failed=0
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount "${mounts[i]}" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

cargo build --locked -q --bin kurs --example stub_bank
kurs=${KURS_BIN:-target/debug/kurs}
unset KURS_OFFLINE KURS_DATA_DIR

# wait_for FILE PATTERN: up to 10 s for PATTERN to appear in FILE.
wait_for() {
  for _ in $(seq 200); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "'$2' never appeared in $1:" >&2
  cat "$1" >&2
  return 1
}

# start_bank: starts the stub bank; sets $bank, $control and the KURS_*_URL.
start_bank() {
  target/debug/examples/stub_bank >"$work/bank.out" 2>&1 &
  pids+=($!)
  wait_for "$work/bank.out" control
  bank=$(sed -n 1p "$work/bank.out")
  control=$(sed -n 2p "$work/bank.out" | cut -d' ' -f2)
  . scripts/bank-urls
  bank_urls "$kurs" "$bank"
}

# ctl PATH-AND-QUERY: a POST to the bank's control port; prints the answer.
ctl() {
  curl -sf -XPOST "$control$1"
}

# start_serve DATA-DIR: starts `kurs serve`; sets $base and $server. No
# backfill: its by-date requests would meet the faults before the checks'
# own and open the banks' circuits.
start_serve() {
  KURS_BACKFILL=0 "$kurs" serve --addr 127.0.0.1:0 --data-dir "$1" 2>"$work/serve.log" &
  server=$!
  pids+=($server)
  wait_for "$work/serve.log" "listening on"
  base=$(grep -o 'listening on http://[0-9.:]*' "$work/serve.log" | head -1 | cut -d' ' -f3)
}

stop_serve() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}

# poll SECONDS COMMAND...: runs COMMAND every 0.2 s until it succeeds.
poll() {
  local until=$(($(date +%s) + $1))
  shift
  while ! "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -ge "$until" ] && return 1
    sleep 0.2
  done
}

# check TEXT COMMAND...: a PASS or FAIL line for TEXT, then what COMMAND
# wrote on stderr.
check() {
  local text=$1
  shift
  if "$@" >/dev/null 2>"$work/check.err"; then
    passed=$((passed + 1))
    echo "PASS $text"
  else
    failed=$((failed + 1))
    echo "FAIL $text"
  fi
  cat "$work/check.err"
}

# The newest date kurs accepts is the newest calendar date on Earth
# (UTC+14): a date that no table can have yet, so asking for it fetches.
newest_date() {
  date -u -d '+14 hours' +%F
}
