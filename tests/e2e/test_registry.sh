#!/usr/bin/env bash
# `consentscan registry URL... [--file LIST]`: Spawning's Do-Not-Train registry (signals.md 5.2,
# vectors A9/A10 of 5.3) asked through the fixture server's emulator on registry.test, never a
# live service: answers per URL, batching (several POSTs, single URL padded), the key sent only
# as "Authorization: API <key>" and printed nowhere, retries (429 then success; 500 -> unknown
# with a reason), malformed answers, timeouts, no key -> one-line error.
source "$(dirname "$0")/lib.sh"
start_server

KEY=$(cat "$E2E_DIR/sites/registry.test/api-key.txt")
ENDPOINT=$(url registry.test /api/v2/query/urls/)
OUT="http://demo-photo.test/portfolio/sunset.jpg"
IN="http://demo-atlas.test/tiles/1.png"
BOTH="https://example.com/both.jpg"
NONE="https://example.com/unlisted.jpg"

reg() { # ARGS...: output in $T/out and $T/err, status in RC (env: SPAWNING_API_*)
    "$CONSENTSCAN" registry --allow-private --timeout 5 "${RESOLVE[@]}" "$@" >"$T/out" 2>"$T/err"
    RC=$?
    cat "$T/out" "$T/err" >>"$T/all-output"
}
# reg_posts PATH: POSTs the server saw at PATH so far
reg_posts() { grep -c "^registry.test POST $1 " "$T/requests.log" || true; }
answer() { jq -r "select(.url == \"$1\") | .registry" "$T/out"; }

export SPAWNING_API_KEY="$KEY" SPAWNING_API_URL="$ENDPOINT"

# A9, A10, not listed; optOut wins over optIn
reg "$OUT" "$IN" "$BOTH" "$NONE"
expect_eq "A9..: exit 1 (some URL opted out)" 1 "$RC"
expect_eq "one JSON object per URL" 4 "$(jq -c . "$T/out" | wc -l)"
expect_eq "A9 optOut: opted-out" opted-out "$(answer "$OUT")"
expect_eq "A10 optIn: opted-in" opted-in "$(answer "$IN")"
expect_eq "optOut and optIn: opted-out" opted-out "$(answer "$BOTH")"
expect_eq "not listed" not-listed "$(answer "$NONE")"
expect_eq "input order kept" "$OUT $IN $BOTH $NONE" "$(jq -r .url "$T/out" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "answered URLs have no reason" null "$(jq -s -c 'map(.reason) | unique | .[0]' "$T/out")"
expect_eq "one POST, 4 URLs, key accepted" 1 \
    "$(grep -c 'POST /api/v2/query/urls/ 200 urls=4 lines=4 auth=ok$' "$T/requests.log")"

# a single URL is padded with an empty line (the API wants more than one)
reg "$NONE"
expect_eq "single URL: exit 0" 0 "$RC"
expect_eq "single URL: not-listed" not-listed "$(answer "$NONE")"
expect_eq "single URL: padded to two lines" 1 \
    "$(grep -c 'POST /api/v2/query/urls/ 200 urls=1 lines=2 auth=ok$' "$T/requests.log")"

# batches: 7 URLs with --batch 3 -> 3 POSTs (3, 3, 1 padded); --file LIST with comments
{
    echo "# a list"
    for i in 1 2 3 4 5; do echo "https://example.com/f$i.jpg"; done
    echo
    printf '%s\r\n' "$OUT"
} >"$T/list.txt"
before=$(reg_posts /api/v2/query/urls/)
reg --batch 3 --file "$T/list.txt" "$IN"
expect_eq "batches: exit 1" 1 "$RC"
expect_eq "batches: 7 answers" 7 "$(wc -l <"$T/out")"
expect_eq "batches: three POSTs" 3 "$(($(reg_posts /api/v2/query/urls/) - before))"
expect_eq "batches: sizes 3, 3, 1+pad" "urls=3 lines=3|urls=3 lines=3|urls=1 lines=2" \
    "$(grep 'POST /api/v2/query/urls/' "$T/requests.log" | tail -3 | sed 's/.* \(urls=[0-9]* lines=[0-9]*\) .*/\1/' | paste -sd'|')"
expect_eq "batches: listed URL in the last batch" opted-out "$(answer "$OUT")"
expect_eq "batches: argument URL first" "$IN" "$(jq -r .url "$T/out" | head -1)"

# the real cap: 10,001 URLs -> one POST of 10,000 (the API's maximum) and one of 1, padded
{ seq -f 'https://example.com/big/%g.jpg' 10000; echo "$OUT"; } >"$T/big.txt"
before=$(reg_posts /api/v2/query/urls/)
reg --file "$T/big.txt"
expect_eq "10001 URLs: exit 1" 1 "$RC"
expect_eq "10001 URLs: answers" "10000 not-listed|1 opted-out" \
    "$(jq -r .registry "$T/out" | sort | uniq -c | sed 's/^ *//' | paste -sd'|')"
expect_eq "10001 URLs: two POSTs" 2 "$(($(reg_posts /api/v2/query/urls/) - before))"
expect_eq "10001 URLs: 10000 then 1 padded" "urls=10000 lines=10000|urls=1 lines=2" \
    "$(grep 'POST /api/v2/query/urls/' "$T/requests.log" | tail -2 | sed 's/.* \(urls=[0-9]* lines=[0-9]*\) .*/\1/' | paste -sd'|')"
expect_eq "10001 URLs: the last one answered" opted-out "$(jq -r .registry "$T/out" | tail -1)"

# 429 once (Retry-After: 1), then the answer
SPAWNING_API_URL=$(url registry.test /once429) reg "$OUT" "$NONE"
expect_eq "429 then 200: exit 1" 1 "$RC"
expect_eq "429 then 200: answered" "opted-out not-listed" "$(jq -r .registry "$T/out" | paste -sd' ')"
expect_eq "429 then 200: no reason" null "$(jq -s -c 'map(.reason) | unique | .[0]' "$T/out")"
expect_eq "429 then 200: two POSTs" "429 200" \
    "$(grep '^registry.test POST /once429 ' "$T/requests.log" | cut -d' ' -f4 | paste -sd' ')"

# 500 every time: 3 attempts, then unknown with a reason, never an opt-out
SPAWNING_API_URL=$(url registry.test /e500) reg "$OUT" "$NONE"
expect_eq "500: exit 2 (unknown)" 2 "$RC"
expect_eq "500: unknown" "unknown unknown" "$(jq -r .registry "$T/out" | paste -sd' ')"
expect_match "500: reason" "HTTP 500" "$(jq -r .reason "$T/out" | head -1)"
expect_eq "500: three attempts" 3 "$(reg_posts /e500)"

# malformed answer (200, not JSON)
SPAWNING_API_URL=$(url registry.test /badjson) reg "$OUT" "$NONE"
expect_eq "bad JSON: exit 2" 2 "$RC"
expect_match "bad JSON: reason" "not the API's JSON" "$(jq -r .reason "$T/out" | head -1)"
expect_eq "bad JSON: one attempt (not transient)" 1 "$(reg_posts /badjson)"

# timeout (the answer comes after 4 s; --timeout 1)
SPAWNING_API_URL=$(url registry.test /slow) "$CONSENTSCAN" registry --allow-private --timeout 1 \
    "${RESOLVE[@]}" "$OUT" >"$T/out" 2>>"$T/all-output"
expect_eq "timeout: unknown" unknown "$(jq -r .registry "$T/out")"
expect_match "timeout: reason" "timeout" "$(jq -r .reason "$T/out")"
expect_eq "timeout: three attempts" 3 "$(reg_posts /slow)"
cat "$T/out" >>"$T/all-output"

# a wrong key: 401, unknown, not retried
SPAWNING_API_KEY=not-the-key reg "$OUT"
expect_eq "wrong key: exit 2" 2 "$RC"
expect_match "wrong key: reason" "HTTP 401 \(the key was refused\)" "$(jq -r .reason "$T/out")"
expect_eq "wrong key: logged as bad auth" 1 "$(grep -c 'POST /api/v2/query/urls/ 401 urls=1 lines=2 auth=bad$' "$T/requests.log")"

# the SSRF guard applies to the endpoint as to any fetch
"$CONSENTSCAN" registry --timeout 5 "${RESOLVE[@]}" "$OUT" >"$T/out" 2>>"$T/all-output"
expect_match "SSRF guard: unknown, blocked" "blocked" "$(jq -r .reason "$T/out")"

# the key went only as "API <key>", and consentscan printed it nowhere
expect_eq "every accepted request carried API <key>" 0 "$(grep 'registry.test POST' "$T/requests.log" | grep -vc 'auth=\(ok\|bad\)$')"
if grep -qF "$KEY" "$T/all-output"; then bad "the key appears in consentscan's output"; else ok; fi

# no key: one-line error, exit 3, nothing sent
before=$(grep -c 'registry.test POST' "$T/requests.log")
SPAWNING_API_KEY= reg "$OUT"
expect_eq "no key: exit 3" 3 "$RC"
expect_eq "no key: one-line error" 1 "$(wc -l <"$T/err")"
expect_match "no key: says so" "SPAWNING_API_KEY is not set" "$(cat "$T/err")"
expect_eq "no key: nothing on stdout" 0 "$(wc -c <"$T/out")"
expect_eq "no key: nothing sent" "$before" "$(grep -c 'registry.test POST' "$T/requests.log")"
expect_eq "unset key: exit 3" 3 "$(
    unset SPAWNING_API_KEY
    "$CONSENTSCAN" registry "$OUT" >/dev/null 2>&1
    echo $?
)"

# usage errors before any request
reg "not a url"
expect_eq "malformed URL: exit 3" 3 "$RC"
expect_eq "malformed URL: one line" 1 "$(wc -l <"$T/err")"
reg
expect_eq "no URL: exit 3" 3 "$RC"
SPAWNING_API_URL="ftp://registry.test/" reg "$OUT"
expect_eq "bad endpoint: exit 3" 3 "$RC"
expect_match "bad endpoint: says so" "registry endpoint" "$(cat "$T/err")"
SPAWNING_API_KEY="two words" reg "$OUT"
expect_eq "key with a blank: exit 3" 3 "$RC"
if grep -q "two words" "$T/err"; then bad "a refused key is echoed"; else ok; fi

# other hosts keep refusing POST
expect_eq "POST elsewhere: 405" 405 "$(curl -s -o /dev/null -w '%{http_code}' -X POST --data x \
    --resolve "allow.test:$PORT:127.0.0.1" "$(url allow.test /page.html)")"
finish
