#!/usr/bin/env bash
# Readers that fail are asked again by the next run (issue 4, incremental crawls): a card that
# answers 503 in one run is carried over, and the next run reads it although its incremental
# listing stops at the first page (nothing new there), far above that card's entry. One entry a
# page (--limit 1), newest first: acme/news-corpus-extended, acme/news-corpus, acme/mixed-web...
source "$(dirname "$0")/lib.sh"
start_server
start_hub --variant "$T/variant"
CARD=/datasets/acme/mixed-web/resolve/main/README.md

hub() { # ARGS...
    HF_TOKEN=$HUB_TOKEN crawl --datasets --hub "$HUB_BASE" --author acme --limit 1 --retries 0 \
        --db "$T/db" "$@"
}
derived() { "$CONSENTSCAN" graph --db "$T/db" --json hf:datasets/acme/mixed-web |
    jq -r '[.out[] | select(.edge == "derived_from") | .node.name] | sort | join(" ")'; }

echo "card-down:acme/mixed-web" >"$T/variant"
OUT=$(hub --log "$T/r1.log")
expect_eq "run 1: exit" 0 "$?"
expect_eq "run 1: the card asked once" 1 "$(hub_requests hub.test "$CARD")"
expect_match "run 1: says it is carried over" "1 failed now .*asked again by the next run" "$OUT"
expect_eq "run 1: no edges from the card" "" "$(derived)"

rm "$T/variant"
pages=$(grep -c '^hub.test GET /api/datasets?' "$HUB_LOG")
OUT=$(hub)
expect_eq "run 2: exit" 0 "$?"
expect_eq "run 2: the listing stops at its first page (nothing new there)" $((pages + 1)) \
    "$(grep -c '^hub.test GET /api/datasets?' "$HUB_LOG")"
expect_eq "run 2: the carried card read" 2 "$(hub_requests hub.test "$CARD")"
expect_match "run 2: says so" "asked again: 1 that failed in the last run" "$OUT"
expect_eq "run 2: its edges stored" \
    "hf:datasets/opendata/atlas-tiles hf:datasets/photolab/street-photos name:other-common-crawl" \
    "$(derived)"

OUT=$(hub)
expect_eq "run 3: nothing carried, the card not asked again" 2 "$(hub_requests hub.test "$CARD")"
expect_eq "run 3: nothing to say" "" "$(grep 'asked again' <<<"$OUT")"

# a gated card refused to the token (not granted): not a passing failure, not carried; recorded
# against its revision, so the next run does not ask again, and --full does
GATED=/datasets/photolab/art-captions/resolve/main/README.md
refused() { HF_TOKEN=hf_not_granted crawl --datasets --hub "$HUB_BASE" --author photolab \
    --retries 0 --db "$T/refused" --log "$T/refused.log" "$@"; }
OUT=$(refused)
expect_eq "refused: asked once" 1 "$(hub_requests hub.test "$GATED")"
expect_match "refused: noted" "art-captions.*refused to this token" "$(cat "$T/refused.log")"
expect_eq "refused: not carried" "" "$(grep 'asked again' <<<"$OUT")"
expect_eq "refused: recorded" '"hub:refused"' \
    "$("$CONSENTSCAN" graph --db "$T/refused" --json hf:datasets/photolab/art-captions | jq -c .entry)"
refused >/dev/null
expect_eq "refused: not asked again" 1 "$(hub_requests hub.test "$GATED")"
refused --full >/dev/null
expect_eq "refused: --full asks again" 2 "$(hub_requests hub.test "$GATED")"
finish
