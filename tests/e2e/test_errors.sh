#!/usr/bin/env bash
# Bad input: a one-line error and the documented exit status, never a crash or a hang; the SSRF
# guard; hosts under .invalid (issue 2 items 6 and 8).
source "$(dirname "$0")/lib.sh"
start_server

expect_exit() { # WHAT STATUS CMD...
    local what=$1 want=$2
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    local got=$?
    expect_eq "$what: exit" "$want" "$got"
    if [ "$want" -ge 3 ]; then
        expect_eq "$what: one-line error" 1 "$(wc -l <"$T/err")"
    fi
}

expect_exit "malformed URL" 3 check "http://exa mple.org/"
expect_exit "unsupported scheme" 3 check "ftp://example.org/file"
expect_exit "no scheme" 3 check "example.org/page"
expect_exit "no URL" 3 check
expect_exit "unknown option" 3 check --bogus "$(url allow.test /page.html)"
expect_exit "unknown purpose" 3 check --purpose LUNCH "$(url allow.test /page.html)"
expect_exit "bad timeout" 3 check --timeout -5 "$(url allow.test /page.html)"
expect_exit "bad --resolve" 3 check --resolve nonsense "$(url allow.test /page.html)"
expect_exit "missing agent list" 3 "$CONSENTSCAN" check --agents "$T/none.json" --no-store \
    "$(url allow.test /page.html)"
echo '[1,2' >"$T/broken.json"
expect_exit "broken agent list" 3 "$CONSENTSCAN" check --agents "$T/broken.json" --no-store \
    "$(url allow.test /page.html)"
expect_exit "unknown command" 3 "$CONSENTSCAN" frobnicate
expect_exit "bad URL before any request" 3 check "$(url allow.test /page.html)" "http://["
expect_eq "nothing fetched before the usage error" 0 "$(requests allow.test /robots.txt)"

OUT=$(check --json "http://nowhere.invalid/page")
expect_eq ".invalid exit" 2 "$?"
expect_match ".invalid reason" "RFC 6761" "$(jq -r '.fetches["robots.txt"].error' <<<"$OUT")"

# SSRF guard on by default: 127.0.0.1 is refused at connect time
OUT=$("$CONSENTSCAN" check --json --no-store --agents "$E2E_DIR/agents.json" "${RESOLVE[@]}" \
    "$(url star-block.test /page.html)")
expect_eq "SSRF guard exit" 2 "$?"
expect_match "SSRF guard reason" "blocked" "$(jq -r '.fetches["robots.txt"].error' <<<"$OUT")"
expect_eq "SSRF guard: nothing reached the server" 0 "$(requests star-block.test /robots.txt)"

# offline commands
printf 'User-agent: GPTBot\nDisallow: /\n' >"$T/robots.txt"
expect_exit "robots disallowed" 1 "$CONSENTSCAN" robots "$T/robots.txt" GPTBot /x
expect_eq "robots output" "disallowed	line 2: Disallow: /" "$(cat "$T/out")"
expect_exit "robots allowed" 0 "$CONSENTSCAN" robots "$T/robots.txt" CCBot https://a.example/x
expect_exit "robots missing file" 3 "$CONSENTSCAN" robots "$T/nope.txt" GPTBot /x
expect_exit "robots bad URL" 3 "$CONSENTSCAN" robots "$T/robots.txt" GPTBot "http://["
expect_exit "robots usage" 3 "$CONSENTSCAN" robots "$T/robots.txt"
head -c 200000 /dev/urandom >"$T/garbage.txt"
expect_exit "robots on garbage" 0 "$CONSENTSCAN" robots "$T/garbage.txt" GPTBot /x
{
    printf '%s\t%s\t%s\n' "$T/robots.txt" GPTBot /x "$T/robots.txt" CCBot /x "$T/nope" GPTBot /x
    printf '%s\t%s\n' "$T/robots.txt" GPTBot
} >"$T/batch"
BATCH=$("$CONSENTSCAN" robots --batch <"$T/batch" 2>/dev/null)
expect_eq "robots --batch" "disallowed|allowed|error	cannot read file|error	expected FILE<TAB>AGENT<TAB>URL" \
    "$(paste -sd'|' <<<"$BATCH")"
expect_exit "xrobots noai" 1 "$CONSENTSCAN" xrobots "noai"
expect_exit "xrobots noindex" 0 "$CONSENTSCAN" xrobots "noindex"
expect_exit "xrobots --respect-noindex" 1 "$CONSENTSCAN" xrobots --respect-noindex "noindex"
expect_exit "xrobots usage" 3 "$CONSENTSCAN" xrobots
expect_exit "--version" 0 "$CONSENTSCAN" --version
expect_exit "--help" 0 "$CONSENTSCAN" --help
finish
