#!/usr/bin/env bash
# The fixture hub itself (issue 4 "Tests"), checked with curl before the crawler relies on it:
# Link pagination, filters, sort, expand, the 429 cycle, the gated repo, a card that changes
# between runs, expiring cursors, the redirect to a CDN host, placeholders, the request log.
source "$(dirname "$0")/lib.sh"
: "${FIXTURE_HUB:?}"
start_server
start_hub --variant "$T/variant"

get() { curl -s "${RESOLVE[@]}" "$@"; }                           # body
status() { curl -s -o /dev/null -w '%{http_code}' "${RESOLVE[@]}" "$@"; } # status only
next_link() { sed -n 's/^[Ll]ink: <\(.*\)>; rel="next".*/\1/p' "$1" | tr -d '\r'; }

# walk URL: follows Link rel="next" to the end; ids in $T/ids, pages in PAGES, last status in LAST.
walk() {
    local u=$1
    : >"$T/ids"
    PAGES=0
    while [ -n "$u" ]; do
        LAST=$(curl -s -D "$T/h" -o "$T/b" -w '%{http_code}' "${RESOLVE[@]}" "$u")
        [ "$LAST" = 200 ] || return
        PAGES=$((PAGES + 1))
        jq -r '.[].id' "$T/b" >>"$T/ids"
        u=$(next_link "$T/h")
        [ "$PAGES" -lt 50 ] || return
    done
}
ids() { paste -sd, "$T/ids"; }

# Pagination: limit 2 by default, every entry once, the last page without a Link.
walk "$HUB_BASE/api/datasets"
expect_eq "datasets: pages of 2" 4 "$PAGES"
expect_eq "datasets: every id once, by id" "acme/mixed-web,acme/news-corpus,acme/news-corpus-extended,fixture/cdn-hosted,opendata/atlas-tiles,opendata/pottery-images,photolab/art-captions,photolab/street-photos" "$(ids)"
walk "$HUB_BASE/api/models?limit=3"
expect_eq "models: limit 3" "2 4" "$PAGES $(wc -l <"$T/ids")"
get -D "$T/h" -o /dev/null "$HUB_BASE/api/datasets?search=e&limit=1&expand=cardData&expand=sha"
expect_match "Link carries every parameter" \
    "^$HUB_BASE/api/datasets\?search=e&limit=1&expand=cardData&expand=sha&cursor=[^&]+$" \
    "$(next_link "$T/h")"
expect_eq "bad limit" 400 "$(status "$HUB_BASE/api/datasets?limit=0")"

# Filters (AND), author, search; reverse lineage with filter=dataset:<id> (peers.md 5.6).
walk "$HUB_BASE/api/datasets?filter=language:en&filter=task_categories:image-to-text"
expect_eq "two filters" "photolab/art-captions,photolab/street-photos" "$(ids)"
walk "$HUB_BASE/api/datasets?author=acme&limit=10"
expect_eq "author" "acme/mixed-web,acme/news-corpus,acme/news-corpus-extended" "$(ids)"
walk "$HUB_BASE/api/datasets?search=NEWS"
expect_eq "search, any case" "acme/news-corpus,acme/news-corpus-extended" "$(ids)"
walk "$HUB_BASE/api/models?filter=dataset:acme/mixed-web"
expect_eq "models using a dataset" "acme/chat-lm" "$(ids)"
walk "$HUB_BASE/api/models?filter=base_model:finetune:acme/base-lm"
expect_eq "finetunes of a model" "acme/chat-lm" "$(ids)"

# Sort newest first; cardData only when expanded (or full=true).
walk "$HUB_BASE/api/datasets?sort=lastModified&direction=-1&limit=3"
expect_eq "newest first" "acme/news-corpus-extended,acme/news-corpus,acme/mixed-web,photolab/street-photos,photolab/art-captions,opendata/atlas-tiles,opendata/pottery-images,fixture/cdn-hosted" "$(ids)"
expect_eq "no cardData by default" "false" "$(get "$HUB_BASE/api/datasets" | jq '.[0] | has("cardData")')"
expect_eq "expand=cardData" '["extended|photolab/street-photos","extended|opendata/atlas-tiles","extended|other-common-crawl"]' \
    "$(get "$HUB_BASE/api/datasets?expand=cardData" | jq -c '.[0].cardData.source_datasets')"
expect_eq "full=true" "true" "$(get "$HUB_BASE/api/models?full=true" | jq '.[0] | has("cardData")')"

# Info and cards; placeholders {{SITES}} and {{HUB}}; models have no path prefix.
expect_eq "info" "acme/chat-lm finetune README.md" "$(get "$HUB_BASE/api/models/acme/chat-lm" |
    jq -r '"\(.id) \(.cardData.base_model_relation) \(.siblings[0].rfilename)"')"
expect_eq "info at a revision" 200 "$(status "$HUB_BASE/api/datasets/acme/news-corpus/revision/main")"
expect_eq "unknown repo" 404 "$(status "$HUB_BASE/api/datasets/acme/nothing")"
card=$(get "$HUB_BASE/datasets/photolab/street-photos/resolve/main/README.md")
expect_match "{{SITES}} is the sites' port" "Source Data:\*\* http://demo-photo.test:$PORT/gallery/" "$card"
card=$(get "$HUB_BASE/datasets/acme/mixed-web/resolve/main/README.md")
expect_match "{{HUB}} is the hub's base" "$HUB_BASE/datasets/acme/mixed-web/resolve/main/data/" "$card"
expect_eq "cardData with placeholders" "http://demo-atlas.test:$PORT/about.html" \
    "$(get "$HUB_BASE/api/datasets/opendata/atlas-tiles" | jq -r .cardData.configs[0].data_files)"
expect_match "model card" "base_model: acme/base-lm" "$(get "$HUB_BASE/acme/chat-lm/resolve/main/README.md")"
expect_eq "card type" "text/markdown; charset=utf-8" "$(curl -s -o /dev/null -w '%{content_type}' \
    "${RESOLVE[@]}" "$HUB_BASE/acme/base-lm/resolve/abc123/README.md")"
expect_eq "info files are not repo files" 404 "$(status "$HUB_BASE/acme/base-lm/resolve/main/info.json")"
expect_eq "missing file" 404 "$(status "$HUB_BASE/datasets/acme/news-corpus/resolve/main/x.csv")"
expect_match "robots.txt" "Disallow: /private/" "$(get "$HUB_BASE/robots.txt")"

# The gated repo: listed, but its card and info need the token.
expect_eq "gated in listings" '"manual"' "$(get "$HUB_BASE/api/datasets?author=photolab" | jq '.[0].gated')"
gated="$HUB_BASE/datasets/photolab/art-captions/resolve/main/README.md"
expect_eq "gated card without token" 401 "$(status "$gated")"
expect_eq "gated card, wrong token" 401 "$(status -H "Authorization: Bearer nope" "$gated")"
expect_eq "gated card with token" 200 "$(status -H "Authorization: Bearer $HUB_TOKEN" "$gated")"
expect_match "gated error is JSON" '^\{"error":"Access to photolab/art-captions is restricted' "$(get "$gated")"
expect_eq "gated info" "401 200" "$(status "$HUB_BASE/api/datasets/photolab/art-captions") $(status \
    -H "Authorization: Bearer $HUB_TOKEN" "$HUB_BASE/api/datasets/photolab/art-captions")"
expect_eq "log marks the token" 2 "$(grep -c "^hub.test GET /datasets/photolab/art-captions/resolve/main/README.md [0-9]* auth$" "$HUB_LOG")"

# A card that changes between runs: --variant FILE names the dataset.
pottery="$HUB_BASE/datasets/opendata/pottery-images/resolve/main/README.md"
sha1=$(get "$HUB_BASE/api/datasets/opendata/pottery-images" | jq -r .sha)
echo opendata/pottery-images >"$T/variant"
expect_match "variant card" "version 2" "$(get "$pottery")"
sha2=$(get "$HUB_BASE/api/datasets/opendata/pottery-images" | jq -r .sha)
expect_eq "variant sha differs" 1 "$([ "$sha1" != "$sha2" ] && [ -n "$sha2" ] && echo 1)"
expect_eq "listing has the variant" "opendata/pottery-images $sha2" \
    "$(get "$HUB_BASE/api/datasets?sort=lastModified&direction=-1" | jq -r '.[0] | "\(.id) \(.sha)"')"
rm "$T/variant"
expect_eq "back to the first card" "$sha1" "$(get "$HUB_BASE/api/datasets/opendata/pottery-images" | jq -r .sha)"

# Expiring cursors: the control endpoint, then --expire-after.
get -D "$T/h" -o /dev/null "$HUB_BASE/api/datasets"
old=$(next_link "$T/h")
expect_match "expire" "^generation 1" "$(get "$HUB_BASE/_fixture/expire-cursors")"
expect_eq "expired cursor" '400 {"error":"Invalid cursor"}' "$(get -w '%{http_code} ' -o "$T/b" "$old")$(cat "$T/b")"
expect_eq "bad cursor" 400 "$(status "$HUB_BASE/api/datasets?cursor=zzz")"
walk "$HUB_BASE/api/datasets"
expect_eq "a new walk works" "4 8" "$PAGES $(wc -l <"$T/ids")"

# The redirect to the CDN host: the token goes to the hub only.
cdn="$HUB_BASE/datasets/fixture/cdn-hosted/resolve/main/README.md"
expect_eq "redirect" "302 http://cdn.test:$HUB_PORT/cdn/datasets/fixture/cdn-hosted/README.md" \
    "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "${RESOLVE[@]}" "$cdn")"
expect_match "followed" "# CDN Hosted" "$(get -L -H "Authorization: Bearer $HUB_TOKEN" "$cdn")"
expect_eq "CDN request without the token" "cdn.test GET /cdn/datasets/fixture/cdn-hosted/README.md 200" \
    "$(grep '^cdn.test ' "$HUB_LOG" | tail -1)"

# Request log: "HOST METHOD PATH?QUERY STATUS[ auth]".
expect_eq "log line" 1 "$(hub_requests hub.test '/api/datasets?search=e&limit=1&expand=cardData&expand=sha')"

# --expire-after 1; --rate-limit 3 (the 429 cycle); SIGTERM exits 0; bad arguments exit 2.
stop_hub
start_hub --expire-after 1
get -D "$T/h" -o /dev/null "$HUB_BASE/api/datasets"
expect_eq "--expire-after 1" 400 "$(status "$(next_link "$T/h")")"
walk "$HUB_BASE/api/datasets"
expect_eq "expires once" "4 8" "$PAGES $(wc -l <"$T/ids")"
stop_hub
start_hub --rate-limit 3
rl=""
for _ in 1 2 3 4 5; do
    curl -s -D "$T/h" -o /dev/null "${RESOLVE[@]}" "$HUB_BASE/api/models/acme/base-lm"
    rl="$rl$(tr -d '\r' <"$T/h" | awk '/^HTTP/ {printf "%s", $2} /^RateLimit:/ {printf "[%s]", $2} /^Retry-After:/ {printf "<%s>", $2}');"
done
expect_eq "429 cycle" '200["api";r=2;t=1];200["api";r=1;t=1];200["api";r=0;t=1];429["api";r=0;t=1]<1>;200["api";r=2;t=1];' "$rl"
expect_match "policy" 'RateLimit-Policy: "fixed window";"api";q=3;w=1' "$(tr -d '\r' <"$T/h")"
expect_eq "cards are not API" 200 "$(status "$HUB_BASE/acme/base-lm/resolve/main/README.md")"
expect_eq "after the 429" 200 "$(status "$HUB_BASE/api/models")"
kill "$HUB_PID"
wait "$HUB_PID"
expect_eq "SIGTERM exits 0" 0 "$?"
HUB_PID=
"$FIXTURE_HUB" --data "$E2E_DIR/hub" --rate-limit x 2>"$T/err"
expect_eq "bad option: exit 2" "2 1" "$? $(wc -l <"$T/err")"
"$FIXTURE_HUB" --port 0 2>/dev/null
expect_eq "missing --data: exit 2" 2 "$?"
finish
