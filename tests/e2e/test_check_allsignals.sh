#!/usr/bin/env bash
# consentscan check with every opt-out signal in one verdict (issue 5; signals.md 0.2, 12.2): one
# check per signal's fixture site (stances per purpose, signal entries, conflicts, compatibility
# columns, the other host files' fetches), a fixture site for each conflict kind, host files
# fetched once per origin and reused within their time to live, and crawl --urls storing the same
# verdicts as one-by-one checks.
source "$(dirname "$0")/lib.sh"
start_server


# run URL [ARGS]: check one URL as JSON into its own store ($T/db); sets OUT and RC
run() {
    OUT=$(check --json "$@" 2>"$T/stderr")
    RC=$?
}
# the five stances, in purpose order: "TRAIN_GENAI=... TRAIN_ML=... TDM=... AI_INPUT=... SEARCH=..."
stances() { jq -r '[.purposes | to_entries[] | "\(.key)=\(.value.stance)"] | join(" ")' <<<"$OUT"; }
S() { echo "TRAIN_GENAI=$1 TRAIN_ML=$2 TDM=$3 AI_INPUT=$4 SEARCH=$5"; }
# the signal entries, sorted: "signal reserves=P,P allows=P[ unknown]; ..."
signals() {
    jq -r '[.signals[] | "\(.signal) reserves=\(.reserves | join(",")) allows=\(.allows | join(","))" +
            (if .unknown then " unknown" else "" end)] | sort | join("; ")' <<<"$OUT"
}
# the conflicts, sorted: "kind P,P reserving>other; ..."
conflicts() {
    jq -r '[.conflicts[] | "\(.kind) \(.purposes | join(",")) \(.reserving)>\(.other)"] | sort |
           join("; ")' <<<"$OUT"
}
field() { jq -r "$1" <<<"$OUT"; }
# site WHAT URL: runs the check and names the site in the messages that follow
# (and collects the conflict kinds seen, for the "a site for each kind" check)
KINDS=
site() {
    W=$1
    run "$2"
    KINDS+=" $(jq -r '.conflicts[].kind' <<<"$OUT")"
}

# --- TDMRep (3.1, 3.6): first match in tdmrep.json; a header or meta 0 supersedes the file's 1 ---
site "tdmrep /page.html" "$(url tdmrep.test /page.html)"
expect_eq "$W exit (flagged)" 1 "$RC"
expect_eq "$W stances (D* AI_INPUT off by default)" "$(S DISALLOW_FULL DISALLOW_FULL DISALLOW_FULL NO_SIGNAL NO_SIGNAL)" "$(stances)"
expect_eq "$W signals" "tdmrep reserves=TRAIN_GENAI,TRAIN_ML,TDM allows=" "$(signals)"
expect_eq "$W signal line (the / rule)" 2 "$(field '.signals[0].line')"
expect_eq "$W signal source" "$(url tdmrep.test /.well-known/tdmrep.json)" "$(field '.signals[0].source_url')"
expect_eq "$W signal for every agent" null "$(field '.signals[0].agents')"
expect_eq "$W conflicts" "" "$(conflicts)"
expect_eq "$W tdmrep.json fetch" "200 ok" "$(field '.fetches["tdmrep.json"] | "\(.http_status) \(.outcome)"')"
expect_eq "$W tdmrep.json fetch url" "$(url tdmrep.test /.well-known/tdmrep.json)" "$(field '.fetches["tdmrep.json"].url')"
expect_eq "$W ai.txt fetch (404)" "404 unavailable" "$(field '.fetches["ai.txt"] | "\(.http_status) \(.outcome)"')"
expect_eq "$W no License: no rsl fetch" null "$(field '.fetches.rsl')"
expect_eq "$W datadiligence reads headers only" allowed "$(field '.compat["datadiligence:tdmrep"]')"

# D11: a reservation whose policy is a machine-readable ODRL offer: check reads and summarises it
site "tdmrep /licensed.html" "$(url tdmrep.test /licensed.html)"
expect_eq "$W stances" "$(S DISALLOW_FULL DISALLOW_FULL DISALLOW_FULL NO_SIGNAL NO_SIGNAL)" "$(stances)"
expect_match "$W policy summarised (D11)" "policy says: licensable, compensate, assigner Fixture Press" \
    "$(field '.signals[0].text')"
expect_eq "$W policy fetched once" 1 "$(requests tdmrep.test /policy.json)"

site "tdmrep /free/page.html" "$(url tdmrep.test /free/page.html)"
expect_eq "$W exit" 0 "$RC"
expect_eq "$W stances (first match waives)" "$(S ALLOW_EXPLICIT ALLOW_EXPLICIT ALLOW_EXPLICIT NO_SIGNAL NO_SIGNAL)" "$(stances)"
expect_eq "$W signals" "tdmrep reserves= allows=TRAIN_GENAI,TRAIN_ML,TDM" "$(signals)"
expect_eq "$W signal line" 1 "$(field '.signals[0].line')"

site "tdmrep /waived.html" "$(url tdmrep.test /waived.html)"
expect_eq "$W stances (header 0 wins inside TDMRep)" "$(S ALLOW_EXPLICIT ALLOW_EXPLICIT ALLOW_EXPLICIT NO_SIGNAL NO_SIGNAL)" "$(stances)"
expect_eq "$W signals" "tdmrep reserves= allows=TRAIN_GENAI,TRAIN_ML,TDM" "$(signals)"
expect_eq "$W superseded value" "tdmrep.json 1" "$(field '.signals[0].superseded')"
expect_eq "$W signal source is the work" "$(url tdmrep.test /waived.html)" "$(field '.signals[0].source_url')"
expect_eq "$W conflicts" "superseded TRAIN_GENAI,TRAIN_ML,TDM tdmrep>tdmrep" "$(conflicts)"
expect_match "$W conflict text" "tdm-reservation: 0 \\(header\\) supersedes tdmrep.json 1" "$(field '.conflicts[0].text')"
expect_eq "$W datadiligence:tdmrep (header 0)" allowed "$(field '.compat["datadiligence:tdmrep"]')"

site "tdmrep /meta-waived.html" "$(url tdmrep.test /meta-waived.html)"
expect_eq "$W stances" "$(S ALLOW_EXPLICIT ALLOW_EXPLICIT ALLOW_EXPLICIT NO_SIGNAL NO_SIGNAL)" "$(stances)"
expect_match "$W signal text" "\\(html meta\\)" "$(field '.signals[0].text')"
expect_eq "$W conflicts" "superseded TRAIN_GENAI,TRAIN_ML,TDM tdmrep>tdmrep" "$(conflicts)"

# --- Spawning ai.txt (5.1): *.jpg refused, *.html allowed ---
site "aitxt /photo.jpg" "$(url aitxt.test /photo.jpg)"
expect_eq "$W exit" 1 "$RC"
expect_eq "$W stances" "$(S DISALLOW_FULL DISALLOW_FULL NO_SIGNAL NO_SIGNAL NO_SIGNAL)" "$(stances)"
expect_eq "$W signals" "ai.txt reserves=TRAIN_GENAI,TRAIN_ML allows=" "$(signals)"
expect_eq "$W rule and line" "Disallow: *.jpg @6" "$(field '.signals[0] | "\(.text) @\(.line)"')"
expect_eq "$W ai.txt fetch" "200 ok $(url aitxt.test /ai.txt)" "$(field '.fetches["ai.txt"] | "\(.http_status) \(.outcome) \(.url)"')"
site "aitxt /page.html" "$(url aitxt.test /page.html)"
expect_eq "$W stances" "$(S ALLOW_EXPLICIT ALLOW_EXPLICIT NO_SIGNAL NO_SIGNAL NO_SIGNAL)" "$(stances)"
expect_eq "$W signals" "ai.txt reserves= allows=TRAIN_GENAI,TRAIN_ML" "$(signals)"
expect_eq "$W rule and line" "Allow: *.html @8" "$(field '.signals[0] | "\(.text) @\(.line)"')"

# --- AIPREF Content-Usage header (6.2, 6.4) ---
site "usage /page.html" "$(url usage.test /page.html)"
expect_eq "$W stances" "$(S DISALLOW_FULL DISALLOW_FULL NO_SIGNAL NO_SIGNAL ALLOW_EXPLICIT)" "$(stances)"
expect_eq "$W signals" "content-usage reserves= allows=SEARCH; content-usage reserves=TRAIN_GENAI,TRAIN_ML allows=" "$(signals)"
expect_eq "$W source is the work" "$(url usage.test /page.html)" "$(field '.signals[0].source_url')"
site "usage /bad.html" "$(url usage.test /bad.html)"
expect_eq "$W exit (unknown)" 2 "$RC"
expect_eq "$W stances: unreadable is UNKNOWN, never an opt-out" "$(S UNKNOWN UNKNOWN UNKNOWN UNKNOWN UNKNOWN)" "$(stances)"
expect_eq "$W signals" "content-usage reserves= allows= unknown" "$(signals)"
reason=$(field '.purposes.TRAIN_GENAI.reason')
expect_match "$W reason names the signal" "^content-usage: " "$reason"
# the header was read; it did not parse: the reason should say so, not "not read"
expect_eq "$W reason says why" "does not parse" "$(grep -o 'does not parse' <<<"$reason")"

# --- Content Signals (7.2): GPTBot's own group also Allows GPTBot -> allow-vs-disallow ---
site "csig /page.html" "$(url csig.test /page.html)"
expect_eq "$W exit" 1 "$RC"
expect_eq "$W stances" "$(S DISALLOW_FULL DISALLOW_FULL ALLOW_EXPLICIT NO_SIGNAL ALLOW_EXPLICIT)" "$(stances)"
expect_eq "$W signals" "content-signal reserves= allows=SEARCH; content-signal reserves=TRAIN_GENAI,TRAIN_ML allows=; content-signal reserves=TRAIN_GENAI,TRAIN_ML allows=" "$(signals)"
expect_eq "$W GPTBot's own group" "GPTBot @6" \
    "$(field '[.signals[] | select(.agents == ["GPTBot"]) | "\(.agents | join(",")) @\(.line)"] | join("; ")')"
expect_eq "$W * group shadowed for GPTBot (12.3 #14)" false \
    "$(field '[.signals[] | select(.line == 2) | .agents | index("GPTBot") != null] | any')"
expect_eq "$W conflicts" "allow-vs-disallow TRAIN_GENAI,TRAIN_ML content-signal>robots.txt" "$(conflicts)"
expect_eq "$W conflict agent" "GPTBot 1" "$(field '.conflicts[0] | "\(.agent) \(.agents)"')"
expect_eq "$W dpi columns" "none none" "$(field '"\(.compat["dpi:*"]) \(.compat["dpi:GPTBot"])"')"

# --- AIPREF Content-Usage rule in robots.txt (6.5): / reserved, /open/ allowed ---
site "rusage /page.html" "$(url rusage.test /page.html)"
expect_eq "$W stances" "$(S DISALLOW_FULL DISALLOW_FULL NO_SIGNAL NO_SIGNAL NO_SIGNAL)" "$(stances)"
expect_eq "$W signals" "robots-content-usage reserves=TRAIN_GENAI,TRAIN_ML allows=" "$(signals)"
expect_eq "$W line and source" "2 $(url rusage.test /robots.txt)" "$(field '.signals[0] | "\(.line) \(.source_url)"')"
site "rusage /open/page.html" "$(url rusage.test /open/page.html)"
expect_eq "$W stances" "$(S ALLOW_EXPLICIT ALLOW_EXPLICIT NO_SIGNAL NO_SIGNAL NO_SIGNAL)" "$(stances)"
expect_eq "$W signals" "robots-content-usage reserves= allows=TRAIN_GENAI,TRAIN_ML" "$(signals)"
expect_eq "$W line" 3 "$(field '.signals[0].line')"

# --- RSL (8.2-8.4 L1, L7): License: /license.xml prohibits ai-train, permits search ---
site "rsl /page.html" "$(url rsl.test /page.html)"
expect_eq "$W stances (8.3: not permitted is restricted)" "$(S DISALLOW_FULL DISALLOW_FULL NO_SIGNAL DISALLOW_FULL ALLOW_EXPLICIT)" "$(stances)"
expect_eq "$W signals" "rsl reserves= allows=SEARCH; rsl reserves=AI_INPUT allows=; rsl reserves=AI_INPUT allows=; rsl reserves=TRAIN_GENAI,TRAIN_ML allows=" "$(signals)"
expect_eq "$W rsl fetch" "200 ok $(url rsl.test /license.xml)" "$(field '.fetches.rsl | "\(.http_status) \(.outcome) \(.url)"')"
expect_eq "$W signal source" "$(url rsl.test /license.xml)" "$(field '.signals[0].source_url')"

# --- IPTC plus:DataMining in XMP (9.1) ---
site "xmp /photo.jpg" "$(url xmp.test /photo.jpg)"
expect_eq "$W stances" "$(S DISALLOW_FULL DISALLOW_FULL NO_SIGNAL NO_SIGNAL NO_SIGNAL)" "$(stances)"
expect_eq "$W signals" "iptc-datamining reserves=TRAIN_GENAI,TRAIN_ML allows=" "$(signals)"
expect_match "$W text" "DMI-PROHIBITED-AIMLTRAINING" "$(field '.signals[0].text')"

# --- Bing noarchive (4.6): names Microsoft's crawler, an agent not queried ---
site "bing /page.html" "$(url bing.test /page.html)"
expect_eq "$W stances (one vendor: partial)" "$(S DISALLOW_PARTIAL DISALLOW_PARTIAL NO_SIGNAL DISALLOW_PARTIAL NO_SIGNAL)" "$(stances)"
expect_eq "$W signals" "bing-noarchive reserves=TRAIN_GENAI,TRAIN_ML,AI_INPUT allows=" "$(signals)"
expect_eq "$W signal agents" bingbot "$(field '.signals[0].agents | join(",")')"
expect_eq "$W bingbot in the verdict's agents" disallow \
    "$(field '[.agents[] | select(.tokens | index("bingbot")) | .signals["bing-noarchive"].result][0]')"
# with no queried agent for AI_INPUT, one vendor's refusal is still not every agent's (verdict.h)
run --agent GPTBot "$(url bing.test /page.html)"
expect_eq "bing --agent GPTBot AI_INPUT (Bing only: partial)" DISALLOW_PARTIAL "$(field .purposes.AI_INPUT.stance)"
# Amazon's reading of noarchive is unverified (signals.md 4.6): only on request, and labelled
expect_eq "bing: no Amazonbot reading by default" "" "$(field '[.signals[].agents[]?] | map(select(. == "Amazonbot")) | join(",")')"
run --amazon-noarchive "$(url bing.test /page.html)"
expect_eq "bing --amazon-noarchive: Amazonbot named" "Amazonbot" \
    "$(field '[.signals[] | select(.text | test("unverified")) | .agents[]] | join(",")')"

# --- compatibility columns (issue 5): other tools' readings of the same response ---
site "noai-header /page.html" "$(url noai-header.test /page.html)"
expect_eq "$W img2dataset" disallowed "$(field '.compat.img2dataset')"
expect_eq "$W datadiligence:xrobots" disallowed "$(field '.compat["datadiligence:xrobots"]')"
expect_eq "$W datadiligence:tdmrep" allowed "$(field '.compat["datadiligence:tdmrep"]')"
expect_eq "$W dpi without robots.txt" no_robots "$(field '.compat["dpi:*"]')"
expect_eq "$W conflicts" "header-vs-page TRAIN_GENAI,TRAIN_ML,TDM x-robots-tag>meta-robots" "$(conflicts)"
expect_eq "$W conflict for every agent" null "$(field '.conflicts[0].agent')"
expect_eq "$W no other host file" "null null" "$(field '"\(.fetches.rsl) \(.signals[0])"')"
site "noai-header /noindex.html" "$(url noai-header.test /noindex.html)"
expect_eq "$W img2dataset's default set refuses noindex" disallowed "$(field '.compat.img2dataset')"
expect_eq "$W datadiligence ignores noindex" allowed "$(field '.compat["datadiligence:xrobots"]')"
expect_eq "$W not a training signal" NO_SIGNAL "$(field .purposes.TRAIN_GENAI.stance)"
expect_eq "$W no conflict" "" "$(conflicts)"
site "noai-header /two.html" "$(url noai-header.test /two.html)"
expect_eq "$W img2dataset: the noindex (its default set) refuses" disallowed "$(field '.compat.img2dataset')"
site "gptbot-block /page.html" "$(url gptbot-block.test /page.html)"
expect_eq "$W dpi" "none all" "$(field '"\(.compat["dpi:*"]) \(.compat["dpi:GPTBot"])"')"
site "r503 /page.html" "$(url r503.test /page.html)"
expect_eq "$W dpi" unreachable "$(field '.compat["dpi:*"]')"
expect_eq "$W no work columns" null "$(field '.compat.img2dataset')"
expect_eq "$W no DISALLOW" "$(S UNKNOWN UNKNOWN UNKNOWN UNKNOWN UNKNOWN)" "$(stances)"

# --- a fixture site for each conflict kind (issue 5 "end to end") ---
kinds=$(tr ' ' '\n' <<<"$KINDS" | grep -v '^$' | sort -u | paste -sd' ')
expect_eq "every conflict kind has a fixture site" "allow-vs-disallow header-vs-page superseded" "$kinds"

# --- host files: fetched once per origin, reused from the store within their time to live ---
n() { requests "$1" "$2"; }
before="$(n aitxt.test /ai.txt) $(n tdmrep.test /.well-known/tdmrep.json) $(n rsl.test /license.xml)"
OUT=$(check --json --db "$T/ttl" "$(url aitxt.test /photo.jpg)" "$(url aitxt.test /page.html)" \
    "$(url tdmrep.test /page.html)" "$(url tdmrep.test /free/page.html)" "$(url rsl.test /page.html)" |
    jq -s .)
read -r a0 t0 r0 <<<"$before"
expect_eq "one check, two URLs per origin: one fetch each (ai.txt tdmrep.json rsl)" \
    "$((a0 + 1)) $((t0 + 1)) $((r0 + 1))" \
    "$(n aitxt.test /ai.txt) $(n tdmrep.test /.well-known/tdmrep.json) $(n rsl.test /license.xml)"
OUT=$(check --json --db "$T/ttl" "$(url aitxt.test /page.html)" "$(url tdmrep.test /free/page.html)" \
    "$(url rsl.test /page.html)" | jq -s .)
expect_eq "second check within the TTL: nothing fetched again" \
    "$((a0 + 1)) $((t0 + 1)) $((r0 + 1))" \
    "$(n aitxt.test /ai.txt) $(n tdmrep.test /.well-known/tdmrep.json) $(n rsl.test /license.xml)"
expect_eq "second check: host files from the store" "true true true true" \
    "$(jq -r '[.[0].fetches["ai.txt"].from_cache, .[1].fetches["tdmrep.json"].from_cache,
               .[2].fetches.rsl.from_cache, .[2].fetches["robots.txt"].from_cache] | join(" ")' <<<"$OUT")"
expect_eq "second check: same verdicts from stored host files" \
    "$(S ALLOW_EXPLICIT ALLOW_EXPLICIT NO_SIGNAL NO_SIGNAL NO_SIGNAL) | $(S ALLOW_EXPLICIT ALLOW_EXPLICIT ALLOW_EXPLICIT NO_SIGNAL NO_SIGNAL) | $(S DISALLOW_FULL DISALLOW_FULL NO_SIGNAL DISALLOW_FULL ALLOW_EXPLICIT)" \
    "$(jq -r '[.[] | [.purposes | to_entries[] | "\(.key)=\(.value.stance)"] | join(" ")] | join(" | ")' <<<"$OUT")"
sleep 1.2
OUT=$(check --json --db "$T/ttl" --robots-ttl 1 --error-ttl 1 "$(url aitxt.test /page.html)" \
    "$(url tdmrep.test /free/page.html)" "$(url rsl.test /page.html)" | jq -s .)
expect_eq "past the TTL (--robots-ttl 1): fetched again" \
    "$((a0 + 2)) $((t0 + 2)) $((r0 + 2))" \
    "$(n aitxt.test /ai.txt) $(n tdmrep.test /.well-known/tdmrep.json) $(n rsl.test /license.xml)"

# --- crawl --urls stores what one-by-one checks store; host files once per origin ---
for u in /page.html /free/page.html /waived.html /meta-waived.html; do url tdmrep.test "$u"; done >"$T/urls.txt"
for h in aitxt.test:/photo.jpg aitxt.test:/page.html usage.test:/page.html usage.test:/bad.html \
    csig.test:/page.html rusage.test:/page.html rusage.test:/open/page.html rsl.test:/page.html \
    xmp.test:/photo.jpg bing.test:/page.html noai-header.test:/page.html; do
    url "${h%%:*}" "${h#*:}"
done >>"$T/urls.txt"
lines=$(wc -l <"$T/requests.log")
OUT=$(crawl --urls "$T/urls.txt" --db "$T/crawl" 2>"$T/err")
expect_eq "crawl exit" 0 "$?"
expect_match "crawl summary" "15 URLs on 9 hosts" "$OUT"
tail -n +"$((lines + 1))" "$T/requests.log" >"$T/crawl.log"
for h in tdmrep aitxt usage csig rusage rsl xmp bing noai-header; do
    expect_eq "crawl: $h.test ai.txt, tdmrep.json fetched once" "1 1" \
        "$(grep -c "^$h.test GET /ai.txt " "$T/crawl.log") $(grep -c "^$h.test GET /.well-known/tdmrep.json " "$T/crawl.log")"
done
expect_eq "crawl: rsl.test licence fetched once" 1 "$(grep -c '^rsl.test GET /license.xml ' "$T/crawl.log")"
while read -r u; do check -q --db "$T/check" "$u" >/dev/null; done <"$T/urls.txt"
canon "$T/crawl" >"$T/crawl.jsonl"
canon "$T/check" >"$T/check.jsonl"
expect_eq "crawl stored every URL" 15 "$(wc -l <"$T/crawl.jsonl")"
if cmp -s "$T/crawl.jsonl" "$T/check.jsonl"; then ok; else
    bad "crawl export differs from one-by-one check export"
    diff "$T/crawl.jsonl" "$T/check.jsonl" | head -4 | cut -c1-400 >&2
fi
expect_eq "crawl export: 4 URLs with conflicts, of 3 kinds" "4 3" \
    "$(jq -s '[.[] | select(.conflicts | length > 0)] | length' "$T/crawl.jsonl") $(jq -s '[.[] | .conflicts[].kind] | unique | length' "$T/crawl.jsonl")"

finish
