#!/usr/bin/env bash
# The index crawl end to end (issue 4): `consentscan crawl --both --hub URL` against the fixture
# hub and the fixture sites. The lineage exports are compared with golden files; a second run
# fetches no unchanged card; a changed card replaces its edges; the token goes to the hub's own
# origin only; 429, an expired cursor and kill -9 at random points give the same graph as an
# uninterrupted crawl; `check hf:datasets/ID` prints the entry's row.
source "$(dirname "$0")/lib.sh"
start_server
HUB_TOKEN=hf_fixture_token
start_hub --variant "$T/variant"
GOLDEN="$E2E_DIR/golden"

hub_crawl() { # DB ARGS...
    local db=$1
    shift
    HF_TOKEN=$HUB_TOKEN crawl --both --hub "$HUB_BASE" --db "$db" --retries 3 "$@"
}

# same_lineage WHAT DB: both lineage exports of DB equal the golden files
same_lineage() {
    local by
    for by in dataset model; do
        if cmp -s "$GOLDEN/hub_by_$by.jsonl" <(lineage "$2" $by); then ok; else
            bad "$1: lineage by $by differs from the golden file"
            diff "$GOLDEN/hub_by_$by.jsonl" <(lineage "$2" $by) | head -4 >&2
        fi
    done
}

# a lineage export without times, with the fixture ports replaced: comparable across runs
lineage() { # DB dataset|model
    "$CONSENTSCAN" export --db "$1" --by "$2" |
        jq -cS 'walk(if type == "object" then
                       with_entries(select(.key | test("_at$|^first_seen$") | not))
                     else . end)' |
        sed -e "s/:$PORT\\b/:SITES/g" -e "s/:$HUB_PORT\\b/:HUB/g" | sort
}

OUT=$(hub_crawl "$T/db" --log "$T/crawl.log")
expect_eq "hub crawl exit" 0 "$?"
# 6 pages, then each whole listing's sweep: its first page again, down to the run's start
expect_match "pages and cards" "index: 8 listing pages, 12 cards read, 0 entries unchanged" "$OUT"
same_lineage "first crawl" "$T/db"
FLAGGED=$("$CONSENTSCAN" export --db "$T/db" --by dataset --flagged | jq -r .node | sort | tr '\n' ' ')
expect_match "a dataset of a blocked news site is flagged" "hf:datasets/acme/news-corpus " "$FLAGGED"
if [[ "$FLAGGED" == *"opendata/atlas-tiles"* ]]; then
    bad "a dataset whose only blocked links are homepage/paper/code was flagged"
else ok; fi

# the token: to the hub's own origin only (the CDN redirect gets none), and not with its
# host-level policy files, which are read like any site's
expect_eq "token sent to the hub" 0 \
    "$(grep '^hub\.test ' "$HUB_LOG" | grep -vE ' /(robots\.txt|ai\.txt|\.well-known/tdmrep\.json) ' |
        grep -vc ' auth$')"
expect_eq "token never sent elsewhere" 0 "$(grep -v '^hub\.test ' "$HUB_LOG" | grep -c ' auth$')"
expect_eq "the CDN copy was read" 1 "$(hub_requests cdn.test /cdn/datasets/fixture/cdn-hosted/README.md)"

# an unchanged hub: no card fetched again, the listing stops at the first unchanged page
cards=$(grep -c 'README.md' "$HUB_LOG")
OUT=$(hub_crawl "$T/db")
expect_eq "second crawl exit" 0 "$?"
expect_eq "no unchanged card fetched again" "$cards" "$(grep -c 'README.md' "$HUB_LOG")"
expect_match "second run: unchanged entries" "index: 2 listing pages, 0 cards read, 4 entries unchanged" "$OUT"

# a changed card: fetched again, its edges replaced
echo opendata/pottery-images >"$T/variant"
OUT=$(hub_crawl "$T/db")
expect_eq "third crawl exit" 0 "$?"
expect_eq "only the changed card fetched" 2 \
    "$(hub_requests hub.test /datasets/opendata/pottery-images/resolve/main/README.md)"
G1=$("$CONSENTSCAN" graph --db "$T/db" --json hf:datasets/opendata/pottery-images)
expect_eq "changed card: new sha" "$(jq -r .sha "$E2E_DIR/hub/datasets/opendata/pottery-images/info.v2.json")" \
    "$(jq -r .sha <<<"$G1")"
rm -f "$T/variant"

# check of one entry: its row; exit 1 when a source is reserved
ROW=$(HF_TOKEN=$HUB_TOKEN check --hub "$HUB_BASE" --db "$T/one" hf:datasets/acme/news-corpus)
expect_eq "check hf: exit (flagged)" 1 "$?"
expect_eq "check hf: the entry's row" "hf:datasets/acme/news-corpus" "$(jq -r .node <<<"$ROW")"
expect_eq "check hf: one data source reserved" 1 "$(jq -r .reserved <<<"$ROW")"
check --hub "$HUB_BASE" --db "$T/one" hf:datasets/not/an/id >/dev/null 2>&1
expect_eq "check hf: malformed id" 3 "$?"

# Croissant files (--croissant): their data links flag, their derivations are edges, and they
# stay beside the card's edges when the card alone is read again
hub_crawl "$T/cro" --croissant --datasets >/dev/null
expect_eq "croissant crawl exit" 0 "$?"
ROW=$("$CONSENTSCAN" export --db "$T/cro" --by dataset --flagged |
    jq -c 'select(.node == "hf:datasets/opendata/atlas-tiles") | [.flagged_sources[].via]')
expect_match "flagged through a Croissant contentUrl" '"croissant:distribution\[1\]\.contentUrl"' "$ROW"
# and through the dataset the Croissant file says it derives from (its card's data_files)
expect_match "flagged through the Croissant derivation" '"card:configs\[0\]\.data_files' "$ROW"
G=$("$CONSENTSCAN" graph --db "$T/cro" --json hf:datasets/opendata/atlas-tiles)
expect_eq "croissant derivation edge" 1 \
    "$(jq '[.out[] | select(.edge == "derived_from" and .node.name == "hf:datasets/photolab/street-photos")] | length' <<<"$G")"
hub_crawl "$T/cro" --datasets >/dev/null # the card is not read again (unchanged): nothing moves
CRO2=$("$CONSENTSCAN" export --db "$T/cro" --by dataset --flagged |
    jq -c 'select(.node == "hf:datasets/opendata/atlas-tiles") | [.flagged_sources[].via]')
expect_eq "croissant edges kept" "$ROW" "$CRO2"

# a gated card without a token: listed, not read, no edges invented
GATED=/datasets/photolab/art-captions/resolve/main/README.md
asked=$(hub_requests hub.test "$GATED")
OUT=$(crawl --datasets --hub "$HUB_BASE" --db "$T/nogate" --log "$T/nogate.log")
expect_match "gated card noted" "gated, not read.*art-captions" "$(cat "$T/nogate.log")"
expect_match "gated: counted" "gated: 1 entries listed but not read" "$OUT"
expect_eq "gated: its card not asked (it would answer 401)" "$asked" \
    "$(hub_requests hub.test "$GATED")"
expect_eq "gated: no edges" "[]" \
    "$("$CONSENTSCAN" graph --db "$T/nogate" --json hf:datasets/photolab/art-captions 2>/dev/null |
        jq -c '.out')"

# 429 with Retry-After, and an expired cursor: the same graph in the end
stop_hub
start_hub --rate-limit 2 --expire-after 2
OUT=$(hub_crawl "$T/limited")
expect_eq "crawl through 429 and an expired cursor" 0 "$?"
expect_match "429 answered" " 429" "$(grep -E ' 429( auth)?$' "$HUB_LOG" | head -1)"
expect_match "expired cursor seen" " 400" "$(grep -E 'cursor=.* 400( auth)?$' "$HUB_LOG" | head -1)"
same_lineage "429 and an expired cursor" "$T/limited"

# a listing page that still fails after its retries: the run stays unfinished and the next run
# goes on from that page (not taking the pages before it for the whole listing)
stop_hub
start_hub --rate-limit 3
OUT=$(HF_TOKEN=$HUB_TOKEN crawl --both --hub "$HUB_BASE" --db "$T/failed" --retries 0 2>"$T/failed.err")
expect_match "failed page: run left unfinished" "next run with the same options resumes" "$OUT"
OUT=$(hub_crawl "$T/failed")
expect_match "failed page: resumed" "resumed unfinished run" "$OUT"
same_lineage "failed page then resumed" "$T/failed"

# kill -9 at random points, then the same command: the same graph as an uninterrupted crawl
stop_hub
start_hub
RANDOM=11
for k in $(seq 6); do
    (HF_TOKEN=$HUB_TOKEN exec "$CONSENTSCAN" crawl --allow-private --agents "$E2E_DIR/agents.json" \
        --timeout 5 --delay 0.2 "${RESOLVE[@]}" --both --hub "$HUB_BASE" --db "$T/killed" \
        >/dev/null 2>&1) &
    pid=$!
    sleep "0.$((RANDOM % 50 + 5))"
    kill -KILL $pid 2>/dev/null
    wait $pid 2>/dev/null
done
OUT=$(hub_crawl "$T/killed")
expect_eq "resumed crawl exit" 0 "$?"
same_lineage "killed and resumed" "$T/killed"
# a repository that disappeared is kept and marked gone, by a whole listing only (--full: an
# incremental run stops early and says nothing of what it did not see)
cp -r "$E2E_DIR/hub" "$T/hubdata"
rm -rf "$T/hubdata/datasets/opendata/pottery-images"
stop_hub
HUB_DATA="$T/hubdata" start_hub
OUT=$(hub_crawl "$T/db")
if [[ "$OUT" == *"no longer listed"* ]]; then bad "an incremental run marked repositories gone"; else ok; fi
OUT=$(hub_crawl "$T/db" --full)
expect_match "gone after a whole listing" "1 datasets no longer listed" "$OUT"
G=$("$CONSENTSCAN" graph --db "$T/db" --json hf:datasets/opendata/pottery-images)
expect_match "kept, with the time it went" "^20[0-9-]+T" "$(jq -r .gone_at <<<"$G")"
expect_eq "others not gone" null \
    "$("$CONSENTSCAN" graph --db "$T/db" --json hf:datasets/acme/news-corpus | jq -r .gone_at)"
finish
