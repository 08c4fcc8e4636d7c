#!/usr/bin/env bash
# Load test of samples/OmniSqlite.WebApi, the seed's before/after in one command:
#   before: SQLite's Default profile (rollback journal, synchronous=FULL, no busy_timeout) and no secondary indexes
#   after:  SqliteProfile.Production (WAL, synchronous=NORMAL, busy_timeout=5000, ...) and every declared index
# Both runs: the same seeded data, USERS concurrent connections on 127.0.0.1 (READ_USERS doing reads, the rest
# writes), DURATION each, with wrk. Writes the table to docs/load-test.md. Not part of the test run.
#
#   scripts/load-test.sh                          # 100 users (80 read, 20 write), 60 s per run
#   USERS=50 DURATION=20s scripts/load-test.sh    # shorter
#   BREAKDOWN=1 scripts/load-test.sh              # also the two mixed runs (profile only, indexes only)
#   MORE_USERS=200 scripts/load-test.sh           # also the "after" setup at 200 users (the seed's 50 -> 200)
#   CONDITIONS="shared machine: ..." scripts/load-test.sh   # a line about the conditions, written to the report
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

USERS=${USERS:-100}
READ_USERS=${READ_USERS:-$((USERS * 4 / 5))}
WRITE_USERS=$((USERS - READ_USERS))
DURATION=${DURATION:-60s}
WARMUP=${WARMUP:-5s}
PORT=${PORT:-5099}
SEED_CLIENTS=${SEED_CLIENTS:-500}
SEED_CAMPAIGNS_PER_CLIENT=${SEED_CAMPAIGNS_PER_CLIENT:-100}
SEED_CONTENTS_PER_CAMPAIGN=${SEED_CONTENTS_PER_CAMPAIGN:-2}
BREAKDOWN=${BREAKDOWN:-0}
MORE_USERS=${MORE_USERS:-0}
OUTPUT=${OUTPUT:-docs/load-test.md}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/omnisqlite-load-test.XXXXXX")
SERVER_PID=""

cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if (( READ_USERS < 1 || WRITE_USERS < 1 )); then
  echo "USERS=$USERS with READ_USERS=$READ_USERS leaves no reader or no writer; use USERS >= 2 and 0 < READ_USERS < USERS." >&2
  exit 2
fi
if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk not found: installing it with apt-get (Debian package wrk)..." >&2
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null
fi
command -v curl >/dev/null 2>&1 || { echo "curl is needed to wait for the server: apt-get install curl" >&2; exit 1; }

CAMPAIGNS=$((SEED_CLIENTS * SEED_CAMPAIGNS_PER_CLIENT))
CONTENTS=$((CAMPAIGNS * SEED_CONTENTS_PER_CAMPAIGN))

echo "Publishing the sample (Release)..."
dotnet publish samples/OmniSqlite.WebApi -c Release -o "$WORK/app" --nologo -v quiet >/dev/null

# run NAME PROFILE SECONDARY_INDEXES [READERS WRITERS]: starts the API on a fresh database, drives it, stops it;
# leaves $WORK/NAME.{reads,writes,server,info,load}
run() {
  local name=$1 profile=$2 indexes=$3 base="http://127.0.0.1:$PORT"
  local readers=${4:-$READ_USERS} writers=${5:-$WRITE_USERS}
  mkdir -p "$WORK/$name"
  echo "[$name] profile=$profile secondary indexes=$indexes: seeding $SEED_CLIENTS clients, $CAMPAIGNS campaigns, $CONTENTS contents + audio generations..."
  ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$base" OMNISQLITE_DB="$WORK/$name/app.db" \
  OmniSqlite__Profile="$profile" Database__SecondaryIndexes="$indexes" \
  Database__Seed__Clients="$SEED_CLIENTS" Database__Seed__CampaignsPerClient="$SEED_CAMPAIGNS_PER_CLIENT" \
  Database__Seed__ContentsPerCampaign="$SEED_CONTENTS_PER_CAMPAIGN" Logging__LogLevel__Default=Warning \
    dotnet "$WORK/app/OmniSqlite.WebApi.dll" >"$WORK/$name.server" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 240); do
    curl -fs "$base/health" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "the API exited:"; cat "$WORK/$name.server"; exit 1; }
    sleep 0.5
  done
  curl -fs "$base/health" >/dev/null || { echo "the API did not answer /health in 120 s"; exit 1; }
  curl -fs "$base/db/info" >"$WORK/$name.info"
  local args=(-- "$SEED_CLIENTS" "$CAMPAIGNS" "$CONTENTS" "$name")
  # Warm-up (JIT, page cache), not measured.
  wrk -t1 -c"$readers" -d"$WARMUP" --timeout 30s -s "$ROOT/scripts/load-test/reads.lua" "$base" "${args[@]}" >/dev/null
  uptime >"$WORK/$name.load"
  echo "[$name] $readers readers + $writers writers for $DURATION..."
  wrk -t1 -c"$readers" -d"$DURATION" --timeout 30s -s "$ROOT/scripts/load-test/reads.lua" "$base" "${args[@]}" >"$WORK/$name.reads" &
  local reads_pid=$!
  wrk -t1 -c"$writers" -d"$DURATION" --timeout 30s -s "$ROOT/scripts/load-test/writes.lua" "$base" "${args[@]}" >"$WORK/$name.writes"
  wait "$reads_pid"
  uptime >>"$WORK/$name.load"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  grep RESULT "$WORK/$name.reads" "$WORK/$name.writes" | sed "s|$WORK/||"
}

run before Default false
if [[ "$BREAKDOWN" == 1 ]]; then
  run indexes-only Default true
  run profile-only Production false
fi
run after Production true
if (( MORE_USERS > 0 )); then
  run after-more Production true $((MORE_USERS * READ_USERS / USERS)) $((MORE_USERS - MORE_USERS * READ_USERS / USERS))
fi

# field FILE KEY: a number from the RESULT line
field() { grep -o "RESULT.*" "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'; }
qps() { awk -v r="$(field "$1" requests)" -v d="$(field "$1" duration_us)" 'BEGIN { printf "%.0f", r / (d / 1e6) }'; }
ms() { awk -v v="$(field "$1" "$2")" 'BEGIN { if (v >= 100000) printf "%.0f", v / 1000; else printf "%.1f", v / 1000 }'; }
errors() { local f=$1; echo $(( $(field "$f" connect) + $(field "$f" read) + $(field "$f" write) + $(field "$f" status) + $(field "$f" timeout) )); }
requests() { field "$1" requests; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.1fx", b / a; else print "-" }'; }
loads() { awk -F'load average: ' '{ split($2, a, ","); printf "%s%s", (NR > 1 ? " → " : ""), a[1] }' "$WORK/$1.load"; }
info() { grep -o "\"$2\":[^,}]*" "$WORK/$1.info" | head -1 | cut -d: -f2- | tr -d '"'; }

# One row per run: which of the two changes made which part of the difference.
breakdown() {
  [[ "$BREAKDOWN" == 1 ]] || return 0
  echo "Which change does what (same load, the two changes one at a time):"
  echo
  echo "| run | profile | secondary indexes | read QPS | write QPS | read P50 / P95 (ms) | write P50 / P95 (ms) | errors |"
  echo "|---|---|---|---:|---:|---:|---:|---:|"
  local name profile indexes
  for spec in "before Default no" "indexes-only Default yes" "profile-only Production no" "after Production yes"; do
    read -r name profile indexes <<<"$spec"
    echo "| $name | $profile | $indexes | $(qps "$WORK/$name.reads") | $(qps "$WORK/$name.writes") |" \
      "$(ms "$WORK/$name.reads" p50_us) / $(ms "$WORK/$name.reads" p95_us) | $(ms "$WORK/$name.writes" p50_us) / $(ms "$WORK/$name.writes" p95_us) |" \
      "$(( $(errors "$WORK/$name.reads") + $(errors "$WORK/$name.writes") )) |"
  done
}

raw() {
  for name in before indexes-only profile-only after after-more; do
    [[ -f "$WORK/$name.reads" ]] || continue
    printf '%-13s reads:  %s\n%-13s writes: %s\n' "$name" "$(grep -o 'RESULT.*' "$WORK/$name.reads")" "$name" "$(grep -o 'RESULT.*' "$WORK/$name.writes")"
  done
}

more_users() {
  (( MORE_USERS > 0 )) || return 0
  echo "The \"after\" setup again at $MORE_USERS users (the seed's table claims 50 → 200 concurrent users):"
  echo
  echo "| users | read QPS | write QPS | read P50 / P95 (ms) | write P50 / P95 (ms) | errors / requests |"
  echo "|---:|---:|---:|---:|---:|---:|"
  for spec in "$USERS after" "$MORE_USERS after-more"; do
    read -r users name <<<"$spec"
    echo "| $users | $(qps "$WORK/$name.reads") | $(qps "$WORK/$name.writes") |" \
      "$(ms "$WORK/$name.reads" p50_us) / $(ms "$WORK/$name.reads" p95_us) | $(ms "$WORK/$name.writes" p50_us) / $(ms "$WORK/$name.writes" p95_us) |" \
      "$(( $(errors "$WORK/$name.reads") + $(errors "$WORK/$name.writes") )) / $(( $(requests "$WORK/$name.reads") + $(requests "$WORK/$name.writes") )) |"
  done
}

B_RQ=$(qps "$WORK/before.reads"); A_RQ=$(qps "$WORK/after.reads")
B_WQ=$(qps "$WORK/before.writes"); A_WQ=$(qps "$WORK/after.writes")
B_ERR=$(( $(errors "$WORK/before.reads") + $(errors "$WORK/before.writes") ))
A_ERR=$(( $(errors "$WORK/after.reads") + $(errors "$WORK/after.writes") ))
B_REQ=$(( $(requests "$WORK/before.reads") + $(requests "$WORK/before.writes") ))
A_REQ=$(( $(requests "$WORK/after.reads") + $(requests "$WORK/after.writes") ))

CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
MEM=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
OS=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || uname -s)
FS=$(df -T "$WORK" | awk 'NR == 2 { print $2 }')

# Hand-written notes below the marker survive a re-run.
MARKER='<!-- notes below this line are kept by scripts/load-test.sh -->'
NOTES=""
if [[ -f "$OUTPUT" ]] && grep -qF "$MARKER" "$OUTPUT"; then NOTES=$(sed -n "/$MARKER/,\$p" "$OUTPUT" | tail -n +2); fi

cat >"$OUTPUT" <<MD
# Load test: the seed's before/after, measured

\`scripts/load-test.sh\` runs \`samples/OmniSqlite.WebApi\` (Release, Production environment) on 127.0.0.1 twice on a fresh
database seeded with $SEED_CLIENTS clients, $CAMPAIGNS campaigns, $CONTENTS contents and $CONTENTS audio generations, and drives
it with [wrk](https://github.com/wg/wrk): $READ_USERS connections doing reads and $WRITE_USERS doing writes ($USERS concurrent users,
closed loop, no think time) for $DURATION per run, after a $WARMUP warm-up.

- **before**: \`OmniSqlite:Profile=Default\` (SQLite's own settings: journal_mode=$(info before journalMode), synchronous=FULL, no busy_timeout)
  and \`Database:SecondaryIndexes=false\` (unique constraints only: no index on campaigns.client_id, contents.campaign_id,
  audio_generations.content_id).
- **after**: \`OmniSqlite:Profile=Production\` (journal_mode=$(info after journalMode), synchronous=NORMAL, busy_timeout=5000, cache 64 MB,
  mmap 256 MiB) with every index the entities declare.

Reads: a random mix of \`GET /campaigns/{id}\`, \`/clients/{id}/campaigns\`, \`/campaigns/{id}/contents\`,
\`/contents/{id}/audio-generations\` and \`/audio-generations?taskId=\`. Writes: a random mix of \`POST /campaigns/{id}/contents\`,
\`POST /contents/{id}/audio-generations\` and \`PUT /campaigns/{id}/status\`, each one BEGIN IMMEDIATE transaction.
Latency is per request type as wrk measures it (no coordinated-omission correction); an error is a connect/read/write
error, a timeout (30 s) or a non-2xx answer.

| metric | before (Default, no indexes) | after (Production + indexes) | change |
|---|---:|---:|---:|
| read QPS | $B_RQ | $A_RQ | $(ratio "$B_RQ" "$A_RQ") |
| write QPS | $B_WQ | $A_WQ | $(ratio "$B_WQ" "$A_WQ") |
| read latency P50 / P95 (ms) | $(ms "$WORK/before.reads" p50_us) / $(ms "$WORK/before.reads" p95_us) | $(ms "$WORK/after.reads" p50_us) / $(ms "$WORK/after.reads" p95_us) | |
| write latency P50 / P95 (ms) | $(ms "$WORK/before.writes" p50_us) / $(ms "$WORK/before.writes" p95_us) | $(ms "$WORK/after.writes" p50_us) / $(ms "$WORK/after.writes" p95_us) | |
| concurrent users | $USERS | $USERS | |
| errors / requests | $B_ERR / $B_REQ | $A_ERR / $A_REQ | |

$(breakdown)

$(more_users)

Raw wrk summaries (latencies in microseconds):

\`\`\`
$(raw)
\`\`\`

## Machine and conditions

- $(nproc) cores ($CPU), $MEM RAM, $OS, database on $FS; .NET $(dotnet --version) SDK, SQLite $(info after sqliteVersion)
- load generator and server on the same machine (wrk with one thread per side); measured $(date -u '+%Y-%m-%d %H:%M UTC')
- 1-minute load average at the start and end of each measured run: $(for n in before indexes-only profile-only after after-more; do [[ -f "$WORK/$n.load" ]] && printf '%s %s; ' "$n" "$(loads "$n")"; done)
${CONDITIONS:+- $CONDITIONS}

## Reproduce

\`\`\`bash
BREAKDOWN=$BREAKDOWN MORE_USERS=$MORE_USERS USERS=$USERS READ_USERS=$READ_USERS DURATION=$DURATION SEED_CLIENTS=$SEED_CLIENTS SEED_CAMPAIGNS_PER_CLIENT=$SEED_CAMPAIGNS_PER_CLIENT SEED_CONTENTS_PER_CAMPAIGN=$SEED_CONTENTS_PER_CAMPAIGN scripts/load-test.sh
\`\`\`

The script installs wrk with apt-get when it is missing, publishes the sample in Release, and needs nothing else but the .NET SDK and curl.

$MARKER
$NOTES
MD
echo "Wrote $OUTPUT"
sed -n '/^| metric/,/^| errors/p' "$OUTPUT"
