#!/usr/bin/env bash
# Indexes other than the Hub (issue 4 "Dataset pages elsewhere"): `crawl --index URL` pages a
# CKAN portal's package_search and reads a dataset page's schema.org JSON-LD; their data links
# are checked and flag the datasets, homepage links do not.
source "$(dirname "$0")/lib.sh"
start_server

# a small portal, written now that the sites' port is known, served by a second fixture server
mkdir -p "$T/portal/portal.test/api/3/action" "$T/portal/portal.test/dataset"
cat >"$T/portal/portal.test/api/3/action/package_search" <<JSON
{"success": true, "result": {"count": 2, "results": [
 {"name": "harbour-photos", "title": "Harbour photos", "license_id": "cc-by",
  "url": "http://demo-photo.test:$PORT/",
  "resources": [{"name": "photo", "url": "http://demo-photo.test:$PORT/gallery/harbour-at-dawn.html"}]},
 {"name": "open-pages", "title": "Open pages", "resources": [
  {"name": "page", "url": "http://allow.test:$PORT/page.html"}]}]}}
JSON
cat >"$T/portal/portal.test/dataset/news.html" <<HTML
<!doctype html><html><head><title>News archive</title>
<script type="application/ld+json">{"@context": "https://schema.org/", "@type": "Dataset",
 "name": "News archive", "url": "http://portal.test/dataset/news.html",
 "distribution": [{"@type": "DataDownload",
   "contentUrl": "http://demo-news.test:$PORT/2024/05/harbour-council-budget.html"}]}</script>
</head><body>News archive</body></html>
HTML
# the same page running on past the 2 MiB page cap (CS_CARD_MAX_BYTES): read up to the cut
sed 's|dataset/news.html|dataset/big.html|' "$T/portal/portal.test/dataset/news.html" |
    head -c -22 >"$T/portal/portal.test/dataset/big.html"
printf '200\nContent-Type: text/html; charset=utf-8\n\nbody-size: 3000000\n' \
    >"$T/portal/portal.test/dataset/big.html.http"
start_portal

OUT=$(crawl --index "http://portal.test:$P2/api/3/action/package_search?q=harbour" \
    --index "http://portal.test:$P2/dataset/news.html" --db "$T/db")
expect_eq "index crawl exit" 0 "$?"
expect_match "pages read" "index: 1 listing pages, 0 cards read, 0 entries unchanged since the last run, 3 datasets from other indexes" "$OUT"
expect_eq "CKAN paged with start and rows" 1 \
    "$(grep -c '^portal.test GET /api/3/action/package_search 200' "$T/portal.log")"
FLAGGED=$("$CONSENTSCAN" export --db "$T/db" --by dataset --flagged | jq -r .node | sort | tr '\n' ' ')
expect_eq "flagged datasets" \
    "http://portal.test/dataset/news.html http://portal.test:$P2/dataset/harbour-photos " \
    "$FLAGGED"
ALL=$("$CONSENTSCAN" export --db "$T/db" --by dataset | jq -c '[.node, .sources, .reserved]' | sort)
expect_match "an open dataset is listed, not flagged" "open-pages\",1,0" "$ALL"
expect_eq "the robots.txt of the portal was asked for the page" 1 \
    "$(grep -c '^portal.test GET /robots.txt' "$T/portal.log")"

crawl --index "http://portal.test:$P2/dataset/big.html" --db "$T/big" --log "$T/big.log" >/dev/null
expect_match "a page over the cap: the cut is noted" "dataset page cut at 2097152 bytes" \
    "$(cat "$T/big.log")"
expect_eq "a page over the cap: its JSON-LD before the cut is read" \
    "http://portal.test/dataset/big.html" \
    "$("$CONSENTSCAN" export --db "$T/big" --by dataset --flagged | jq -r .node)"
stop_portal
finish
