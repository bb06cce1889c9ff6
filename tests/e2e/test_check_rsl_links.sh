#!/usr/bin/env bash
# RSL documents found through the work itself (signals.md 8.1, 8.4 L8/L9): `check` reads the
# rel="license" targets of type application/rsl+xml in the work's Link header and HTML head,
# only where that origin's robots.txt lets consentscan in; a refused or failing document is
# UNKNOWN with its reason, never an opt-out; a rel="license" link without the RSL type is not
# RSL and never fetched. `crawl` does not read them and says so.
source "$(dirname "$0")/lib.sh"
mkdir -p "$T/sites"
cp -r "$E2E_DIR/sites/rsllink.test" "$E2E_DIR/sites/rslfar.test" "$E2E_DIR/sites/rsldup.test" \
    "$T/sites/"
SITES_ROOT="$T/sites" start_server
RESOLVE=(--resolve "rsllink.test:$PORT:127.0.0.1" --resolve "rslfar.test:$PORT:127.0.0.1"
    --resolve "rsldup.test:$PORT:127.0.0.1")
# a page linking to a document on another origin: the link needs this run's port
cat >"$T/sites/rsllink.test/far.html" <<HTML
<html><head><title>licence elsewhere</title>
<link rel="license" type="application/rsl+xml" href="$(url rslfar.test /license.xml)">
</head><body>text</body></html>
HTML

run() { # URL: check --json into $T/db; sets OUT and RC
    OUT=$(check --json "$1" 2>"$T/err")
    RC=$?
}
field() { jq -r "$1" <<<"$OUT"; }
stances() { jq -r '[.purposes | to_entries[] | "\(.key)=\(.value.stance)"] | join(" ")' <<<"$OUT"; }
S() { echo "TRAIN_GENAI=$1 TRAIN_ML=$2 TDM=$3 AI_INPUT=$4 SEARCH=$5"; }
rsl_signals() { jq -r '[.signals[] | select(.signal == "rsl")]' <<<"$OUT"; }

# (a) L8: Link: </license.xml>; rel="license"; type="application/rsl+xml" prohibits ai-train
run "$(url rsllink.test /page.html)"
expect_eq "header link: exit (flagged)" 1 "$RC"
expect_eq "header link: stances" "$(S DISALLOW_FULL DISALLOW_FULL NO_SIGNAL NO_SIGNAL NO_SIGNAL)" \
    "$(stances)"
expect_eq "header link: one rsl signal" 1 "$(jq length <<<"$(rsl_signals)")"
expect_eq "header link: evidence names the document" "$(url rsllink.test /license.xml)" \
    "$(jq -r '.[0].source_url' <<<"$(rsl_signals)")"
expect_match "header link: evidence text" "prohibits ai-train" "$(jq -r '.[0].text' <<<"$(rsl_signals)")"
expect_eq "header link: evidence for TRAIN_GENAI names it" "$(url rsllink.test /license.xml)" \
    "$(field '[.purposes.TRAIN_GENAI.evidence[]? | .source_url] | map(select(test("license"))) | .[0]')"
expect_eq "header link: fetch reported" "$(url rsllink.test /license.xml) GET ok 200" \
    "$(field '.fetches["rsl-linked"][0] | "\(.url) \(.method) \(.outcome) \(.http_status)"')"
expect_eq "header link: one fetch reported" 1 "$(field '.fetches["rsl-linked"] | length')"
expect_eq "header link: document read once" 1 "$(requests rsllink.test /license.xml)"
expect_eq "header link: no robots.txt-named document" null "$(field '.fetches.rsl')"

# (b) an HTML <link> to a document on an origin whose robots.txt refuses consentscan
run "$(url rsllink.test /far.html)"
expect_eq "refused origin: document never requested" 0 "$(requests rslfar.test /license.xml)"
expect_eq "refused origin: its robots.txt asked" 1 "$(requests rslfar.test /robots.txt)"
expect_eq "refused origin: no opt-out (exit)" 2 "$RC"
expect_eq "refused origin: stances" "$(S UNKNOWN UNKNOWN UNKNOWN UNKNOWN UNKNOWN)" "$(stances)"
expect_eq "refused origin: an unknown rsl signal" "true" "$(jq -r '.[0].unknown' <<<"$(rsl_signals)")"
expect_match "refused origin: reason" "robots.txt disallows consentscan" \
    "$(jq -r '.[0].text' <<<"$(rsl_signals)")"
expect_eq "refused origin: evidence names the document" "$(url rslfar.test /license.xml)" \
    "$(jq -r '.[0].source_url' <<<"$(rsl_signals)")"
expect_eq "refused origin: fetch reported not-fetched" "not-fetched null" \
    "$(field '.fetches["rsl-linked"][0] | "\(.outcome) \(.method)"')"

# (c) L9: rel="license" without the RSL type (header or HTML) is not RSL: never fetched
run "$(url rsllink.test /plain.html)"
expect_eq "plain licence links: no signal" "$(S NO_SIGNAL NO_SIGNAL NO_SIGNAL NO_SIGNAL NO_SIGNAL)" \
    "$(stances)"
expect_eq "plain licence links: never fetched" "0 0" \
    "$(requests rsllink.test /cc.html) $(requests rsllink.test /cc-header.html)"
expect_eq "plain licence links: no rsl-linked fetches" null "$(field '.fetches["rsl-linked"]')"

# (d) a 500 from the linked document: UNKNOWN with the reason, never an opt-out
run "$(url rsllink.test /broken.html)"
expect_match "500 document: requested (retried as 5xx are)" "^[1-9]" "$(requests rsllink.test /broken.xml)"
expect_eq "500 document: exit (unknown)" 2 "$RC"
expect_eq "500 document: stances" "$(S UNKNOWN UNKNOWN UNKNOWN UNKNOWN UNKNOWN)" "$(stances)"
expect_match "500 document: reason" "unreachable: HTTP 500" "$(jq -r '.[0].text' <<<"$(rsl_signals)")"
expect_eq "500 document: fetch reported" "unreachable 500" \
    "$(field '.fetches["rsl-linked"][0] | "\(.outcome) \(.http_status)"')"

# the document robots.txt's License: names is not read a second time through a link
run "$(url rsldup.test /page.html)"
expect_eq "License: and link the same: read once" 1 "$(requests rsldup.test /license.xml)"
expect_eq "License: and link the same: no rsl-linked fetch" null "$(field '.fetches["rsl-linked"]')"
expect_eq "License: and link the same: TRAIN_GENAI" DISALLOW_FULL "$(field .purposes.TRAIN_GENAI.stance)"

# (e) crawl: the linked documents (header or HTML) are not read, and the result says so
before=$(requests rsllink.test /license.xml)
url rsllink.test /page.html >"$T/urls.txt"
url rsllink.test /far.html >>"$T/urls.txt"
OUT=$(crawl --urls "$T/urls.txt" --db "$T/crawl" 2>"$T/err")
expect_eq "crawl: exit" 0 "$?"
expect_eq "crawl: documents not requested" "$before 0" \
    "$(requests rsllink.test /license.xml) $(requests rslfar.test /license.xml)"
"$CONSENTSCAN" export --db "$T/crawl" >"$T/crawl.jsonl"
for p in page far; do
    OUT=$(jq -c "select(.url | endswith(\"/$p.html\"))" "$T/crawl.jsonl")
    expect_match "crawl $p: noted unread" "RSL document linked from the work not read in a crawl" \
        "$(jq -r '.signals[] | select(.signal == "rsl") | .text' <<<"$OUT")"
    expect_eq "crawl $p: unread, not an opt-out" "UNKNOWN" "$(field .purposes.TRAIN_GENAI.stance)"
    expect_eq "crawl $p: fetch reported not-fetched" "not-fetched" \
        "$(field '.fetches["rsl-linked"][0].outcome')"
done
finish
