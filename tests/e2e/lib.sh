# Shared helpers for the end-to-end tests: start the fixture server on 127.0.0.1 (port 0),
# run the real consentscan binary against it, count passes and failures.
# Needs CONSENTSCAN, FIXTURE_SERVER and E2E_DIR (ctest sets them); start_hub needs FIXTURE_HUB.
set -u
: "${CONSENTSCAN:?}" "${FIXTURE_SERVER:?}" "${E2E_DIR:?}"
T=$(mktemp -d /tmp/cs-e2e.XXXXXX)
PASSED=0
FAILED=0
SERVER_PID=
HUB_PID=
RESOLVE=()

cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    [ -n "$HUB_PID" ] && kill "$HUB_PID" 2>/dev/null && wait "$HUB_PID" 2>/dev/null
    chmod -R u+w "$T" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT

# start_server [OPTION...]: extra options (--stall-port-file FILE) go to the fixture server.
start_server() {
    "$FIXTURE_SERVER" --root "${SITES_ROOT:-$E2E_DIR/sites}" --port-file "$T/port" \
        --log "$T/requests.log" "$@" >"$T/server.out" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 100); do
        [ -s "$T/port" ] && break
        sleep 0.05
    done
    PORT=$(cat "$T/port")
    RESOLVE=()
    for d in "$E2E_DIR"/sites/*.test; do
        RESOLVE+=(--resolve "$(basename "$d"):$PORT:127.0.0.1")
    done
}

url() { echo "http://$1:$PORT$2"; }

# start_portal: a second fixture server serving $T/portal (files a test wrote once the sites'
# port was known) as portal.test; sets P2 and PORTAL_PID, adds portal.test to RESOLVE and logs
# requests to $T/portal.log. stop_portal stops it.
start_portal() {
    "$FIXTURE_SERVER" --root "$T/portal" --port-file "$T/portal.port" --log "$T/portal.log" \
        >/dev/null 2>&1 &
    PORTAL_PID=$!
    for _ in $(seq 100); do [ -s "$T/portal.port" ] && break; sleep 0.05; done
    P2=$(cat "$T/portal.port")
    RESOLVE+=(--resolve "portal.test:$P2:127.0.0.1")
}
stop_portal() {
    kill "$PORTAL_PID" 2>/dev/null
    wait "$PORTAL_PID" 2>/dev/null
}

# start_hub [OPTION...]: starts the fixture hub (cs_fixture_hub, FIXTURE_HUB) on 127.0.0.1,
# port 0, serving tests/e2e/hub with the token $HUB_TOKEN; extra options (--rate-limit N,
# --variant FILE, --expire-after N, ...) are passed on. Call start_server first to get card
# links with the sites' port ({{SITES}}). Sets HUB_PID, HUB_PORT, HUB_BASE=http://hub.test:PORT
# and HUB_LOG, and adds hub.test and cdn.test (the redirect target) to RESOLVE.
HUB_TOKEN=hf_fixture_token
start_hub() {
    local sites=()
    [ -n "${PORT:-}" ] && sites=(--sites-port "$PORT")
    HUB_LOG="$T/hub.log"
    rm -f "$T/hub.port"
    "$FIXTURE_HUB" --data "${HUB_DATA:-$E2E_DIR/hub}" --port-file "$T/hub.port" --log "$HUB_LOG" \
        --token "$HUB_TOKEN" "${sites[@]}" "$@" >"$T/hub.out" 2>&1 &
    HUB_PID=$!
    for _ in $(seq 100); do
        [ -s "$T/hub.port" ] && break
        sleep 0.05
    done
    HUB_PORT=$(cat "$T/hub.port")
    HUB_BASE="http://hub.test:$HUB_PORT"
    local keep=() i
    for ((i = 0; i < ${#RESOLVE[@]}; i += 2)); do # a restarted hub replaces its entries
        [[ "${RESOLVE[i + 1]}" =~ ^(hub|cdn)\.test: ]] || keep+=("${RESOLVE[i]}" "${RESOLVE[i + 1]}")
    done
    RESOLVE=("${keep[@]}" --resolve "hub.test:$HUB_PORT:127.0.0.1" --resolve "cdn.test:$HUB_PORT:127.0.0.1")
}

# stop_hub: stops the fixture hub (to restart it with other options).
stop_hub() {
    [ -n "$HUB_PID" ] && kill "$HUB_PID" 2>/dev/null && wait "$HUB_PID" 2>/dev/null
    HUB_PID=
}

# hub_requests HOST PATH[?QUERY]: how many times the fixture hub saw that request (any status).
hub_requests() { grep -c "^$1 [A-Z]* $2 " "$HUB_LOG" || true; }

# check ARGS...: the real binary against the fixture web, with the test agent list and store.
check() {
    "$CONSENTSCAN" check --allow-private --agents "$E2E_DIR/agents.json" --db "$T/db" \
        --timeout 5 "${RESOLVE[@]}" "$@"
}

ok() { PASSED=$((PASSED + 1)); }
bad() { FAILED=$((FAILED + 1)); echo "FAIL: $*" >&2; }

expect_eq() { # WHAT EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then ok; else bad "$1: expected '$2', got '$3'"; fi
}

expect_match() { # WHAT REGEX ACTUAL
    if [[ "$3" =~ $2 ]]; then ok; else bad "$1: '$3' does not match /$2/"; fi
}

# requests HOST PATH: how many times the fixture server saw that request.
requests() { grep -c "^$1 [A-Z]* $2 " "$T/requests.log" || true; }

# canonical export of store DIR: sorted lines, without times (the rig's comparison rule)
canon() {
    "$CONSENTSCAN" export --db "$1" |
        jq -cS 'walk(if type == "object" then del(.fetched_at, .checked_at, .from_cache)
                     else . end)' | sort
}

# crawl ARGS...: the real binary's crawl against the fixture web
crawl() {
    "$CONSENTSCAN" crawl --allow-private --agents "$E2E_DIR/agents.json" --timeout 5 \
        --delay 0.05 "${RESOLVE[@]}" "$@"
}

finish() {
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}
