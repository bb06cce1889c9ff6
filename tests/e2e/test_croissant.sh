#!/usr/bin/env bash
# consentscan croissant FILE: Croissant, schema.org Dataset and DCAT JSON-LD files and HTML pages
# read offline by the real binary; one JSON object on one line, exit statuses (issue 4
# "Interfaces"). No server: the command never touches the network.
source "$(dirname "$0")/lib.sh"
CASES="$E2E_DIR/../cases/croissant"

# run ARGS...: sets OUT, ERR and RC
run() {
    OUT=$("$CONSENTSCAN" croissant "$@" 2>"$T/err")
    RC=$?
    ERR=$(cat "$T/err")
}
q() { jq -c "$1" <<<"$OUT"; }

run "$CASES/cr10_prefixes.json"
expect_eq "1.0 exit" 0 "$RC"
expect_eq "1.0 one line" 1 "$(printf '%s\n' "$OUT" | wc -l)"
expect_eq "1.0 name" '"pottery-glazes"' "$(q .name)"
expect_eq "1.0 license" '"https://creativecommons.org/licenses/by/4.0/"' "$(q .license)"
expect_eq "1.0 homepage" '"https://pottery.example/datasets/glazes"' "$(q .homepage)"
expect_eq "1.0 data links" '["https://pottery.example/files/image-urls.csv","https://github.com/potter/glazes/raw/main/images.tar.gz"]' \
    "$(q '[.links[] | select(.class == "data") | .url]')"
expect_eq "1.0 paper from citeAs" '"https://arxiv.org/abs/2401.00001"' \
    "$(q '[.links[] | select(.class == "paper")][0].url')"
expect_eq "1.0 web scraping" '["Web Scraping","Manual Human Curator"]' "$(q .data_collection_type)"
expect_eq "1.0 urls unique" "$(q '.urls | length')" "$(q '.urls | unique | length')"
expect_eq "1.0 no stderr" "" "$ERR"

run "$CASES/cr11_prov_located_at.json"
expect_eq "1.1 sources" '["https://huggingface.co/datasets/quizorg/quiz-questions","https://dumps.encyclopedia.example/enwiki/latest/"]' \
    "$(q .source_datasets)"
expect_eq "1.1 upstream" '["quizorg/quiz-questions"]' "$(q .upstream_datasets)"
expect_eq "1.1 conformsTo list" 2 "$(q '.conforms_to | length')"

run "$CASES/cr11_prov_at_location.json"
expect_eq "atLocation upstream" '["chatorg/moderation-labels","chatorg/chat-logs-full"]' \
    "$(q .upstream_datasets)"

run "$CASES/hf_generated_parquet.json"
expect_eq "HF parquet: no data link" 0 "$(q '[.links[] | select(.class == "data")] | length')"
expect_eq "HF parquet: hosted" '"distribution[0].contentUrl"' \
    "$(q '[.links[] | select(.class == "hosted")][0].where')"
expect_eq "HF parquet: no sources" '[]' "$(q .source_datasets)"
expect_eq "HF parquet: placeholder sha256 dropped" null "$(q '.distribution[0].sha256')"

run "$CASES/fileset_archive.json"
expect_eq "relative contentUrl" '{"content_url":"archive/captions.csv","relative":true,"contained_in":"archive.zip"}' \
    "$(q '.distribution[1] | {content_url, relative, contained_in}')"

# standard input, and HTML detected by content
run - <"$CASES/graph_form.json"
expect_eq "stdin exit" 0 "$RC"
expect_eq "stdin @graph name" '"home-recipes"' "$(q .name)"
cp "$CASES/kaggle_like.html" "$T/page.txt"
run "$T/page.txt"
expect_eq "HTML by content exit" 0 "$RC"
expect_eq "HTML by content name" '"Song lyrics corpus"' "$(q .name)"
expect_match "broken script is a warning" "script 1" "$(q '.warnings[0]')"
run - <"$CASES/zenodo_like.html"
expect_eq "HTML on stdin" 2 "$(q '[.links[] | select(.class == "data")] | length')"

# entities declared in a page are never expanded
run "$CASES/entity_decl.html"
expect_eq "entity exit" 0 "$RC"
expect_eq "entity not expanded" '"&evil; &ext;"' "$(q .name)"
expect_eq "no expanded URL" 0 "$(q '[.urls[] | select(test("evil\\.example"))] | length')"

# a page without JSON-LD, a JSON-LD object that is no dataset: an empty object, exit 0
run "$CASES/no_jsonld.html"
expect_eq "no JSON-LD exit" 0 "$RC"
expect_eq "no JSON-LD name" null "$(q .name)"
run "$CASES/no_dataset.json"
expect_eq "no dataset urls" '[]' "$(q .urls)"

# invalid JSON: exit 2, one line naming line and column, nothing on stdout
run "$CASES/invalid_trailing_comma.json"
expect_eq "invalid exit" 2 "$RC"
expect_eq "invalid stdout" "" "$OUT"
expect_eq "invalid one line" 1 "$(wc -l <"$T/err")"
expect_match "invalid names the place" "line 5 column 66" "$ERR"
run "$CASES/jansson_depth.json"
expect_eq "too deep for jansson" 2 "$RC"

# over the size limit (16 MiB): exit 2, one line
head -c $((16 * 1024 * 1024 + 10)) /dev/zero | tr '\0' ' ' >"$T/big.json"
run "$T/big.json"
expect_eq "too large exit" 2 "$RC"
expect_match "too large message" "exceeds the limit" "$ERR"

# deep nesting inside a dataset: read, marked truncated
run "$CASES/deep_nesting.json"
expect_eq "deep exit" 0 "$RC"
expect_eq "deep truncated" true "$(q .truncated)"

# usage errors and unreadable files: exit 3, one line
run "$T/missing.json"
expect_eq "missing file exit" 3 "$RC"
expect_eq "missing file one line" 1 "$(wc -l <"$T/err")"
mkdir "$T/dir"
run "$T/dir"
expect_eq "directory exit" 3 "$RC"
run
expect_eq "no argument exit" 3 "$RC"
run --bogus
expect_eq "option exit" 3 "$RC"
run a.json b.json
expect_eq "two files exit" 3 "$RC"

finish
