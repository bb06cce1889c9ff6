#!/usr/bin/env bash
# `check` asks Spawning's Do-Not-Train registry (signals.md 5.2, vectors A9/A10) only when
# SPAWNING_API_KEY is set: an opted-out URL is reserved for training (signal spawning-registry),
# an opted-in one explicitly allowed, a failing registry is UNKNOWN with its reason, never an
# opt-out. The fixture server's emulator answers from a copy of the sites whose lists name
# URLs with this run's port.
source "$(dirname "$0")/lib.sh"
mkdir -p "$T/sites"
cp -r "$E2E_DIR/sites/allow.test" "$E2E_DIR/sites/registry.test" "$T/sites/"
SITES_ROOT="$T/sites" start_server
RESOLVE=(--resolve "allow.test:$PORT:127.0.0.1" --resolve "registry.test:$PORT:127.0.0.1")
cp "$E2E_DIR/sites/allow.test/page.html" "$T/sites/allow.test/in.html"
cp "$E2E_DIR/sites/allow.test/page.html" "$T/sites/allow.test/none.html"
url allow.test /page.html >>"$T/sites/registry.test/optout.txt"
url allow.test /in.html >>"$T/sites/registry.test/optin.txt"

run() { # URL: check --json into $T/db; sets OUT and RC
    OUT=$(check --json "$1" 2>"$T/err")
    RC=$?
}
field() { jq -r "$1" <<<"$OUT"; }

run "$(url allow.test /page.html)"
expect_eq "no key: registry not asked" 0 "$(grep -c '^registry.test POST' "$T/requests.log" || true)"
expect_eq "no key: no registry signal" "" "$(field '[.signals[] | select(.signal == "spawning-registry")] | .[0].signal // ""')"

export SPAWNING_API_KEY=$(cat "$T/sites/registry.test/api-key.txt")
export SPAWNING_API_URL=$(url registry.test /api/v2/query/urls/)
run "$(url allow.test /page.html)"
expect_eq "A9 opted out: exit 1" 1 "$RC"
expect_eq "A9 TRAIN_GENAI" DISALLOW_FULL "$(field .purposes.TRAIN_GENAI.stance)"
expect_eq "A9 signal" "spawning-registry" "$(field '.signals[] | select(.reserves | index("TRAIN_GENAI")) | .signal')"
expect_eq "A9 source is the registry" "$SPAWNING_API_URL" "$(field '.signals[0].source_url')"
expect_eq "one POST, padded, key accepted" 1 \
    "$(grep -c 'POST /api/v2/query/urls/ 200 urls=1 lines=2 auth=ok$' "$T/requests.log")"

run "$(url allow.test /in.html)"
expect_eq "A10 opted in: exit 0" 0 "$RC"
expect_eq "A10 TRAIN_GENAI" ALLOW_EXPLICIT "$(field .purposes.TRAIN_GENAI.stance)"

run "$(url allow.test /none.html)"
expect_eq "not listed: no registry signal" 0 "$(field '[.signals[] | select(.signal == "spawning-registry")] | length')"

# crawl: each parse worker asks about the works it has at hand in one POST, before judging them
printf '%s\n' "$(url allow.test /page.html)" "$(url allow.test /in.html)" \
    "$(url allow.test /none.html)" >"$T/urls.txt"
before=$(wc -l <"$T/requests.log")
crawl --urls "$T/urls.txt" --db "$T/crawldb" --quiet
expect_eq "crawl: exit" 0 "$?"
stance_of() { # PATH: the stored TRAIN_GENAI stance of that page
    "$CONSENTSCAN" export --db "$T/crawldb" |
        jq -r --arg u "$(url allow.test "$1")" 'select(.url == $u) | .purposes.TRAIN_GENAI.stance'
}
expect_eq "crawl: opted out (A9)" DISALLOW_FULL "$(stance_of /page.html)"
expect_eq "crawl: opted in (A10)" ALLOW_EXPLICIT "$(stance_of /in.html)"
expect_eq "crawl: not listed" NO_SIGNAL "$(stance_of /none.html)"
expect_eq "crawl: every work asked once, in batches" 3 \
    "$(tail -n +$((before + 1)) "$T/requests.log" | grep '^registry.test POST' |
        sed -n "s/.* urls=\\([0-9]*\\) .*/\\1/p" | awk "{ s += \$1 } END { print s + 0 }")"

export SPAWNING_API_URL=$(url registry.test /e500)
run "$(url allow.test /page.html)"
expect_eq "registry 500: exit 2 (unknown)" 2 "$RC"
expect_eq "registry 500: UNKNOWN, not an opt-out" UNKNOWN "$(field .purposes.TRAIN_GENAI.stance)"
expect_match "registry 500: the reason" "HTTP 500" "$(field .purposes.TRAIN_GENAI.reason)"
if grep -rq "$SPAWNING_API_KEY" "$T/err" <<<"$OUT"; then bad "the key was printed"; else ok; fi

export SPAWNING_API_KEY="bad key"
OUT=$(check --json "$(url allow.test /page.html)" 2>&1)
expect_eq "a key the client refuses: usage error" 3 "$?"
finish
