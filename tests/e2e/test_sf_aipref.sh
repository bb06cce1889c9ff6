#!/usr/bin/env bash
# `consentscan sf-dictionary VALUE...` and `consentscan content-usage VALUE...`: the real binary
# on RFC 9651 Dictionaries and AIPREF Content-Usage values (signals.md 6.3, 6.4, 6.7). One JSON
# line and exit 0; a Dictionary that does not parse is a one-line error and exit 3 for
# sf-dictionary, a reading with "_error" and exit 0 for content-usage. No server.
source "$(dirname "$0")/lib.sh"

run() { # COMMAND ARGS...: runs the binary, output in $T/out and $T/err, status in RC
    "$CONSENTSCAN" "$@" >"$T/out" 2>"$T/err"
    RC=$?
}

# sf-dictionary: the HTTP WG test-suite JSON form
run sf-dictionary 'a=1, b=?0;x=1.5, c=(tok "s");p'
expect_eq "sf: exit" 0 "$RC"
expect_eq "sf: one line" 1 "$(wc -l <"$T/out")"
expect_eq "sf: members" '[["a",[1,[]]],["b",[false,[["x",1.5]]]],["c",[[[{"__type":"token","value":"tok"},[]],["s",[]]],[["p",true]]]]]' \
    "$(jq -c . "$T/out")"
expect_eq "sf: nothing on stderr" 0 "$(wc -c <"$T/err")"

run sf-dictionary 'd=:aGVsbG8=:, t=@1659578233, u=%"f%c3%bc%c3%bc"'
expect_eq "sf: binary as base32" NBSWY3DP "$(jq -r '.[0][1][0].value' "$T/out")"
expect_eq "sf: date" '{"__type":"date","value":1659578233}' "$(jq -c '.[1][1][0]' "$T/out")"
expect_eq "sf: display string" 'füü' "$(jq -r '.[2][1][0].value' "$T/out")"

run sf-dictionary 'a=1' 'b=2, a=3'
expect_eq "sf: lines combined, last wins, first position" '[["a",[3,[]]],["b",[2,[]]]]' \
    "$(jq -c . "$T/out")"

run sf-dictionary '   '
expect_eq "sf: empty dictionary" '[]' "$(jq -c . "$T/out")"

run sf-dictionary 'a=1, B=2'
expect_eq "sf: bad key: exit" 3 "$RC"
expect_eq "sf: bad key: no output" 0 "$(wc -c <"$T/out")"
expect_eq "sf: bad key: one-line error" 1 "$(wc -l <"$T/err")"
expect_eq "sf: bad key: message" \
    "consentscan: not a structured-field dictionary: key must start with a lowercase letter or '*' at offset 5" \
    "$(cat "$T/err")"

run sf-dictionary 'a=1,'
expect_eq "sf: trailing comma: exit" 3 "$RC"
expect_match "sf: trailing comma: message" "trailing comma at offset 3$" "$(cat "$T/err")"

run sf-dictionary 'a=1' ''
expect_eq "sf: empty second line: exit" 3 "$RC"
expect_match "sf: empty second line: message" "trailing comma at offset 3$" "$(cat "$T/err")"

run sf-dictionary "a=$(printf '\xc3\xa9')"
expect_eq "sf: non-ASCII: exit" 3 "$RC"
expect_match "sf: non-ASCII: message" "non-ASCII byte 0xc3 at offset 2$" "$(cat "$T/err")"

run sf-dictionary "a=\"$(head -c 70000 /dev/zero | tr '\0' x)\""
expect_eq "sf: over the input cap: exit" 3 "$RC"
expect_match "sf: over the input cap: message" "exceeds 65536 bytes" "$(cat "$T/err")"

run sf-dictionary
expect_eq "sf: no value: exit" 3 "$RC"
expect_match "sf: no value: usage" "^consentscan: usage: consentscan sf-dictionary" "$(cat "$T/err")"

# content-usage: vocab-07 keys at the top, the legacy reading beside them
cu() { jq -r "$1" "$T/out"; }
run content-usage 'train-ai=n'
expect_eq "P1: exit" 0 "$RC"
expect_eq "P1: one line" 1 "$(wc -l <"$T/out")"
expect_eq "P1" "disallow unknown true" "$(cu '[."train-ai", .search, (._error == null)] | join(" ")')"
expect_eq "P1: vocabulary draft" "draft-ietf-aipref-vocab-07" "$(cu ._vocab)"
expect_eq "P1: every label a top-level key" \
    "ai ai-output ai-use all bots genai inference search tdm train-ai train-genai" \
    "$(cu '[keys[] | select(startswith("_") | not)] | join(" ")')"

run content-usage 'train-ai=y, search=n'
expect_eq "P2" "allow disallow" "$(cu '[."train-ai", .search] | join(" ")')"

run content-usage 'train-ai=y, train-ai, search=n, search="n"'
expect_eq "P3" "unknown unknown" "$(cu '[."train-ai", .search] | join(" ")')"

run content-usage 'train-ai;allow=n, train-ai=y'
expect_eq "P4" "allow" "$(cu '."train-ai"')"

run content-usage 'Train-AI=n'
expect_eq "P5: exit" 0 "$RC"
expect_eq "P5: all unknown" "unknown" "$(cu '[to_entries[] | select(.key | startswith("_") | not) | .value] | unique | join(" ")')"
expect_eq "P5: reason" "key must start with a lowercase letter or '*' at offset 0" "$(cu ._error)"

run content-usage 'train-ai=no'
expect_eq "P6" "unknown" "$(cu '."train-ai"')"

run content-usage 'ai=n'
expect_eq "P7: strict" "unknown" "$(cu '."train-ai"')"
expect_eq "P7: legacy labels" "disallow disallow" "$(cu '[.ai, .genai] | join(" ")')"
expect_eq "P7: genai inherited from ai" '{"state":"disallow","from":"ai","stated":false}' \
    "$(jq -c '._legacy.genai' "$T/out")"

run content-usage 'train-genai=n, bots=n'
expect_eq "P8: strict" "unknown unknown" "$(cu '[."train-ai", .search] | join(" ")')"
expect_eq "P8: legacy" "disallow disallow disallow" "$(cu '[."train-genai", .bots, ."ai-output"] | join(" ")')"
expect_eq "P8: legacy train-ai from bots" "disallow bots" \
    "$(cu '[._legacy."train-ai".state, ._legacy."train-ai".from] | join(" ")')"

run content-usage 'train-ai=n' 'train-ai=y'
expect_eq "P9: last wins" "allow" "$(cu '."train-ai"')"
expect_eq "P9: per line, most restrictive" "disallow" "$(cu '._per_line."train-ai"')"
expect_eq "P9: conflict recorded" "train-ai" "$(cu '._conflict | index("train-ai") | if . == null then "" else "train-ai" end')"

run content-usage 'train-ai=n'
expect_eq "one line: no per-line keys" "false" "$(jq -c 'has("_per_line")' "$T/out")"

run content-usage ''
expect_eq "empty value: exit" 0 "$RC"
expect_eq "empty value: unknown" "unknown true" "$(cu '[."train-ai", (._error == null)] | join(" ")')"

run content-usage "$(head -c 3000 /dev/urandom | tr -d '\0')"
expect_eq "garbage: exit" 0 "$RC"
expect_eq "garbage: JSON" "object" "$(jq -r type "$T/out")"

run content-usage
expect_eq "content-usage: no value: exit" 3 "$RC"
expect_eq "content-usage: no value: one-line error" 1 "$(wc -l <"$T/err")"
finish
