#!/usr/bin/env bash
# Limits (issue 3: "each with a default and a test that hits it"; defaults in config/cs_limits.h):
# connect timeout, response header count and size, redirects for a work, body caps of the host
# files (ai.txt, tdmrep.json, RSL), URL length on input. The total timeout, the low-speed abandon, robots.txt's size cap,
# its redirect limit and the gzip bomb are hit in test_robots_fetch.sh, the HTML head cap in
# test_check_signals.sh (late-meta.html), the card and listing page caps in
# test_hub_caps.sh. A limit never yields an opt-out: UNKNOWN with a reason.
source "$(dirname "$0")/lib.sh"
start_server --stall-port-file "$T/stall.port"
for _ in $(seq 100); do
    [ -s "$T/stall.port" ] && break
    sleep 0.05
done
STALL=$(cat "$T/stall.port")
RESOLVE+=(--resolve "stall.test:$STALL:127.0.0.1")

run() {
    OUT=$(check --json --no-store "$@" 2>"$T/stderr")
    RC=$?
}
fetch() { jq -r ".fetches[\"$1\"].$2" <<<"$OUT"; }
stance() { jq -r ".purposes.$1.stance" <<<"$OUT"; }
reason() { jq -r ".purposes.$1.reason" <<<"$OUT"; }

# connect timeout (--connect-timeout, default 10 s): the stall port's accept queue is full, so
# the SYN goes unanswered; the 1 s connect limit, not the 20 s total one, ends each attempt
start=$(date +%s)
run --timeout 20 --connect-timeout 1 "http://stall.test:$STALL/page.html"
took=$(($(date +%s) - start))
expect_eq "connect timeout: robots.txt unreachable" unreachable "$(fetch robots.txt outcome)"
expect_match "connect timeout: reason" "^timeout: Failed to connect .* after 1[0-9]{3} ms" \
    "$(fetch robots.txt error)"
expect_eq "connect timeout: UNKNOWN" UNKNOWN "$(stance TRAIN_GENAI)"
expect_eq "connect timeout: exit" 2 "$RC"
if [ "$took" -lt 15 ]; then ok; else bad "connect timeout: took $took s (the total timeout ruled)"; fi

# header count (CS_MAX_HEADERS, 200): 150 filler headers, then X-Robots-Tag: noai, is read...
run "$(url limits.test /under-cap.html)"
expect_eq "150 headers: read" read "$(fetch work outcome)"
expect_eq "150 headers: the noai after them counts" DISALLOW_FULL "$(stance TRAIN_GENAI)"
# ...250 filler headers, then the same X-Robots-Tag, is refused: never read without its tail
run "$(url limits.test /many-headers.html)"
expect_eq "250 headers: refused" "limit: more than 200 response headers" "$(fetch work error)"
expect_eq "250 headers: UNKNOWN" UNKNOWN "$(stance TRAIN_GENAI)"
expect_match "250 headers: reason" "more than 200 response headers" "$(reason TRAIN_GENAI)"
expect_eq "250 headers: exit" 2 "$RC"
expect_eq "250 headers: not retried (the same answer would come)" 1 \
    "$(requests limits.test /many-headers.html)"

# header size: all lines over CS_MAX_HEADER_BYTES (4 x 90,000 bytes; each line under libcurl's
# 100 KiB), and a single 1,000,000-byte header line (libcurl refuses the line itself)
run "$(url limits.test /fat-headers.html)"
expect_eq "360 KB of headers: refused" "limit: response headers over 262144 bytes" \
    "$(fetch work error)"
expect_eq "360 KB of headers: UNKNOWN" UNKNOWN "$(stance TRAIN_GENAI)"
run "$(url limits.test /big-header.html)"
expect_match "1 MB header: refused" "^limit: a response header line over 100 KiB" \
    "$(fetch work error)"
expect_eq "1 MB header: UNKNOWN" UNKNOWN "$(stance TRAIN_GENAI)"
expect_eq "1 MB header: exit" 2 "$RC"
expect_eq "1 MB header: not retried" 1 "$(requests limits.test /big-header.html)"

# redirects of a work (CS_MAX_REDIRECTS, 5): five hops are followed, the sixth is not
run "$(url limits.test /hop1.html)"
expect_eq "5 redirects: followed" "$(url limits.test /hop6.html)" "$(fetch work final_url)"
expect_eq "5 redirects: read" read "$(fetch work outcome)"
run "$(url limits.test /hop0.html)"
expect_eq "6 redirects: UNKNOWN" UNKNOWN "$(stance TRAIN_GENAI)"
expect_match "6 redirects: reason" "redirect limit" "$(reason TRAIN_GENAI)"
expect_eq "6 redirects: the target never requested" 1 "$(requests limits.test /hop6.html)"
# robots.txt: six distinct hops; the redirect limit makes it unavailable (RFC 9309 2.3.1.2)
run "$(url redirect-long.test /page.html)"
expect_eq "robots.txt 6 redirects: unavailable" unavailable "$(fetch robots.txt outcome)"
expect_match "robots.txt 6 redirects: reason" "redirect limit" "$(fetch robots.txt error)"
expect_eq "robots.txt 6 redirects: target never requested" 0 \
    "$(requests redirect-long.test /h6.txt)"

# body caps of the other host files: ai.txt (CS_AITXT_FILE_MAX_BYTES) and tdmrep.json
# (CS_TDMREP_MAX_BYTES) are cut and say so; a cut file is never an opt-out
run "$(url bigfiles.test /page.html)"
expect_eq "600 KB ai.txt: truncated" "ok true" "$(fetch ai.txt outcome) $(fetch ai.txt truncated)"
expect_eq "2 MB tdmrep.json: truncated" "ok true" \
    "$(fetch tdmrep.json outcome) $(fetch tdmrep.json truncated)"
expect_eq "2 MB tdmrep.json: UNKNOWN, not an opt-out" UNKNOWN "$(stance TDM)"
expect_match "2 MB tdmrep.json: reason" "size cap" "$(reason TDM)"
# the RSL licence document (CS_RSL_DOC_MAX_BYTES): a prohibition at its start, then 1.5 MB; the
# cut document is not read, so every purpose is UNKNOWN, never the prohibition
run "$(url bigrsl.test /page.html)"
expect_eq "1.5 MB RSL document: truncated" "ok true" "$(fetch rsl outcome) $(fetch rsl truncated)"
expect_eq "1.5 MB RSL document: UNKNOWN" UNKNOWN "$(stance TRAIN_GENAI)"
expect_match "1.5 MB RSL document: reason" "^rsl: " "$(reason TRAIN_GENAI)"

# URL length (CS_MAX_URL_LEN, 8192): check refuses it before any request; crawl skips the line
long="$(url allow.test /)$(head -c 8200 /dev/zero | tr '\0' a)"
check --no-store "$long" >/dev/null 2>"$T/err"
expect_eq "long URL: check exit" 3 "$?"
expect_match "long URL: one-line reason" "^consentscan: URL longer than 8192 bytes" "$(cat "$T/err")"
expect_eq "long URL: one line" 1 "$(wc -l <"$T/err")"
printf '%s\n' "$long" "$(url allow.test /page.html)" >"$T/urls.txt"
OUT=$(crawl --urls "$T/urls.txt" --db "$T/crawl" --delay 0 2>"$T/err")
expect_eq "long URL: crawl exit" 0 "$?"
expect_match "long URL: crawl skips the line" "skipped input lines 1" "$OUT"
expect_match "long URL: crawl says why" "skipped input line: URL too long" "$(cat "$T/err")"
expect_eq "long URL: the other line checked" 1 "$("$CONSENTSCAN" export --db "$T/crawl" | wc -l)"

# the crawl engine (multi handle) applies the header limits too
printf '%s\n' "$(url limits.test /many-headers.html)" "$(url limits.test /big-header.html)" \
    >"$T/hdr.txt"
crawl --urls "$T/hdr.txt" --db "$T/hdr" --delay 0 >/dev/null 2>&1
expect_eq "crawl: header limits give UNKNOWN" "UNKNOWN UNKNOWN" \
    "$("$CONSENTSCAN" export --db "$T/hdr" | jq -r '.purposes.TRAIN_GENAI.stance' | paste -sd' ')"
finish
