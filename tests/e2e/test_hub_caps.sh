#!/usr/bin/env bash
# The index crawl's body caps (issue 3 limits): a Hub card longer than CS_CARD_MAX_BYTES (2 MiB)
# is cut, the links read before the cut become edges, the one past it does not, and the crawl
# says so; a listing page longer than CS_HUB_PAGE_MAX_BYTES (16 MiB) is not read at all (half a
# JSON array) and the crawl says why. The fixture hub serves copies of tests/e2e/hub with
# generated repositories added.
source "$(dirname "$0")/lib.sh"
start_server
HUB_DATA="$T/hub"
cp -r "$E2E_DIR/hub" "$HUB_DATA"
card="$HUB_DATA/datasets/fixture/huge-card"
mkdir -p "$card"
jq '.id = "fixture/huge-card" | .author = "fixture" | .sha = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"' \
    "$HUB_DATA/datasets/acme/news-corpus/info.json" >"$card/info.json"
{
    printf -- '---\nlicense: cc-by-4.0\n---\n# A long card\n\n'
    printf 'Source data: http://demo-news.test{{SITES}}/early.html\n\n'
    # 3 MB of prose, then a link past the cap
    yes 'Filler prose that describes nothing in particular, line after line.' | head -c 3000000
    printf '\nMore source data: http://demo-blog.test{{SITES}}/late.html\n'
} >"$card/README.md"
start_hub

HF_TOKEN=$HUB_TOKEN crawl --datasets --hub "$HUB_BASE" --db "$T/db" --log "$T/crawl.log" >/dev/null
expect_eq "crawl exit" 0 "$?"
expect_eq "the card was read once" 1 \
    "$(hub_requests hub.test /datasets/fixture/huge-card/resolve/main/README.md)"
edges=$("$CONSENTSCAN" graph --db "$T/db" --json hf:datasets/fixture/huge-card | jq -r '.out[].node.name')
expect_match "the link before the cap is an edge" "demo-news\.test:$PORT/early\.html" "$edges"
[[ "$edges" != *late.html* ]] && ok || bad "a link past the cap became an edge"
expect_match "the cut is noted" "huge-card cut at 2097152 bytes: links past it not read" \
    "$(cat "$T/crawl.log")"
# a listing page over 16 MiB: three datasets whose card data is 6 MB each
stop_hub
HUB_DATA="$T/hub-big"
mkdir -p "$HUB_DATA/datasets/fixture" "$HUB_DATA/models"
yes 'card data that goes on and on' | head -c 6000000 | tr '\n' ' ' >"$T/filler"
for i in 1 2 3; do
    mkdir -p "$HUB_DATA/datasets/fixture/big-$i"
    jq --rawfile f "$T/filler" --arg id "fixture/big-$i" \
        '.id = $id | .author = "fixture" | .cardData.pretty_name = $f' \
        "$E2E_DIR/hub/datasets/acme/news-corpus/info.json" >"$HUB_DATA/datasets/fixture/big-$i/info.json"
    printf -- '---\nlicense: cc-by-4.0\n---\n# big %s\n' "$i" >"$HUB_DATA/datasets/fixture/big-$i/README.md"
done
start_hub
cards_before=$(grep -c '/resolve/main/README.md' "$HUB_LOG")
HF_TOKEN=$HUB_TOKEN crawl --datasets --limit 3 --hub "$HUB_BASE" --db "$T/db2" --log "$T/crawl2.log" \
    >/dev/null
expect_match "listing page over the cap: said so" \
    "listing page cut at 16777216 bytes: its entries not read" "$(cat "$T/crawl2.log")"
expect_eq "listing page over the cap: no card read from it" 0 \
    "$(($(grep -c '/resolve/main/README.md' "$HUB_LOG") - cards_before))"
finish
