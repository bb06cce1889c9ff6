#!/usr/bin/env bash
# The fixture hub itself (issue 4 "Tests"), checked with curl before the crawler relies on it:
# Link pagination, filters, sort, expand, the 429 cycle, the gated repo, a card that changes
# between runs, expiring cursors, the redirect to a CDN host, placeholders, the request log; the
# dataset viewer's /size, /splits and /rows.
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

# The dataset viewer at the hub's root: /size computed from the rows files, /splits, /rows pages,
# the viewer's 422 and 404 answers, the gated dataset, placeholders in rows.
V="$E2E_DIR/hub/datasets/photolab/street-photos/viewer"
vrows="$HUB_BASE/rows?dataset=photolab/street-photos&config=default"
get "$HUB_BASE/size?dataset=photolab/street-photos" >"$T/size"
expect_eq "size: splits, rows, columns" "default/train 250 4;default/test 30 4;" \
    "$(jq -j '.size.splits[] | "\(.config)/\(.split) \(.num_rows) \(.num_columns);"' "$T/size")"
expect_eq "size: rows are the rows files' lines" "$(wc -l <"$V/default/train.jsonl") $(wc -l \
    <"$V/default/test.jsonl")" "$(jq -j '[.size.splits[].num_rows] | join(" ")' "$T/size")"
expect_eq "size: bytes are the files'" "$(stat -c %s "$V/default/train.jsonl")" \
    "$(jq '.size.splits[0].num_bytes_parquet_files' "$T/size")"
expect_eq "size: config and dataset sum the splits" "280 280 4 $(($(stat -c %s \
    "$V/default/train.jsonl") + $(stat -c %s "$V/default/test.jsonl")))" \
    "$(jq -j '.size | "\(.configs[0].num_rows) \(.dataset.num_rows) \(.configs[0].num_columns) \(.dataset.num_bytes_parquet_files)"' "$T/size")"
expect_eq "size: the rest of the shape" 'photolab/street-photos [] [] false' \
    "$(jq -j '"\(.size.dataset.dataset) \(.pending) \(.failed) \(.partial)"' "$T/size")"
expect_eq "splits" "default/train,default/test" \
    "$(get "$HUB_BASE/splits?dataset=photolab/street-photos" | jq -r '[.splits[] | "\(.config)/\(.split)"] | join(",")')"
get "$vrows&split=train&offset=0&length=100" >"$T/rows"
expect_eq "rows: page 0 is rows 0-99" "true 250 100 false" \
    "$(jq -j '"\([.rows[].row_idx] == [range(100)]) \(.num_rows_total) \(.num_rows_per_page) \(.partial)"' "$T/rows")"
expect_eq "rows: features as in features.json" "$(jq -c . "$V/features.json")" "$(jq -c .features "$T/rows")"
expect_eq "rows: {{SITES}} in urls" "http://gptbot-block.test:$PORT/page.html" "$(jq -r '.rows[0].row.url' "$T/rows")"
expect_eq "rows: {{HUB}} in image cells" "$HUB_BASE/assets/photolab/street-photos/--/main/--/default/train/0/image/image.jpg" \
    "$(jq -r '.rows[0].row.image.src' "$T/rows")"
expect_eq "rows: a cut url cell" '["url"] http://gptbot-block.test:'"$PORT"'/pa' \
    "$(jq -j '.rows[42] | "\(.truncated_cells | tojson) \(.row.url)"' "$T/rows")"
expect_eq "rows: default length 100" "100 100 199" \
    "$(get "$vrows&split=train&offset=100" | jq -j '"\(.rows | length) \(.rows[0].row_idx) \(.rows[-1].row_idx)"')"
expect_eq "rows: offset 200, 50 left" "50 200 249" "$(get "$vrows&split=train&offset=200&length=100" |
    jq -j '"\(.rows | length) \(.rows[0].row_idx) \(.rows[-1].row_idx)"')"
expect_eq "rows: past the end" '200 [] 250' "$(get -w '%{http_code} ' -o "$T/b" "$vrows&split=train&offset=300")$(jq -j '"\(.rows) \(.num_rows_total)"' "$T/b")"
expect_eq "rows: test split" "30 29" "$(get "$vrows&split=test&offset=25&length=10" | jq -j '"\(.num_rows_total) \(.rows[-1].row_idx)"')"
expect_eq "rows: length 101" '422 application/json {"error":"Parameter '"'length'"' must not be greater than 100"}' \
    "$(get -w '%{http_code} %{content_type} ' -o "$T/b" "$vrows&split=train&length=101")$(cat "$T/b")"
for q in "split=train&offset=-1" "split=train&length=0" "split=train&offset=x" "split=" "x=1"; do
    expect_eq "rows: 422 for $q (no split with x=1)" 422 "$(status "$vrows&$q")"
done
expect_eq "rows: other parameters are ignored" 200 "$(status "$vrows&split=train&x=1")"
expect_eq "rows: no dataset" 422 "$(status "$HUB_BASE/rows?config=default&split=train")"
expect_eq "size: no dataset" 422 "$(status "$HUB_BASE/size")"
expect_eq "rows: unknown split, config" "404 404" "$(status "$vrows&split=validation") $(status \
    "$HUB_BASE/rows?dataset=photolab/street-photos&config=other&split=train")"
expect_match "no viewer data: 404 JSON" '^404 application/json \{"error":"The dataset viewer is not available' \
    "$(get -w '%{http_code} %{content_type} ' -o "$T/b" "$HUB_BASE/size?dataset=acme/news-corpus")$(cat "$T/b")"
expect_eq "no viewer data: rows" 404 "$(status "$HUB_BASE/rows?dataset=acme/news-corpus&config=default&split=train")"
expect_eq "unknown dataset" "404 404" "$(status "$HUB_BASE/size?dataset=acme/nothing") $(status "$HUB_BASE/size?dataset=nothing")"
expect_eq "gated: 401 without the token, then 404 (no viewer data)" "401 404" \
    "$(status "$HUB_BASE/size?dataset=photolab/art-captions") $(status -H "Authorization: Bearer $HUB_TOKEN" \
    "$HUB_BASE/size?dataset=photolab/art-captions")"
expect_eq "viewer files are not repo files" 404 \
    "$(status "$HUB_BASE/datasets/photolab/street-photos/resolve/main/viewer/features.json")"
expect_eq "viewer requests in the log" "1 1" "$(hub_requests hub.test '/size?dataset=photolab/street-photos') $(hub_requests \
    hub.test '/rows?dataset=photolab/street-photos&config=default&split=train&offset=0&length=100')"
# The rows hold the pattern README.md describes (gen_viewer_rows.sh --classes).
for split in train test; do
    get "$vrows&split=$split&offset=0&length=100" >"$T/p0"
    get "$vrows&split=$split&offset=100&length=100" >"$T/p1"
    get "$vrows&split=$split&offset=200&length=100" >"$T/p2"
    jq -r --arg s "$split" '.rows[] | "\($s) \(.row_idx) " + (.row.url as $u |
        if (.truncated_cells | index("url")) then "truncated"
        elif ($u == null or $u == "") then "empty"
        elif ($u | test("^http://(gptbot-block|noai-header|demo-photo)\\.test:[0-9]+/")) then "reserved"
        elif ($u | test("^http://(allow|demo-atlas|empty-robots)\\.test:[0-9]+/")) then "clear"
        elif ($u | test("^https?://")) then "other" else "not-url" end)' "$T/p0" "$T/p1" "$T/p2"
done >"$T/classes"
expect_eq "rows: the documented pattern" "$(bash "$E2E_DIR/gen_viewer_rows.sh" --classes | md5sum)" "$(md5sum <"$T/classes")"
expect_eq "rows: reserved, clear, other on train" "133 106 11" "$(awk '$1 == "train" { n[$3 == "reserved" ? "r" : $3 == "clear" ? "c" : "o"]++ }
    END { printf "%d %d %d", n["r"], n["c"], n["o"] }' "$T/classes")"

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
rl=""
for _ in 1 2 3 4 5; do
    rl="$rl$(status "$HUB_BASE/size?dataset=photolab/street-photos")"
done
expect_eq "viewer: its own 429 cycle" "200200200429200" "$rl"
expect_eq "viewer: /api/ count unchanged" 200 "$(status "$HUB_BASE/api/models")"
kill "$HUB_PID"
wait "$HUB_PID"
expect_eq "SIGTERM exits 0" 0 "$?"
HUB_PID=
"$FIXTURE_HUB" --data "$E2E_DIR/hub" --rate-limit x 2>"$T/err"
expect_eq "bad option: exit 2" "2 1" "$? $(wc -l <"$T/err")"
"$FIXTURE_HUB" --port 0 2>/dev/null
expect_eq "missing --data: exit 2" 2 "$?"
finish
