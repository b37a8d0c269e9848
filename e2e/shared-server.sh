#!/usr/bin/env bash
# Two runs of the suite at the same time against one server: starts Mailpit
# and My Page (test mode, its simulator beside it, X-Forwarded-For believed
# from loopback) on free loopback ports and a fresh data directory, runs
# `npx playwright test` twice at once against it with E2E_BASE_URL, each run
# with its own output and report directories, and fails unless both pass.
#
#   make e2e-shared                    # from the repository root
#   e2e/shared-server.sh --project=pc  # extra arguments go to both runs
#   e2e/shared-server.sh --split       # `make e2e`: run 1 is the pc project,
#                                      # run 2 the smartphone project
#
# With --split the two runs are the whole suite once, each project in a run
# of its own against the one server at the same time, with half the machine
# each: `make test` proves on every run that suites share a server.
#
# SHARED_WORKERS sets each run's workers (default: half the cores, at least 1),
# E2E_SLOW the runs' time budgets (default 2: two suites share the machine;
# 1 with --split, which is no more work than one suite).
set -euo pipefail
split=
if [ "${1:-}" = --split ]; then
  split=1
  shift
fi
cd "$(dirname "$0")"
repo=$(cd .. && pwd)

read -r port simport smtpport mailport < <(node -e '
const net = require("node:net"); const s = [];
const next = () => { if (s.length === 4) { process.stdout.write(s.map((x) => x.address().port).join(" ") + "\n"); s.forEach((x) => x.close()); return; }
  const x = net.createServer().listen(0, "127.0.0.1", next); s.push(x); };
next();')

work=$(mktemp -d "${TMPDIR:-/tmp}/mypage-e2e-shared-XXXXXX")
pids=()
cleanup() {
  # Only what this script started: the server first (SIGTERM closes the
  # embedded store cleanly), then Mailpit, then its own data directory.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

base="http://127.0.0.1:$port"
mailpit="http://127.0.0.1:$mailport"
simulator="http://127.0.0.1:$simport"

mailpit_bin="$repo/bin/mailpit"
[ -x "$mailpit_bin" ] || (cd "$repo" && make bin/mailpit)
"$mailpit_bin" --smtp "127.0.0.1:$smtpport" --listen "127.0.0.1:$mailport" --max 10000 --quiet --disable-version-check \
  >"$work/mailpit.log" 2>&1 &
pids=($!)

(cd "$repo" && go build -o "$work/server" ./server)
MYPAGE_ADDR="127.0.0.1:$port" MYPAGE_PUBLIC_URL="$base" MYPAGE_DATA_DIR="$work/data" \
  MYPAGE_TEST_CLOCK=1 MYPAGE_TRUSTED_PROXIES=127.0.0.1/32 \
  MYNAPORTAL_ADDR="127.0.0.1:$simport" MYPAGE_SMTP_URL="smtp://127.0.0.1:$smtpport" MYPAGE_MAIL_RETRY=2s \
  "$work/server" >"$work/server.log" 2>&1 &
pids=($! "${pids[@]}")

for url in "$mailpit/readyz" "$base/readyz"; do
  for i in $(seq 1 300); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && break
    [ "$i" = 300 ] && { echo "not ready: $url" >&2; tail -20 "$work/server.log" >&2; exit 1; }
    sleep 0.2
  done
done
echo "one server at $base (simulator $simulator, Mailpit $mailpit)"

cores=$(node -e 'process.stdout.write(String(require("node:os").cpus().length))')
workers=${SHARED_WORKERS:-$(( cores / 2 > 1 ? cores / 2 : 1 ))}
if [ -z "${E2E_SLOW:-}" ]; then
  if [ -n "$split" ]; then E2E_SLOW=1; else E2E_SLOW=2; fi
fi
export E2E_SLOW
run() {
  E2E_BASE_URL="$base" E2E_MAILPIT_URL="$mailpit" E2E_MYNAPORTAL_URL="$simulator" \
    E2E_OUTPUT_DIR="$out/$1/test-results" E2E_REPORT_DIR="$out/$1/playwright-report" \
    npx playwright test --workers="$workers" --reporter=line "${@:2}" >"$out/$1.log" 2>&1
}
# Not under test-results/: a plain run in this directory empties that
# folder when it starts, and would wipe these runs' results meanwhile.
out=test-results-shared
rm -rf "$out"
mkdir -p "$out"
start=$(date +%s)
if [ -n "$split" ]; then
  run 1 --project=pc "$@" & one=$!
  run 2 --project=smartphone "$@" & two=$!
else
  run 1 "$@" & one=$!
  run 2 "$@" & two=$!
fi
rc1=0; rc2=0
wait "$one" || rc1=$?
wait "$two" || rc2=$?
echo "two runs on one server in $(( $(date +%s) - start ))s ($workers workers each, E2E_SLOW=$E2E_SLOW):"
for n in 1 2; do echo "run $n: $(grep -E '^ *[0-9]+ (passed|failed|flaky|skipped)' "$out/$n.log" | tr -s ' ' | paste -sd, -)"; done
if [ "$rc1" != 0 ] || [ "$rc2" != 0 ]; then
  for n in 1 2; do
    rc=$rc1; [ "$n" = 2 ] && rc=$rc2
    [ "$rc" != 0 ] && { echo "--- run $n ---" >&2; tail -n 120 "$out/$n.log" >&2; }
  done
  echo "FAILED (run 1: $rc1, run 2: $rc2): see e2e/$out/{1,2}.log, and e2e/$out/N/playwright-report" >&2
  exit 1
fi
