#!/usr/bin/env bash
# Writes the dataset viewer's rows of the fixture hub's photolab/street-photos (README.md, "The
# fixture hub", "Dataset viewer"): hub/datasets/photolab/street-photos/viewer/features.json,
# default/train.jsonl (250 rows) and default/test.jsonl (30 rows). The output is committed; run
# this again only to change the pattern (and update README.md's table to match).
#
#   tests/e2e/gen_viewer_rows.sh            rewrite the files
#   tests/e2e/gen_viewer_rows.sh --classes  print "SPLIT ROW CLASS" for every row instead
#
# Row i of a split is, first match wins:
#   truncated  train 42 (url cut, in truncated_cells)
#   empty      train 17 67 117 217, test 5 (""); train 167 (null)
#   not-url    train 33 83 133 183 233, test 25 (text that is not an absolute URL)
#   reserved   i mod 10 < R, R = 5 on train rows 0-99, 8 on 100-199, 2 on 200-249, 3 on test
#   clear      otherwise
# A reserved row's url is, by i mod 3: gptbot-block.test/page.html (robots.txt disallows
# GPTBot), noai-header.test/page.html (X-Robots-Tag: noai), demo-photo.test/gallery/
# harbour-at-dawn.jpg (robots.txt disallows the AI crawlers); a clear row's: allow.test/page.html,
# demo-atlas.test/about.html, empty-robots.test/page.html. Train row 150 has its caption cut.
set -eu
out="$(cd "$(dirname "$0")" && pwd)/hub/datasets/photolab/street-photos/viewer"
mode=${1:-write}

rows() { # SPLIT COUNT: one jsonl line per row, or "SPLIT ROW CLASS" with --classes
    awk -v sp="$1" -v n="$2" -v mode="$mode" '
    function cls(i) {
        if (sp == "train") {
            if (i == 42) return "truncated"
            if (i == 167 || i % 50 == 17) return "empty"
            if (i % 50 == 33) return "not-url"
            r = i < 100 ? 5 : i < 200 ? 8 : 2
        } else {
            if (i == 5) return "empty"
            if (i == 25) return "not-url"
            r = 3
        }
        return i % 10 < r ? "reserved" : "clear"
    }
    BEGIN {
        split("gptbot-block.test/page.html noai-header.test/page.html demo-photo.test/gallery/harbour-at-dawn.jpg", res, " ")
        split("allow.test/page.html demo-atlas.test/about.html empty-robots.test/page.html", clr, " ")
        split("n/a|harbour-at-dawn.jpg|unknown|/gallery/harbour-at-dawn.jpg|see caption|photo by Mara Okafor", bad, "|")
        split("a cyclist|two pigeons|a flower stall|a night bus|wet cobbles|a street musician|an old doorway", who, "|")
        split("at dawn|in the rain|under a lamp|by the harbour|after the market", when, "|")
        nbad = sp == "test" ? 5 : 0
        for (i = 0; i < n; i++) {
            c = cls(i)
            if (mode == "--classes") { print sp, i, c; continue }
            caption = sprintf("Street photo %d: %s %s", i, who[i % 7 + 1], when[i % 5 + 1])
            cut = ""
            if (c == "reserved") url = "\"http://" res[i % 3 + 1] "\""
            else if (c == "clear") url = "\"http://" clr[i % 3 + 1] "\""
            else if (c == "truncated") { url = "\"http://" res[i % 3 + 1] "\""; cut = "url" }
            else if (c == "not-url") url = "\"" bad[(nbad++ % 6) + 1] "\""
            else url = i == 167 ? "null" : "\"\""
            sub(/\.test\//, ".test{{SITES}}/", url)
            if (c == "truncated") url = substr(url, 1, index(url, "{{SITES}}") + 11) "\""
            if (sp == "train" && i == 150) { caption = substr(caption, 1, 20); cut = "caption" }
            printf "{\"row\": {\"url\": %s, \"caption\": \"%s\", ", url, caption
            printf "\"image\": {\"src\": \"{{HUB}}/assets/photolab/street-photos/--/main/--/default/%s/%d/image/image.jpg\", \"height\": 10, \"width\": 10}, ", sp, i
            printf "\"width\": %d}", 320 + (i * 53) % 1600
            if (cut != "") printf ", \"truncated_cells\": [\"%s\"]", cut
            printf "}\n"
        }
    }'
}

if [ "$mode" = --classes ]; then
    rows train 250
    rows test 30
    exit 0
fi
[ "$mode" = write ] || { echo "usage: $0 [--classes]" >&2; exit 2; }
mkdir -p "$out/default"
cat >"$out/features.json" <<'EOF'
[
  {"feature_idx": 0, "name": "url", "type": {"dtype": "string", "_type": "Value"}},
  {"feature_idx": 1, "name": "caption", "type": {"dtype": "string", "_type": "Value"}},
  {"feature_idx": 2, "name": "image", "type": {"_type": "Image"}},
  {"feature_idx": 3, "name": "width", "type": {"dtype": "int64", "_type": "Value"}}
]
EOF
rows train 250 >"$out/default/train.jsonl"
rows test 30 >"$out/default/test.jsonl"
