#!/usr/bin/env bash
# `consentscan rsl FILE [URL]`: the real binary on RSL 1.0 documents (signals.md 8): one JSON
# line, exit 0, also for a document that is not RSL ("valid": false); a missing file or a bad
# command line is a one-line error and exit 3. No server.
source "$(dirname "$0")/lib.sh"
CORPUS="$E2E_DIR/../fuzz/corpus/rsl"

run() { # ARGS...: runs the binary, output in $T/out and $T/err, status in RC
    "$CONSENTSCAN" rsl "$@" >"$T/out" 2>"$T/err"
    RC=$?
}
term() { jq -r ".terms[\"$1\"].term" "$T/out"; }

run "$CORPUS/l1" /a
expect_eq "L1: exit" 0 "$RC"
expect_eq "L1: one line" 1 "$(wc -l <"$T/out")"
expect_eq "L1: valid" true "$(jq -r .valid "$T/out")"
expect_eq "L1: ai-train" prohibited "$(term ai-train)"
expect_eq "L1: search" permitted "$(term search)"
expect_eq "L1: match" "/" "$(jq -r .match.url "$T/out")"

run "$CORPUS/l5" https://ex.com/a
expect_eq "L5: ai-train licensable" "licensable server" \
    "$(jq -r '.terms["ai-train"] | "\(.term) \(.basis)"' "$T/out")"
expect_eq "L5: payment" "training 10 USD" \
    "$(jq -r '.payment[0] | "\(.type) \(.amount) \(.currency)"' "$T/out")"
expect_eq "L5: max-age" 30 "$(jq -r .max_age "$T/out")"

run "$CORPUS/l6" /news/y
expect_eq "L6 news: ai-train" prohibited "$(term ai-train)"
expect_eq "L6 news: pattern" "/news/*" "$(jq -r .match.url "$T/out")"
run "$CORPUS/l6" /open/x
expect_eq "L6 open: ai-train" permitted "$(term ai-train)"
expect_eq "L6 open: conditional (user, geo)" true "$(jq -r '.terms["ai-train"].conditional' "$T/out")"
run "$CORPUS/l6" /other
expect_eq "L6 other: unset" "unset no_content" \
    "$(jq -r '.terms["ai-train"] | "\(.term) \(.basis)"' "$T/out")"
expect_eq "L6 other: no match" null "$(jq -c .match "$T/out")"
run "$CORPUS/l6"
expect_eq "no URL: no terms key" false "$(jq -r 'has("terms")' "$T/out")"
expect_eq "no URL: every content element" 4 "$(jq -r '.contents | length' "$T/out")"

run "$CORPUS/legacy" /a
expect_eq "L11 strict: unset" unset "$(term ai-train)"
expect_eq "L11 legacy: prohibited" prohibited "$(jq -r '.terms_legacy["ai-train"].term' "$T/out")"
expect_eq "L11 legacy token listed" prohibited "$(jq -r '.terms_legacy["train-ai"].term' "$T/out")"
expect_match "L11: diagnostics" "pre-1.0 usage token 'train-ai'" "$(jq -r '.diagnostics[]' "$T/out")"

run "$CORPUS/entity" /a
expect_eq "DOCTYPE: exit" 0 "$RC"
expect_eq "DOCTYPE: invalid" false "$(jq -r .valid "$T/out")"
expect_match "DOCTYPE: error" "DOCTYPE refused" "$(jq -r .error "$T/out")"
expect_eq "DOCTYPE: unset" unset "$(term ai-train)"

run "$CORPUS/nons" /a
expect_match "L10: no namespace" "not <rsl> in namespace" "$(jq -r .error "$T/out")"

run - /a <"$CORPUS/l1"
expect_eq "standard input" prohibited "$(term ai-train)"

head -c 300000 /dev/urandom >"$T/garbage.xml"
run "$T/garbage.xml" /a
expect_eq "garbage: exit" 0 "$RC"
expect_eq "garbage: invalid" false "$(jq -r .valid "$T/out")"

{
    printf '<rsl xmlns="https://rslstandard.org/rsl">'
    head -c 1100000 /dev/zero | tr '\0' ' '
    printf '</rsl>'
} >"$T/big.xml"
run "$T/big.xml" /a
expect_match "oversized: refused" "larger than" "$(jq -r .error "$T/out")"

run "$T/missing.xml"
expect_eq "missing file: exit" 3 "$RC"
expect_eq "missing file: one-line error" 1 "$(wc -l <"$T/err")"
expect_eq "missing file: no output" 0 "$(wc -c <"$T/out")"
run
expect_eq "no file: exit" 3 "$RC"
run --bogus "$CORPUS/l1"
expect_eq "unknown option: exit" 3 "$RC"
run "$CORPUS/l1" /a extra
expect_eq "extra argument: exit" 3 "$RC"
finish
