#!/usr/bin/env bash
# `consentscan card [--model] FILE`: the real binary on fixture cards (issue 4 item 2 and
# Interfaces): one JSON line, exit 0; a missing file is a one-line error and exit 3. No server.
source "$(dirname "$0")/lib.sh"
CARDS="$E2E_DIR/../cases/cards"

run() { # ARGS...: runs the binary, output in $T/out and $T/err, status in RC
    "$CONSENTSCAN" card "$@" >"$T/out" 2>"$T/err"
    RC=$?
}

run "$CARDS/body_classes.md"
expect_eq "dataset card: exit" 0 "$RC"
expect_eq "dataset card: one line" 1 "$(wc -l <"$T/out")"
expect_eq "dataset card: license" '"cc-by-4.0"' "$(jq -c .license "$T/out")"
expect_eq "dataset card: homepage" "https://project.example.org/" "$(jq -r .homepage "$T/out")"
expect_eq "dataset card: no model keys" "false" "$(jq -c 'has("base_model")' "$T/out")"
expect_eq "dataset card: urls unique" "$(jq '.urls | length' "$T/out")" \
    "$(jq '.urls | unique | length' "$T/out")"
expect_eq "dataset card: hub copies are hosted" "" \
    "$(jq -r '.links[] | select(.url | test("huggingface.co/(datasets|api)")) | select(.class != "hosted") | .url' "$T/out")"
expect_eq "dataset card: data links" 14 "$(jq '[.links[] | select(.class == "data")] | length' "$T/out")"
expect_match "dataset card: source data section" "https://news.example.com/" \
    "$(jq -r '.links[] | select(.class == "data") | .url' "$T/out")"

run "$CARDS/source_variants.md"
expect_eq "sources: upstream ids" '["squad","rajpurkar/squad_v2","other-wikipedia-dumps","glue","wikitext","common_crawl","org/filtered-set"]' \
    "$(jq -c .upstream_datasets "$T/out")"

run "$CARDS/model_base_list.md"
expect_eq "model card (detected): base_model" '["org/model-a","org/model-b"]' \
    "$(jq -c .base_model "$T/out")"
expect_eq "model card: relation" "merge" "$(jq -r .base_model_relation "$T/out")"
expect_eq "model card: datasets" '["org/only-one"]' "$(jq -c .datasets "$T/out")"

run --model "$CARDS/license_str.md"
expect_eq "--model: keys present" '[null,[]]' "$(jq -c '[.base_model, .datasets]' "$T/out")"

run - <"$CARDS/crlf.md"
expect_eq "standard input, CRLF: homepage" "https://home.example.org/" "$(jq -r .homepage "$T/out")"

run "$CARDS/yaml_bomb.md"
expect_eq "YAML bomb: exit" 0 "$RC"
expect_match "YAML bomb: error" "too many YAML nodes" "$(jq -r .yaml_error "$T/out")"

run "$CARDS/homepage_placeholder.md"
expect_eq "placeholder homepage" "null" "$(jq -c .homepage "$T/out")"

head -c 300000 /dev/urandom >"$T/garbage.md"
run "$T/garbage.md"
expect_eq "garbage: exit" 0 "$RC"
expect_eq "garbage: JSON" "object" "$(jq -r type "$T/out")"

run "$T/missing.md"
expect_eq "missing file: exit" 3 "$RC"
expect_eq "missing file: one-line error" 1 "$(wc -l <"$T/err")"
expect_eq "missing file: no output" 0 "$(wc -c <"$T/out")"
run
expect_eq "no file: exit" 3 "$RC"
run --bogus "$CARDS/license_str.md"
expect_eq "unknown option: exit" 3 "$RC"
expect_eq "unknown option: one-line error" 1 "$(wc -l <"$T/err")"
mkdir "$T/dir.md"
run "$T/dir.md"
expect_eq "directory: exit" 3 "$RC"
finish
