#!/usr/bin/env bash
# DCAT catalogues in RDF/XML (issue 4 item 4): `consentscan croissant FILE` reads them offline,
# and `crawl --index URL` reads one served by a portal (sniffed from the bytes, or told by
# Content-Type: application/rdf+xml); the datasets' distributions and dct:source are data links
# in the lineage graph and flag the datasets, landing pages do not.
source "$(dirname "$0")/lib.sh"
CASES="$E2E_DIR/../cases/dcat_rdf"

# offline: one JSON object, the datasets of the catalogue; a DOCTYPE is refused
OUT=$("$CONSENTSCAN" croissant "$CASES/catalog_typed.rdf")
expect_eq "croissant rdf exit" 0 "$?"
expect_eq "croissant rdf one line" 1 "$(printf '%s\n' "$OUT" | wc -l)"
expect_eq "croissant rdf datasets" '["Street trees","Bus stops"]' "$(jq -c '[.datasets[].name]' <<<"$OUT")"
expect_eq "croissant rdf upstream" '["org/stops"]' "$(jq -c .upstream_datasets <<<"$OUT")"
OUT=$("$CONSENTSCAN" croissant - <"$CASES/merged_subject.rdf")
expect_eq "stdin sniffed as RDF/XML" '"https://cdn.d.example/images.tar"' \
    "$(jq -c '.distribution[0].content_url' <<<"$OUT")"
OUT=$("$CONSENTSCAN" croissant "$CASES/doctype.rdf" 2>"$T/err")
expect_eq "DOCTYPE exit" 2 "$?"
expect_eq "DOCTYPE nothing on stdout" "" "$OUT"
expect_match "DOCTYPE one line" "^consentscan: cannot read .*DOCTYPE refused" "$(cat "$T/err")"

start_server
mkdir -p "$T/portal/portal.test"
cat >"$T/portal/portal.test/catalog.rdf" <<RDF
<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/">
  <dcat:Catalog rdf:about="http://portal.test/catalog">
    <dcat:dataset>
      <dcat:Dataset rdf:about="http://portal.test/dataset/harbour-news">
        <dct:title>Harbour news</dct:title>
        <dcat:landingPage rdf:resource="http://portal.test/dataset/harbour-news.html"/>
        <dct:source rdf:resource="http://demo-photo.test:$PORT/gallery/harbour-at-dawn.html"/>
        <dcat:distribution>
          <dcat:Distribution>
            <dcat:downloadURL rdf:resource="http://demo-news.test:$PORT/2024/05/harbour-council-budget.html"/>
          </dcat:Distribution>
        </dcat:distribution>
      </dcat:Dataset>
    </dcat:dataset>
    <dcat:dataset rdf:nodeID="open"/>
  </dcat:Catalog>
  <rdf:Description rdf:nodeID="open">
    <rdf:type rdf:resource="http://www.w3.org/ns/dcat#Dataset"/>
    <dct:title>Open pages</dct:title>
    <dcat:landingPage rdf:resource="http://portal.test/dataset/open-pages"/>
    <dcat:distribution rdf:parseType="Resource">
      <dcat:accessURL>http://allow.test:$PORT/page.html</dcat:accessURL>
    </dcat:distribution>
  </rdf:Description>
</rdf:RDF>
RDF
# a bare dcat:Dataset root that does not declare rdf: on itself: RDF/XML by Content-Type only
cat >"$T/portal/portal.test/solo" <<RDF
<d:Dataset xmlns:d="http://www.w3.org/ns/dcat#"><d:distribution><d:Distribution>
<d:downloadURL xmlns:r="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 r:resource="http://demo-news.test:$PORT/2024/05/harbour-council-budget.html"/>
</d:Distribution></d:distribution></d:Dataset>
RDF
printf '200\nContent-Type: application/rdf+xml; charset=utf-8\n' >"$T/portal/portal.test/solo.http"
start_portal

OUT=$(crawl --index "http://portal.test:$P2/catalog.rdf" --index "http://portal.test:$P2/solo" \
    --db "$T/db")
expect_eq "rdf index crawl exit" 0 "$?"
expect_match "datasets read" "3 datasets from other indexes" "$OUT"
FLAGGED=$("$CONSENTSCAN" export --db "$T/db" --by dataset --flagged | jq -r .node | sort | tr '\n' ' ')
expect_eq "flagged datasets" \
    "http://portal.test/dataset/harbour-news http://portal.test:$P2/solo " "$FLAGGED"
ALL=$("$CONSENTSCAN" export --db "$T/db" --by dataset | jq -c '[.node, .sources, .reserved]' | sort)
expect_match "an open dataset is listed, not flagged" '"http://portal.test/dataset/open-pages",1,0' "$ALL"
VIA=$("$CONSENTSCAN" export --db "$T/db" --by dataset --flagged |
    jq -c 'select(.node == "http://portal.test/dataset/harbour-news") | [.flagged_sources[].via] | sort')
expect_eq "flagged through dct:source and the downloadURL" \
    '["rdf:distribution[0].downloadURL","rdf:source"]' "$VIA"
# the lineage graph around each source names the dataset and the property it came through (a
# URL names the source node: the dataset's IRI is also a homepage link of its own)
for src in "http://demo-photo.test:$PORT/gallery/harbour-at-dawn.html rdf:source" \
    "http://demo-news.test:$PORT/2024/05/harbour-council-budget.html rdf:distribution[0].downloadURL"; do
    G=$("$CONSENTSCAN" graph --db "$T/db" --json "${src% *}")
    expect_eq "graph: ${src#* } used by the dataset" "\"${src#* }\"" \
        "$(jq -c '.in[] | select(.node.kind == "dataset" and .node.name == "http://portal.test/dataset/harbour-news") | .links[].via' <<<"$G")"
done
G=$("$CONSENTSCAN" graph --db "$T/db" --json "http://portal.test/dataset/harbour-news.html")
expect_eq "graph: the landing page is a homepage link" '"homepage"' \
    "$(jq -c '[.in[].links[].class] | unique | .[]' <<<"$G")"
stop_portal
finish
