#!/usr/bin/env bash
# Rows of Hub datasets through the dataset viewer (issue 4 item 5): `crawl --viewer-rows N` and
# `check hf:datasets/ID` against the fixture hub playing the viewer (tests/e2e/README.md, "The
# dataset viewer"; rows made by gen_viewer_rows.sh). photolab/street-photos has 250 rows in
# default/train and 30 in default/test: 4 pages; its url column holds 267 URL cells (133 + 9
# reserved), the other cells are empty, not URLs or cut. photolab/art-captions has no viewer
# copy (404).
source "$(dirname "$0")/lib.sh"
start_server
start_hub
RESOLVE+=(--resolve "viewer.test:$HUB_PORT:127.0.0.1")
VIEWER="http://viewer.test:$HUB_PORT"
DS=hf:datasets/photolab/street-photos

viewer_crawl() { # DB ROWS ARGS...
    local db=$1 rows=$2
    shift 2
    HF_TOKEN=$HUB_TOKEN crawl --datasets --hub "$HUB_BASE" --author photolab --viewer "$VIEWER" \
        --viewer-rows "$rows" --db "$db" "$@"
}
rows_asked() { grep -c "^viewer\.test GET /rows?dataset=$1&" "$HUB_LOG" || true; }
# the sampled pages of a graph: via "viewer:KEY:COLUMN" up to the column
pages_of() { # DB
    "$CONSENTSCAN" graph --db "$1" --json "$DS" |
        jq -r '[.out[].links[] | select(.via | startswith("viewer:")) | .via | sub(":url$"; "")] |
               unique | join(" ")'
}
cells_of() { # DB
    "$CONSENTSCAN" graph --db "$1" --json "$DS" |
        jq '[.out[].links[] | select(.via | startswith("viewer:"))] | length'
}

# the whole dataset (1,000 rows asked, 280 there): every page, every URL cell a data link
OUT=$(viewer_crawl "$T/db" 1000 --log "$T/crawl.log")
expect_eq "viewer crawl exit" 0 "$?"
expect_match "summary" "dataset viewer: 4 pages of rows sampled, 267 URL cells linked" "$OUT"
expect_eq "one /size each" 1 "$(grep -c '^viewer\.test GET /size?dataset=photolab/street-photos ' "$HUB_LOG")"
expect_eq "every page asked once" 4 "$(rows_asked photolab/street-photos)"
expect_eq "no rows asked of a dataset the viewer has not" 0 "$(rows_asked photolab/art-captions)"
expect_eq "pages" "default/test@0 default/train@0 default/train@100 default/train@200" \
    "$(pages_of "$T/db" | sed 's/viewer://g')"
expect_eq "one link per URL cell" 267 "$(cells_of "$T/db")"
G=$("$CONSENTSCAN" graph --db "$T/db" --json "$DS")
expect_eq "a row's link: data, its row" '{"class":"data","via":"viewer:default/train@0:url","detail":"row 0"}' \
    "$(jq -c '[.out[] | select(.node.name | test("gptbot-block")) | .links[] |
               select(.detail == "row 0" and (.via | contains("train")))][0]' <<<"$G")"
expect_eq "the cut cell (row 42) is not a link" 0 \
    "$(jq '[.out[].links[] | select(.detail == "row 42")] | length' <<<"$G")"
expect_eq "the viewer's image copies are not links" 0 \
    "$(jq '[.out[] | select(.node.name | test("/assets/"))] | length' <<<"$G")"
# the token goes to the viewer too (it names gated datasets), never to the sites
expect_eq "token sent to the viewer" 0 "$(grep '^viewer\.test GET /\(size\|rows\)' "$HUB_LOG" | grep -vc ' auth$')"
expect_eq "token not sent to the sites" 0 "$(grep -c ' auth$' "$T/requests.log")"

# the export: the sample's share with pages as clusters (every row-cell has a verdict here)
ROW=$("$CONSENTSCAN" export --db "$T/db" --by dataset | jq -c "select(.node == \"$DS\")")
expect_eq "sample rows" 267 "$(jq .sample.rows <<<"$ROW")"
expect_eq "sample pages" 4 "$(jq .sample.pages <<<"$ROW")"
expect_eq "sample reserved" 142 "$(jq .sample.reserved <<<"$ROW")"
expect_eq "sample share" 0.5318 "$(jq .sample.share <<<"$ROW")"
expect_match "sample method: pages as clusters" "pages as clusters" "$(jq -r .sample.method <<<"$ROW")"
expect_eq "no sample for a dataset without one" null \
    "$("$CONSENTSCAN" export --db "$T/db" --by dataset |
        jq -c 'select(.node == "hf:datasets/photolab/art-captions") | .sample')"

# an unchanged dataset: its card and its rows are not asked for again, run after run (a
# listing's sight of the dataset keeps the readers its node recorded)
viewer_crawl "$T/db" 1000 >/dev/null
viewer_crawl "$T/db" 1000 >/dev/null
expect_eq "second and third runs: no page asked again" 4 "$(rows_asked photolab/street-photos)"
expect_eq "second and third runs: no card read again" 1 \
    "$(hub_requests hub.test /datasets/photolab/street-photos/resolve/main/README.md)"

# a sample of 150 rows: 2 pages of the 4, the probe first; the same revision, the same pages
viewer_crawl "$T/s1" 150 >/dev/null
expect_eq "sample: two pages asked" 6 "$(rows_asked photolab/street-photos)"
P1=$(pages_of "$T/s1")
expect_eq "sample: two pages linked" 2 "$(wc -w <<<"$P1")"
viewer_crawl "$T/s2" 150 >/dev/null
expect_eq "sample: the same pages again" "$P1" "$(pages_of "$T/s2")"

# a store crawled without the viewer: turning it on reads each dataset's card once more (the
# node records which readers read it), then the sample is taken; a third run asks nothing
HF_TOKEN=$HUB_TOKEN crawl --datasets --hub "$HUB_BASE" --author photolab --db "$T/late" >/dev/null
cards=$(hub_requests hub.test /datasets/photolab/street-photos/resolve/main/README.md)
OUT=$(viewer_crawl "$T/late" 1000)
expect_eq "viewer turned on: the card read again" $((cards + 1)) \
    "$(hub_requests hub.test /datasets/photolab/street-photos/resolve/main/README.md)"
expect_match "viewer turned on: sampled" "4 pages of rows sampled" "$OUT"
viewer_crawl "$T/late" 1000 >/dev/null
expect_eq "viewer on again: the card not read again" $((cards + 1)) \
    "$(hub_requests hub.test /datasets/photolab/street-photos/resolve/main/README.md)"
HF_TOKEN=$HUB_TOKEN crawl --datasets --hub "$HUB_BASE" --author photolab --db "$T/late" >/dev/null
expect_eq "viewer off: the card not read again" $((cards + 1)) \
    "$(hub_requests hub.test /datasets/photolab/street-photos/resolve/main/README.md)"

# a viewer down for a run: the dataset's card and Croissant say so, its node does not record the
# viewer as read, and the next run (viewer up again) reads its card once more and takes the
# sample; the Croissant file, read fine the first time, is asked again with the card
echo viewer-down >"$T/variant"
stop_hub
start_hub --variant "$T/variant"
RESOLVE+=(--resolve "viewer.test:$HUB_PORT:127.0.0.1")
VIEWER="http://viewer.test:$HUB_PORT"
viewer_crawl "$T/down" 1000 --croissant --retries 0 --log "$T/down.log" >/dev/null
expect_match "viewer down: noted" "viewer: no rows of photolab/street-photos" "$(cat "$T/down.log")"
expect_eq "viewer down: no sample" 0 "$(cells_of "$T/down")"
expect_eq "viewer down: entry without the viewer" '"hub:card+croissant"' \
    "$("$CONSENTSCAN" graph --db "$T/down" --json "$DS" | jq -c .entry)"
cards=$(hub_requests hub.test /datasets/photolab/street-photos/resolve/main/README.md)
rm "$T/variant"
viewer_crawl "$T/down" 1000 --croissant >/dev/null
expect_eq "viewer up: the card read again" $((cards + 1)) \
    "$(hub_requests hub.test /datasets/photolab/street-photos/resolve/main/README.md)"
expect_eq "viewer up: the sample taken" 267 "$(cells_of "$T/down")"
expect_eq "viewer up: entry with both readers (in the order they answered)" \
    "croissant hub:card viewer" \
    "$("$CONSENTSCAN" graph --db "$T/down" --json "$DS" | jq -r '.entry | split("+") | sort | join(" ")')"
viewer_crawl "$T/down" 1000 --croissant >/dev/null
expect_eq "then: the card not read again" $((cards + 1)) \
    "$(hub_requests hub.test /datasets/photolab/street-photos/resolve/main/README.md)"

# a crawl killed at any point and resumed gives the same viewer links
HF_TOKEN=$HUB_TOKEN "$CONSENTSCAN" crawl --allow-private --agents "$E2E_DIR/agents.json" \
    --timeout 5 --delay 0.2 "${RESOLVE[@]}" --datasets --hub "$HUB_BASE" --author photolab \
    --viewer "$VIEWER" --viewer-rows 1000 --db "$T/k" >/dev/null 2>&1 &
KPID=$!
sleep 1.2
kill -9 "$KPID" 2>/dev/null
wait "$KPID" 2>/dev/null
viewer_crawl "$T/k" 1000 >/dev/null
expect_eq "killed and resumed: the same pages" "$(pages_of "$T/db")" "$(pages_of "$T/k")"
expect_eq "killed and resumed: the same links" 267 "$(cells_of "$T/k")"

# check of one dataset samples its rows by default, and prints the sample with its row
ROW=$(HF_TOKEN=$HUB_TOKEN check --hub "$HUB_BASE" --viewer "$VIEWER" --db "$T/one" "$DS")
expect_eq "check hf: exit (flagged)" 1 "$?"
expect_eq "check hf: the sample" 267 "$(jq .sample.rows <<<"$ROW")"
ROW=$(HF_TOKEN=$HUB_TOKEN check --hub "$HUB_BASE" --viewer "$VIEWER" --viewer-rows 0 --db "$T/none" "$DS")
expect_eq "check hf --viewer-rows 0: no sample" null "$(jq -c .sample <<<"$ROW")"

# usage: a hub other than huggingface.co needs --viewer for --viewer-rows; bad values
crawl --datasets --hub "$HUB_BASE" --viewer-rows 10 --db "$T/u" >/dev/null 2>"$T/err"
expect_eq "no viewer for this hub: usage" 3 "$?"
expect_match "no viewer: says so" "--viewer URL" "$(cat "$T/err")"
crawl --datasets --hub "$HUB_BASE" --viewer-rows 100001 --viewer "$VIEWER" --db "$T/u" >/dev/null 2>&1
expect_eq "too many rows: usage" 3 "$?"
crawl --datasets --hub "$HUB_BASE" --viewer-rows 10 --viewer "ftp://x" --db "$T/u" >/dev/null 2>&1
expect_eq "a viewer that is not http(s): usage" 3 "$?"

finish
