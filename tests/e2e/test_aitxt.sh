#!/usr/bin/env bash
# `consentscan aitxt FILE URL [--agent T] [--type MEDIA/TYPE]`: the real binary on generated
# ai.txt files (signals.md 5.1, 5.3): one JSON object, exit 0; a soft-404 HTML page is not an
# ai.txt (allowed null); usage errors are one line on stderr and exit 3. No server.
source "$(dirname "$0")/lib.sh"

run() { # ARGS...: output in $T/out and $T/err, status in RC
    "$CONSENTSCAN" aitxt "$@" >"$T/out" 2>"$T/err"
    RC=$?
}

# Spawning's generator output: comment header, stray "/" lines, extension rules, global Allow.
printf '# Spawning AI\n# Prevent datasets from using the following file types\n/\nUser-agent: *\n/\nDisallow: *.jpg\nDisallow: *.png\nAllow: /\n' >"$T/ai.txt"
run "$T/ai.txt" "https://example.com/p/a.jpg"
expect_eq "A4 jpg: exit" 0 "$RC"
expect_eq "A4 jpg: one line" 1 "$(wc -l <"$T/out")"
expect_eq "A4 jpg: disallowed at line 6" '[false,6,"Disallow: *.jpg","spawning"]' \
    "$(jq -c '[.allowed,.line,.rule,.format]' "$T/out")"
run "$T/ai.txt" "https://example.com/p/a.html"
expect_eq "A2 html: allowed at line 8" '[true,8]' "$(jq -c '[.allowed,.line]' "$T/out")"
run --type image/png "$T/ai.txt" "https://cdn.example.com/img/123?w=200"
expect_eq "media type: disallowed by *.png" '[false,7,true]' \
    "$(jq -c '[.allowed,.line,.by_media_type]' "$T/out")"
run "$T/ai.txt" "https://example.com/a.JPG"
expect_eq "A5 case-sensitive: allowed by Allow: /" '[true,8]' "$(jq -c '[.allowed,.line]' "$T/out")"
run "$T/ai.txt" "/a.jpg.html"
expect_eq "A6 no \$: disallowed" false "$(jq -c .allowed "$T/out")"

printf 'User-agent: *\nDisallow: *.jpg\n' >"$T/only.txt"
run "$T/only.txt" "https://example.com/a.gif"
expect_eq "no rule matches: allowed by default" '[true,null,true]' \
    "$(jq -c '[.allowed,.line,.default]' "$T/out")"
run --agent img2dataset "$T/only.txt" "https://example.com/a.jpg"
expect_eq "--agent falls back to *" false "$(jq -c .allowed "$T/out")"

printf '<!DOCTYPE html>\n<html><head><title>Page not found</title></head><body>Sorry</body></html>\n' >"$T/soft404.txt"
run "$T/soft404.txt" "https://example.com/a.jpg"
expect_eq "soft 404: exit" 0 "$RC"
expect_eq "soft 404: not ai.txt" '[null,null,"html"]' "$(jq -c '[.allowed,.line,.format]' "$T/out")"
expect_match "soft 404: diagnostic" "not Spawning" "$(jq -r .diagnostic "$T/out")"

printf '# About this site\n\nWe are a bakery.\n' >"$T/md.txt"
run "$T/md.txt" "https://example.com/a.jpg"
expect_eq "A8 Markdown: null" '[null,"no-groups"]' "$(jq -c '[.allowed,.format]' "$T/out")"

head -c 300000 /dev/urandom >"$T/garbage.txt"
run "$T/garbage.txt" "https://example.com/a.jpg"
expect_eq "garbage: exit" 0 "$RC"
expect_eq "garbage: JSON object" object "$(jq -r type "$T/out")"

{ printf 'User-agent: *\nAllow: /\n'; head -c 700000 /dev/zero | tr '\0' '#'; printf '\nDisallow: /\n'; } >"$T/big.txt"
run "$T/big.txt" "https://example.com/a.jpg"
expect_eq "700 KB file: the tail past the cap is not read" true "$(jq -c .allowed "$T/out")"
expect_match "700 KB file: diagnostic" "only the first" "$(jq -r .diagnostic "$T/out")"

run "$T/missing.txt" "https://example.com/a.jpg"
expect_eq "missing file: exit" 3 "$RC"
expect_eq "missing file: one-line error" 1 "$(wc -l <"$T/err")"
run "$T/ai.txt"
expect_eq "no URL: exit" 3 "$RC"
run "$T/ai.txt" "not a url"
expect_eq "bad URL: exit" 3 "$RC"
run --bogus "$T/ai.txt" "/a"
expect_eq "unknown option: exit" 3 "$RC"
expect_eq "unknown option: one-line error" 1 "$(wc -l <"$T/err")"
finish
