#!/usr/bin/env bash
# The card body cap (issue 3 limits; CS_CARD_MAX_BYTES, 2 MiB): a Hub card longer than it is cut,
# the links read before the cut become edges, the one past it does not, and the crawl says so.
# The fixture hub serves a copy of tests/e2e/hub with one generated 3 MB card added.
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
finish
