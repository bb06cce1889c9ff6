#!/usr/bin/env bash
# `consentscan urllist FILE|-`: the real binary on URL lists inside datasets (issue 4 item 5):
# csv, tsv, jsonl, txt, gzip by magic bytes, a column option, a seeded sample, the bomb cap, and
# one-line errors with exit 3. No server.
source "$(dirname "$0")/lib.sh"
CASES="$E2E_DIR/../cases/urllist"

run() { # ARGS...: runs the binary, output in $T/out and $T/err, status in RC
    "$CONSENTSCAN" urllist "$@" >"$T/out" 2>"$T/err"
    RC=$?
}
urls_of() { sed -n 's/^[0-9]* [0-9]* \([^!].*\)$/\1/p' "$1"; } # the URLs of an .expected file

for f in quotes.csv plain.tsv nested.jsonl comments.txt headerless.csv quotes.csv.gz; do
    run "$CASES/$f"
    expect_eq "$f: exit" 0 "$RC"
    expect_eq "$f: URLs" "$(urls_of "$CASES/$f.expected")" "$(cat "$T/out")"
done
expect_match "csv summary" "^urllist: csv, column 'image_url' \(2\); 8 rows, 5 URLs, 3 skipped" \
    "$(run "$CASES/quotes.csv"; tail -n 1 "$T/err")"
expect_match "skipped rows named" "line 7: row 4 skipped \(empty value\)" "$(cat "$T/err")"

# standard input, gzip found by its magic (no name), format by content
run - <"$CASES/quotes.csv.gz"
expect_eq "stdin gzip: exit" 0 "$RC"
expect_eq "stdin gzip: URLs" "$(urls_of "$CASES/quotes.csv.expected")" "$(cat "$T/out")"
expect_match "stdin gzip: summary" "^urllist: csv\.gz" "$(tail -n 1 "$T/err")"
run "$CASES/two.txt.gz"
expect_eq "two gzip members (the second header is a row)" 6 "$(wc -l <"$T/out")"

# the column option: by name, by index, jsonl dotted path
run --column caption "$CASES/quotes.csv"
expect_eq "column by name" "A cat, sitting" "$(head -n 1 "$T/out")"
run --column 4 --format csv "$CASES/quotes.csv"
expect_eq "column by index" "640" "$(head -n 1 "$T/out")"
run --column meta.url "$CASES/nested.jsonl"
expect_eq "jsonl path" "https://j.example/nested" "$(cat "$T/out")"

# a seeded sample: N lines, in file order, a subset, the same for the same seed
seq 1 5000 | sed 's|^|https://h.example/|' >"$T/big.txt"
run --sample 100 --seed 7 "$T/big.txt"
cp "$T/out" "$T/s1"
expect_eq "sample: exit" 0 "$RC"
expect_eq "sample: size" 100 "$(wc -l <"$T/s1")"
expect_eq "sample: file order, no repeats" "$(sort -t/ -k4,4n -u "$T/s1")" "$(cat "$T/s1")"
expect_eq "sample: a subset" 100 "$(grep -cxFf "$T/big.txt" "$T/s1")"
expect_match "sample: summary" "sampled 100 of 5000 \(reservoir, seed 7\)" "$(tail -n 1 "$T/err")"
run --sample 100 --seed 7 "$T/big.txt"
expect_eq "sample: deterministic" "$(cat "$T/s1")" "$(cat "$T/out")"
run --sample 100 --seed 8 "$T/big.txt"
expect_eq "sample: another seed, another sample" 1 "$([ "$(cat "$T/s1")" != "$(cat "$T/out")" ] && echo 1)"
run --sample 10 "$CASES/comments.txt"
expect_eq "sample larger than the list" 3 "$(wc -l <"$T/out")"

# errors: one line, exit 3
expect_error() { # WHAT REGEX ARGS...
    local what=$1 re=$2
    shift 2
    run "$@"
    expect_eq "$what: exit" 3 "$RC"
    expect_eq "$what: one line" 1 "$(wc -l <"$T/err")"
    expect_match "$what: message" "$re" "$(cat "$T/err")"
}
expect_error "missing file" "cannot read" "$T/none.csv"
expect_error "no file" "usage" --format csv
expect_error "bad format" "usage" --format xml "$CASES/quotes.csv"
expect_error "bad sample" "usage" --sample -3 "$CASES/quotes.csv"
expect_error "unknown column" "column 'nope' is not in the header" --column nope "$CASES/quotes.csv"
expect_error "truncated gzip" "truncated" "$CASES/truncated.csv.gz"
expect_error "gzip bomb over the cap" "over the cap" --max-bytes 1048576 "$CASES/bomb.txt.gz"
expect_error "no URL column" "no column holds URLs" - <<<$'a,b\n1,2'
finish
