#!/usr/bin/env bash
# OAuth benchmark: Cleavr Connect (PostgreSQL, one process) against the reference OAuth servers of
# /work/shared/peers (panva oidc-provider, Authlib + Flask), in one run on one machine.
#
#   bench/oauth_bench.sh               ours, then the peers; table on stdout, docs/benchmarks.md updated
#   bench/oauth_bench.sh --no-peers    ours only (docs/benchmarks.md is not touched)
#   bench/oauth_bench.sh --profile     also profile our server with py-spy under each load
#                                      (extra runs after the measured ones; never part of the figures)
#   bench/oauth_bench.sh --workers-compare   also the receivable read with 2 server processes
#
# Tests (each: ${WARMUP} warm-up, then `wrk -t${THREADS} -c${CONNS} -d${DURATION} --latency`, run by the
# peers' own lib/wrk.sh + wrk/bench.lua, called from PEERS_SRC, never copied):
#   bearer GET /v1/me      Authorization: Bearer <token>, cycling over ACCESS_TOKENS pre-issued tokens;
#                          every 2xx body must contain "platform_id"
#   refresh_token grant    POST /oauth/token, client_secret_post; each of REFRESH_TOKENS pre-issued
#                          refresh tokens is sent once (warm-up and measured run share one cursor);
#                          every 2xx body must contain "access_token"
#   introspection          POST /oauth/introspect (RFC 7662), client_secret_post, token=<access token>
#                          cycling over ACCESS_TOKENS; every 2xx body must say "active":true
#   GET /v1/receivables/{id}, GET /v1/users/{id}, GET /v1/webhooks/{id}
#                          one access token, one object each, created through the API just before
#                          (bench/api_objects.py); every 2xx body must carry the object's id
# OUR_TESTS picks ours (default: all of "me refresh introspect receivable user webhook").
# Non-2xx responses, bad bodies and socket errors are counted and never count as throughput.
# The peers run the equivalent tests (their bearer GET, refresh_token and introspection) through
# their bench.sh. Memory: the server's resident set (every process of its group) is sampled every
# 0.5 s during each of our measured runs; its peak is listed under the table.
#
# Our server: a fresh database BENCH_DB on PG_ADMIN_URL's PostgreSQL, `cleavr-connect migrate`, tokens
# minted straight into it by bench/mint_tokens.py, then `cleavr-connect serve --workers 1
# --no-worker` on 127.0.0.1:$PORT in its own process group, stopped by that group on exit.
#
# Environment: DURATION=10s WARMUP=2s CONNS=32 THREADS=1 PORT=8400 REFRESH_TOKENS=60000
#   ACCESS_TOKENS=10000 BENCH_DB=cleavr_peersbench PG_ADMIN_URL=postgresql://postgres@127.0.0.1:5432/postgres
#   PEERS_SRC=/work/shared/peers PEER_TESTS="resource refresh" DOC=docs/benchmarks.md
#   PG_SYNC_COMMIT (unset: the server's synchronous_commit; "off" for this database only)
#   NOISE_MAX NOISE_WAIT NOISE_RETRIES QUIET_WAIT (the peers' shared-machine guard, lib/wrk.sh)
# Output: bench/results/oauth-<date>.txt (raw wrk output of every run, ours and the peers'),
#   bench/results/oauth-<date>-table.md, docs/benchmarks.md (results section regenerated).
#
# Why BENCH_DB contains "peersbench" and the server runs as `python -X peersbench …`: the peers'
# noise guard (lib/cpu_attrib.py) counts as "ours" wrk and every process whose command line contains
# the peers' directory or "peersbench"; anything else using CPU during a run is "foreign" and makes
# it repeat the run. The marker puts our server and its PostgreSQL backends (whose process title
# carries the database name) on the benchmark's side; the server's worker processes, started by
# multiprocessing, carry it in their interpreter's path (`.venv/bin/python-peersbench`, a link).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

PEERS_SRC=${PEERS_SRC:-/work/shared/peers}
export DURATION=${DURATION:-10s} WARMUP=${WARMUP:-2s} CONNS=${CONNS:-32} THREADS=${THREADS:-1}
PORT=${PORT:-8400}
REFRESH_TOKENS=${REFRESH_TOKENS:-60000}
ACCESS_TOKENS=${ACCESS_TOKENS:-10000}
BENCH_DB=${BENCH_DB:-cleavr_peersbench}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
PEER_TESTS=${PEER_TESTS:-"resource refresh introspect"}
OUR_TESTS=${OUR_TESTS:-"me refresh introspect receivable user webhook"}
DOC=${DOC:-docs/benchmarks.md}
VENV="$ROOT/.venv"
RUN_DIR="$ROOT/bench/.run"          # git-ignored: the peers' working copy, server log
RESULTS="$ROOT/bench/results"
STAMP=$(date +%Y%m%d-%H%M%S)
RAW="$RESULTS/oauth-$STAMP.txt"
TABLE="$RESULTS/oauth-$STAMP-table.md"

WITH_PEERS=1; PROFILE=0; COMPARE_WORKERS=0
for arg in "$@"; do
  case $arg in
    --no-peers) WITH_PEERS=0 ;;
    --profile) PROFILE=1 ;;
    --workers-compare) COMPARE_WORKERS=1 ;;
    -h | --help) sed -n '2,49p' "$0"; exit 0 ;;
    *) echo "unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done

# lib/wrk.sh needs PEERS_DIR (where wrk/bench.lua and lib/cpu_attrib.py live) and log().
# (lib/common.sh is not sourced: it creates .run/ inside the read-only peers directory.)
PEERS_DIR="$PEERS_SRC"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
# shellcheck source=/dev/null
source "$PEERS_SRC/lib/wrk.sh"

if ! command -v wrk >/dev/null && command -v apt-get >/dev/null; then
  log "installing wrk (Debian package)"
  SUDO=""; [[ $(id -u) == 0 ]] || SUDO="sudo"
  if ! $SUDO apt-get install -y -qq wrk >/dev/null; then
    $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq wrk >/dev/null
  fi
fi
for tool in wrk psql curl python3 rsync; do
  command -v "$tool" >/dev/null || { log "missing $tool"; exit 2; }
done
[[ -x $VENV/bin/cleavr-connect ]] || { log "no $VENV/bin/cleavr-connect: run ./scripts/test.sh or ./scripts/run.sh once"; exit 2; }
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && { log "port $PORT is busy"; exit 1; }

mkdir -p "$RUN_DIR" "$RESULTS"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cleavr-bench.XXXXXX")
SERVER_PID=""
stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    # setsid made the server the leader of its own process group: stop the whole group
    kill -TERM -- "-$SERVER_PID" 2>/dev/null || kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$SERVER_PID" 2>/dev/null && { kill -KILL -- "-$SERVER_PID" 2>/dev/null || true; }
    log "stopped cleavr-connect (pid $SERVER_PID)"
  fi
  SERVER_PID=""
}
cleanup() { stop_server; rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_up() {  # URL SECONDS
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    curl -s -o /dev/null --max-time 1 "$1" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { log "server died, see $RUN_DIR/server.log"; return 1; }
    sleep 0.1
  done
  log "timeout waiting for $1"; return 1
}

# ---------------------------------------------------------------- machine
PY_VERSION=$("$VENV/bin/python" -c 'import sys; print(sys.version.split()[0])')
PG_VERSION=$(psql "$PG_ADMIN_URL" -Atc 'show server_version')
CODE_REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || CODE_REV+=" + uncommitted changes in src/"
{
  echo "# bench/oauth_bench.sh run $STAMP"
  echo "# host: $(uname -srm), $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "# python $PY_VERSION, PostgreSQL $PG_VERSION, $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), node $(node -v 2>/dev/null || echo -)"
  echo "# wrk -t$THREADS -c$CONNS -d$DURATION --latency after a $WARMUP warm-up; code: $CODE_REV"
  echo "# PostgreSQL synchronous_commit: ${PG_SYNC_COMMIT:-$(psql "$PG_ADMIN_URL" -Atc 'show synchronous_commit')}"
} >"$RAW"

# ---------------------------------------------------------------- our server
BASE="http://127.0.0.1:$PORT"
export CLEAVR_DATABASE_URL="${PG_ADMIN_URL%/*}/$BENCH_DB"
export CLEAVR_DATA_DIR="$TMP/data"
export CLEAVR_SECRET_KEY=${CLEAVR_SECRET_KEY:-cleavr-benchmark-secret-key-0123456789abcdef}
export CLEAVR_BASE_URL="$BASE"
export CLEAVR_RATE_LIMIT_LIVE=0 CLEAVR_RATE_LIMIT_TEST=0
unset CLEAVR_REDIS_URL

log "recreating database $BENCH_DB"
psql "$PG_ADMIN_URL" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" \
  -c "CREATE DATABASE $BENCH_DB" 2>&1 | grep -v 'does not exist, skipping' >&2 || true
if [[ -n ${PG_SYNC_COMMIT:-} ]]; then
  # e.g. PG_SYNC_COMMIT=off: commits stop waiting for the WAL flush (for this database only), to
  # see what durability costs; Authlib's SQLite (WAL, synchronous=NORMAL) does not fsync commits.
  psql "$PG_ADMIN_URL" -q -v ON_ERROR_STOP=1 -c "ALTER DATABASE $BENCH_DB SET synchronous_commit = $PG_SYNC_COMMIT"
fi
"$VENV/bin/cleavr-connect" migrate >&2
log "minting $REFRESH_TOKENS refresh + $ACCESS_TOKENS access tokens (bench/mint_tokens.py)"
"$VENV/bin/python" "$ROOT/bench/mint_tokens.py" --out "$TMP/tokens" \
  --refresh "$REFRESH_TOKENS" --access "$ACCESS_TOKENS" 2>&1 | tee -a "$RAW" >&2
# shellcheck source=/dev/null
source "$TMP/tokens/client.env"   # CLIENT_ID, CLIENT_SECRET
psql "${PG_ADMIN_URL%/*}/$BENCH_DB" -q -c 'VACUUM ANALYZE' >&2

start_server() {  # WORKERS
  log "starting cleavr-connect serve --workers $1 --no-worker on $BASE"
  # With --workers N, uvicorn starts its processes through multiprocessing, with the interpreter's
  # path and none of its -X options: a link named for the marker keeps them on our side. No access
  # line per request (`--log-level warning`): the peers write none either.
  ln -sf python "$VENV/bin/python-peersbench"
  setsid "$VENV/bin/python-peersbench" -X peersbench "$VENV/bin/cleavr-connect" serve --port "$PORT" \
    --workers "$1" --no-worker --no-migrate --log-level warning >"$RUN_DIR/server.log" 2>&1 </dev/null &
  SERVER_PID=$!
  wait_up "$BASE/.well-known/oauth-authorization-server" 60
}
start_server 1

CREDS="client_id=$CLIENT_ID&client_secret=$CLIENT_SECRET"
# Correctness before load: a valid token answers 200 with the platform, a forged one 401; a refresh
# rotates, and presenting the spent token again is refused (on a grant of its own: reuse kills it).
at=$(head -1 "$TMP/tokens/access_tokens.txt")
me=$(curl -s -w ' %{http_code}' -H "Authorization: Bearer $at" "$BASE/v1/me")
[[ $me == *'"platform_id"'*' 200' ]] || { log "GET /v1/me with a minted token failed: $me"; exit 1; }
bad=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer clv_tok_x" "$BASE/v1/me")
[[ $bad == 401 ]] || { log "GET /v1/me with a bad token answered $bad, not 401"; exit 1; }
check=$(head -1 "$TMP/tokens/check_refresh_token.txt")
r1=$(curl -s -X POST "$BASE/oauth/token" -d "grant_type=refresh_token&refresh_token=$check&$CREDS")
new_rt=$(sed -n 's/.*"refresh_token": *"\([^"]*\)".*/\1/p' <<<"$r1")
[[ -n $new_rt ]] || { log "refresh with a minted token failed: $r1"; exit 1; }
reuse=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/oauth/token" -d "grant_type=refresh_token&refresh_token=$check&$CREDS")
OUR_NOTE="cleavr-connect: refresh_token rotation: $([[ $new_rt != "$check" ]] && echo yes || echo no); reusing a spent refresh token -> HTTP $reuse"
log "$OUR_NOTE"
# The objects the detail reads read, created through the API with the first access token; then
# the same token introspected, and each object read once, before any load.
eval "$("$VENV/bin/python" "$ROOT/bench/api_objects.py" "$BASE" "$at")"
head -1 "$TMP/tokens/access_tokens.txt" >"$TMP/one_token.txt"
intro=$(curl -s -X POST "$BASE/oauth/introspect" -d "token=$at&$CREDS")
[[ $intro == *'"active":true'* ]] || { log "introspection of a minted token failed: $intro"; exit 1; }
for path in "receivables/$RECEIVABLE_ID" "users/$USER_ID" "webhooks/$WEBHOOK_ID"; do
  got=$(curl -s -w ' %{http_code}' -H "Authorization: Bearer $at" "$BASE/v1/$path")
  [[ $got == *"\"id\":\"${path#*/}\""*' 200' ]] || { log "GET /v1/$path failed: $got"; exit 1; }
done

{
  echo "| peer | test | requests/s | p50 ms | p99 ms | non-2xx | bad body | socket errors | other CPU % | calib ms | status |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
} >"$TMP/ours.md"
add_row() {
  printf '| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s |\n' cleavr-connect "$1" "$R_RPS" "$R_P50" \
    "$R_P99" "$R_N2" "$R_BB" "$R_SE" "$R_FOREIGN" "$R_CALIB" "$R_STATUS" >>"$TMP/ours.md"
}

IN_ENV=(WRK_METHOD=POST "WRK_BODY=token=%TOKEN%&$CREDS" "WRK_TOKENS_FILE=$TMP/tokens/access_tokens.txt"
  WRK_TOKENS_MODE=cycle 'WRK_EXPECT="active":true')
read_env() {  # ID: one token, one object; the body must carry its id
  READ_ENV=(WRK_METHOD=GET "WRK_TOKENS_FILE=$TMP/one_token.txt" WRK_TOKENS_MODE=cycle
    WRK_TOKEN_IN=bearer "WRK_EXPECT=\"id\":\"$1\"")
}
ME_ENV=(WRK_METHOD=GET "WRK_TOKENS_FILE=$TMP/tokens/access_tokens.txt" WRK_TOKENS_MODE=cycle
  WRK_TOKEN_IN=bearer 'WRK_EXPECT="platform_id"')
echo 0 >"$TMP/refresh_state"
RF_ENV=(WRK_METHOD=POST "WRK_BODY=grant_type=refresh_token&refresh_token=%TOKEN%&$CREDS"
  "WRK_TOKENS_FILE=$TMP/tokens/refresh_tokens.txt" WRK_TOKENS_MODE=once
  "WRK_STATE_FILE=$TMP/refresh_state" 'WRK_EXPECT="access_token"')

# PostgreSQL sessions opened while a test ran (all its attempts, warm-ups included): with a pool
# that holds every connection the load needs, this stays near 0.
pg_sessions() { psql "$PG_ADMIN_URL" -Atc "select sessions from pg_stat_database where datname = '$BENCH_DB'"; }
POOL_NOTES=()
RSS_NOTES=()
# Peak resident set while a test runs: every process of the server's group (uvicorn's supervisor
# and its API processes), sampled every 0.5 s; "MiB total / MiB of the largest process".
rss_sample() {  # OUT: runs until killed
  local total max peak_total=0 peak_max=0
  while :; do
    read -r total max < <(ps -o rss= -g "$SERVER_PID" 2>/dev/null | awk '{t += $1; if ($1 > m) m = $1} END {print t + 0, m + 0}')
    (( total > peak_total )) && peak_total=$total
    (( max > peak_max )) && peak_max=$max
    echo "$peak_total $peak_max" >"$1"
    sleep 0.5
  done
}
measure() {  # ROW_LABEL URL WRK_VARS...
  local row=$1 url=$2 s0 s1 sampler total max; shift 2
  s0=$(pg_sessions)
  rss_sample "$TMP/rss" & sampler=$!
  if wrk_measure "$RAW" "cleavr-connect / $row" "$url" "$@"; then :; fi
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  s1=$(pg_sessions)
  add_row "$row"
  POOL_NOTES+=("cleavr-connect / $row: $((s1 - s0)) PostgreSQL connections opened during the test (all attempts, warm-ups included)")
  echo "--- PostgreSQL connections opened during this test (all attempts): $((s1 - s0))" >>"$RAW"
  read -r total max <"$TMP/rss"
  RSS_NOTES+=("cleavr-connect / $row: peak resident memory $((total / 1024)) MiB for the server's processes, $((max / 1024)) MiB for the largest one")
  echo "--- peak RSS: $((total / 1024)) MiB all processes, $((max / 1024)) MiB largest" >>"$RAW"
}
wants() { [[ " $OUR_TESTS " == *" $1 "* ]]; }
wants me && measure "bearer GET /v1/me" "$BASE/v1/me" "${ME_ENV[@]}"
wants refresh && measure refresh_token "$BASE/oauth/token" "${RF_ENV[@]}"
wants introspect && measure introspection "$BASE/oauth/introspect" "${IN_ENV[@]}"
read_env "$RECEIVABLE_ID"
wants receivable && measure "GET /v1/receivables/{id}" "$BASE/v1/receivables/$RECEIVABLE_ID" "${READ_ENV[@]}"
read_env "$USER_ID"
wants user && measure "GET /v1/users/{id}" "$BASE/v1/users/$USER_ID" "${READ_ENV[@]}"
read_env "$WEBHOOK_ID"
wants webhook && measure "GET /v1/webhooks/{id}" "$BASE/v1/webhooks/$WEBHOOK_ID" "${READ_ENV[@]}"

if [[ $PROFILE == 1 ]]; then
  if [[ ! -x $VENV/bin/py-spy ]]; then log "installing py-spy into .venv"; "$VENV/bin/pip" install -q py-spy; fi
  prof_secs=${DURATION%s}
  read_env "$RECEIVABLE_ID"
  for t in me refresh introspect receivable; do
    case $t in
      me) url="$BASE/v1/me"; envs=("${ME_ENV[@]}") ;;
      refresh) url="$BASE/oauth/token"; envs=("${RF_ENV[@]}") ;;
      introspect) url="$BASE/oauth/introspect"; envs=("${IN_ENV[@]}") ;;
      receivable) url="$BASE/v1/receivables/$RECEIVABLE_ID"; envs=("${READ_ENV[@]}") ;;
    esac
    out="$RESULTS/oauth-$STAMP-profile-$t"
    folded="$RUN_DIR/oauth-$STAMP-profile-$t.folded"
    log "profiling $t: py-spy record for ${prof_secs}s under wrk load (not a measurement)"
    "$VENV/bin/py-spy" record --pid "$SERVER_PID" --rate 100 --nonblocking --duration "$prof_secs" \
      --format raw --output "$folded" >"$TMP/pyspy.log" 2>&1 &
    spy=$!
    sleep 0.5
    env "${envs[@]}" wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" -s "$WRK_LUA" "$url" >"$TMP/prof-wrk.txt" 2>&1 || true
    wait "$spy" || { log "py-spy failed:"; cat "$TMP/pyspy.log" >&2; }
    if [[ -s $folded ]]; then
      {
        echo "# py-spy record --rate 100 --nonblocking on cleavr-connect serve --workers 1, $DURATION under"
        echo "# wrk -t$THREADS -c$CONNS ($t test); wrk under py-spy: $(grep '^RESULT' "$TMP/prof-wrk.txt" || echo 'no result')"
        echo "# collapsed stacks (for flamegraph tools): ${folded#"$ROOT"/}"
        "$VENV/bin/python" "$ROOT/bench/report.py" folded "$folded"
      } >"$out.txt"
      log "$t profile: ${out#"$ROOT"/}.txt (top functions)"
    fi
  done
fi
if [[ $COMPARE_WORKERS == 1 ]]; then
  # The same read with two API processes (the machine's cores), to see how throughput scales.
  stop_server
  start_server 2
  read_env "$RECEIVABLE_ID"
  measure "GET /v1/receivables/{id}, 2 processes" "$BASE/v1/receivables/$RECEIVABLE_ID" "${READ_ENV[@]}"
fi
stop_server

# ---------------------------------------------------------------- peers
PEERS_TABLE=""
if [[ $WITH_PEERS == 1 ]]; then
  # The peers' scripts write next to themselves (.run/, .tmp/, results/, node_modules/, .venv/,
  # data/): run them from a working copy under bench/.run/peers, refreshed from PEERS_SRC on every
  # run; the installed node_modules/ and .venv/ survive between runs.
  WORK="$RUN_DIR/peers"
  mkdir -p "$WORK"
  rsync -a --delete --exclude node_modules/ --exclude .venv/ --exclude .run/ --exclude .tmp/ \
    --exclude results/ --exclude data/ "$PEERS_SRC/" "$WORK/"
  chmod -R u+w "$WORK"
  PEERS_TABLE="$TMP/peers.md"
  log "running the peers: $WORK/bench.sh all (TESTS=\"$PEER_TESTS\")"
  TESTS="$PEER_TESTS" RAW="$RAW" TABLE="$PEERS_TABLE" "$WORK/bench.sh" all || log "peers' bench.sh failed (rows may be missing)"
fi

# ---------------------------------------------------------------- report
REPORT_ARGS=(table --raw "$RAW" --ours "$TMP/ours.md" --out "$TABLE"
  --python "$PY_VERSION" --postgres "$PG_VERSION" --code "$CODE_REV" --command "bench/oauth_bench.sh")
for n in "$OUR_NOTE" "${POOL_NOTES[@]}" "${RSS_NOTES[@]}"; do REPORT_ARGS+=(--note "$n"); done
[[ -n $PEERS_TABLE && -f $PEERS_TABLE ]] && REPORT_ARGS+=(--peers "$PEERS_TABLE")
[[ $WITH_PEERS == 1 ]] && REPORT_ARGS+=(--doc "$ROOT/$DOC")
"$VENV/bin/python" "$ROOT/bench/report.py" "${REPORT_ARGS[@]}"
{ echo; echo "=== combined table (bench/oauth_bench.sh)"; cat "$TABLE"; } >>"$RAW"
log "raw output: ${RAW#"$ROOT"/}"
log "table: ${TABLE#"$ROOT"/}"
[[ $WITH_PEERS == 1 ]] && log "updated $DOC"
exit 0
