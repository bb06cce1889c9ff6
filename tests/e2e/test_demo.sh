#!/usr/bin/env bash
# The README's demo runs and shows each kind of opt-out.
source "$(dirname "$0")/lib.sh"
OUT=$(bash "$E2E_DIR/demo.sh" "$(dirname "$(dirname "$CONSENTSCAN")")" 2>&1)
expect_eq "demo exits 0" 0 "$?"
expect_match "demo checks pages" "consentscan demo" "$OUT"
expect_match "demo shows a robots.txt refusal" "robots.txt line [0-9]+" "$OUT"
expect_match "demo shows a header opt-out" "x-robots-tag" "$OUT"
expect_match "demo shows a meta opt-out" "meta-robots" "$OUT"
expect_match "demo shows an unreachable robots.txt" "UNKNOWN" "$OUT"
expect_match "demo prints the flagged export" "url,origin,checked_at" "$OUT"
finish
