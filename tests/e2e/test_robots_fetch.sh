#!/usr/bin/env bash
# robots.txt fetch outcomes (RFC 9309 2.3.1; signals.md 1.4): 4xx = no robots, 5xx/429/timeouts
# = unreachable (UNKNOWN, never an opt-out, and consentscan stays away), redirects, size limit,
# garbage and HTML served as robots.txt.
source "$(dirname "$0")/lib.sh"
start_server

run() {
    OUT=$(check --json "$@" 2>"$T/stderr")
    RC=$?
}
robots() { jq -r ".fetches[\"robots.txt\"].$1" <<<"$OUT"; }
stance() { jq -r ".purposes.$1.stance" <<<"$OUT"; }

run "$(url r403.test /page.html)"
expect_eq "403 outcome" unavailable "$(robots outcome)"
expect_eq "403 exit" 0 "$RC"
expect_eq "403 page fetched" 1 "$(requests r403.test /page.html)"

for code in 500 503 429; do
    run "$(url r$code.test /page.html)"
    expect_eq "$code outcome" unreachable "$(robots outcome)"
    expect_eq "$code exit (UNKNOWN, not an opt-out)" 2 "$RC"
    expect_eq "$code stance" UNKNOWN "$(stance TRAIN_GENAI)"
    expect_eq "$code page not fetched" 0 "$(requests r$code.test /page.html)"
done
# a single check retries briefly (3 attempts in 10 s); a Retry-After beyond that budget is
# taken at its word: no retry at all
expect_eq "500 retried: three attempts" 3 "$(requests r500.test /robots.txt)"
expect_eq "503 with Retry-After: 3600: one attempt" 1 "$(requests r503.test /robots.txt)"

run "$(url redirect.test /page.html)"
expect_eq "redirect chain outcome" ok "$(robots outcome)"
expect_eq "redirect chain: target's rules apply" DISALLOW_PARTIAL "$(stance TRAIN_GENAI)"
expect_match "redirect chain final URL" "redirect.test" "$(robots final_url)"

run "$(url redirect-loop.test /page.html)"
expect_eq "redirect loop outcome (RFC 9309 2.3.1.2)" unavailable "$(robots outcome)"
expect_eq "redirect loop exit" 0 "$RC"

run "$(url big.test /page.html)"
expect_eq "50 MB robots.txt: parsed prefix" ok "$(robots outcome)"
expect_eq "50 MB robots.txt: truncated" true "$(robots truncated)"

run "$(url garbage.test /page.html)"
expect_eq "binary robots.txt" true "$(robots no_valid_records)"
expect_eq "binary robots.txt exit" 0 "$RC"

run "$(url html-robots.test /page.html)"
expect_eq "HTML robots.txt flagged" true "$(robots no_valid_records)"

# limits (issue 3: each with a default and a test that hits it)
run "$(url gzip-bomb.test /page.html)"
expect_eq "gzip bomb: cut after decoding" true "$(robots truncated)"
expect_eq "gzip bomb: the prefix is read" ok "$(robots outcome)"
run --speed-limit 100 --speed-time 1 "$(url trickle-slow.test /page.html)"
expect_eq "trickling robots.txt: abandoned" unreachable "$(robots outcome)"
expect_match "trickling robots.txt: reason" "[Tt]oo slow|timeout|[Tt]imed out" "$(robots error)"

run --timeout 1 "$(url slow.test /page.html)"
expect_eq "timeout outcome" unreachable "$(robots outcome)"
expect_match "timeout reason" "timeout" "$(robots error)"
expect_eq "timeout exit" 2 "$RC"
finish
