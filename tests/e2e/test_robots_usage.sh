#!/usr/bin/env bash
# `consentscan robots-usage [--max-bytes N] FILE AGENT URL`: the real binary on robots.txt files
# carrying AI-use records (signals.md 6.5 Content-Usage, 7 Content-Signal, 8.1 License): one JSON
# line, exit 0; bad input is a one-line error and exit 3. No server.
source "$(dirname "$0")/lib.sh"

run() { # ARGS...: runs the binary, output in $T/out and $T/err, status in RC
    "$CONSENTSCAN" robots-usage "$@" >"$T/out" 2>"$T/err"
    RC=$?
}
field() { jq -c "$1" "$T/out"; }

# P10 of signals.md 6.7: root preference, a disallowed path, a more specific path.
printf 'User-Agent: *\nAllow: /\nDisallow: /never/\nContent-Usage: train-ai=n\nContent-Usage: /ai-ok/ train-ai=y\n' >"$T/p10.txt"
run "$T/p10.txt" ExampleBot https://example.com/test
expect_eq "P10 /test: exit" 0 "$RC"
expect_eq "P10 /test: one line" 1 "$(wc -l <"$T/out")"
expect_eq "P10 /test: crawl, usage, line" '[true,"train-ai=n",4]' "$(field '[.crawl,.usage,.usage_line]')"
run "$T/p10.txt" ExampleBot https://example.com/never/test
expect_eq "P10 /never/: not crawlable" '[false,null,"not_crawlable"]' "$(field '[.crawl,.usage,.usage_status]')"
run "$T/p10.txt" ExampleBot https://example.com/ai-ok/test?q=1#frag
expect_eq "P10 /ai-ok/: y" '"train-ai=y"' "$(field .usage)"
run "$T/p10.txt" ExampleBot /ai-ok/x
expect_eq "a bare path works as URL" '"train-ai=y"' "$(field .usage)"

# R18: the readings disagree; both are shown.
printf 'User-agent: GPTBot\nContent-Usage: train-ai=n\nUser-agent: CCBot\nDisallow: /\n' >"$T/r18.txt"
run "$T/r18.txt" GPTBot https://example.com/x
expect_eq "R18: lenient crawl vs AIPREF crawl" '[false,4,true,"train-ai=n"]' \
    "$(field '[.crawl,.crawl_line,.aipref_crawl,.usage]')"

# P11: tied rules are all listed.
printf 'User-Agent: *\nContent-Usage: /a/ train-ai=n\nContent-Usage: /a/ train-ai=y\n' >"$T/p11.txt"
run "$T/p11.txt" GPTBot https://example.com/a/x
expect_eq "P11: tied" '["train-ai=n","train-ai=y"]' "$(field '[.usage_tied[].value]')"

# P13 / C5: lines before any group are reported as site-wide intent, not applied.
printf 'Content-Usage: train-ai=n\nContent-Signal: ai-train=no\nUser-agent: *\nAllow: /\n' >"$T/p13.txt"
run "$T/p13.txt" GPTBot https://example.com/x
expect_eq "P13: usage null, outside kept" '[null,["train-ai=n"]]' "$(field '[.usage,[.usage_outside[].value]]')"
expect_eq "C5: outside signal" '["no","site-wide intent, outside any group",null]' \
    "$(field '[.content_signal.outside["ai-train"],.content_signal.outside.scope,.content_signal["ai-train"]]')"

# C10 / R28: Cloudflare's managed file; CCBot's own group shadows the "*" signal.
printf 'User-Agent: *\nContent-signal: search=yes,ai-train=no,use=reference\nAllow: /\n\nUser-agent: CCBot\nDisallow: /\n\nUser-agent: *\nDisallow: /lp\n' >"$T/cf.txt"
run "$T/cf.txt" CCBot https://example.com/x
expect_eq "C10: CCBot" '[false,null,["shadowed"]]' \
    "$(field '[.crawl,.content_signal["ai-train"],.content_signal.flags]')"
run "$T/cf.txt" SomeBot https://example.com/lp/1
expect_eq "R28: other bot" '[false,"yes","no","reference","star"]' \
    "$(field '[.crawl,.content_signal.search,.content_signal["ai-train"],.content_signal.use,.content_signal.group]')"

# C8 and unknown keys.
printf 'User-agent: *\nContent-Signal: ai-train=yes, future=1\nContent-Signal: ai-train=no\n' >"$T/c8.txt"
run "$T/c8.txt" GPTBot https://example.com/
expect_eq "C8: most restrictive, flags" '["no",["conflict","unknown_key"],["future=1"],2]' \
    "$(field '[.content_signal["ai-train"],.content_signal.flags,.content_signal.unknown,(.content_signal.lines|length)]')"

# L1 / L7: License records, relative ones resolved against the URL.
printf 'License: https://ex.com/license.xml\nUser-agent: *\nLicense: /license.xml\n' >"$T/lic.txt"
run "$T/lic.txt" GPTBot https://example.com/a
expect_eq "L1/L7: licenses" '[{"line":1,"url":"https://ex.com/license.xml","absolute":true},{"line":3,"url":"/license.xml","absolute":false,"resolved":"https://example.com/license.xml"}]' \
    "$(field .licenses)"

# --max-bytes cuts the file.
run --max-bytes 30 "$T/p10.txt" ExampleBot https://example.com/test
expect_eq "--max-bytes: truncated, no usage" '[true,null]' "$(field '[.truncated,.usage]')"

# Garbage is no error.
head -c 100000 /dev/urandom >"$T/garbage.txt"
run "$T/garbage.txt" GPTBot https://example.com/
expect_eq "garbage: exit" 0 "$RC"
expect_eq "garbage: JSON" "object" "$(jq -r type "$T/out")"

# Errors: one line on stderr, exit 3, nothing on stdout.
run "$T/missing.txt" GPTBot https://example.com/
expect_eq "missing file: exit" 3 "$RC"
expect_eq "missing file: one-line error" 1 "$(wc -l <"$T/err")"
expect_eq "missing file: no output" 0 "$(wc -c <"$T/out")"
run "$T/p10.txt" GPTBot 'ht!tp://bad url'
expect_eq "malformed URL: exit" 3 "$RC"
expect_match "malformed URL: message" "^consentscan: malformed URL" "$(cat "$T/err")"
run "$T/p10.txt" GPTBot
expect_eq "missing argument: exit" 3 "$RC"
expect_match "missing argument: usage" "usage: consentscan robots-usage" "$(cat "$T/err")"
run --bogus "$T/p10.txt" GPTBot /
expect_eq "unknown option: exit" 3 "$RC"
expect_eq "unknown option: one-line error" 1 "$(wc -l <"$T/err")"
finish
