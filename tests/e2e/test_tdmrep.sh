#!/usr/bin/env bash
# `consentscan tdmrep FILE URL`, `tdmrep-extract FILE` and `tdmrep-header VALUE`: the real
# binary on generated files (signals.md 3). One JSON object and exit 0 for the first two, even on
# malformed or oversized input (reservation null + a diagnostic, never an opt-out); usage errors
# are one line on stderr and exit 3. No server.
source "$(dirname "$0")/lib.sh"

run() { # COMMAND ARGS...: output in $T/out and $T/err, status in RC
    "$CONSENTSCAN" "$@" >"$T/out" 2>"$T/err"
    RC=$?
}

printf '[{"location":"/img/*.jpg","tdm-reservation":0},{"location":"/","tdm-reservation":1,"tdm-policy":"https://p.example/policy.json"}]' >"$T/tdmrep.json"
run tdmrep "$T/tdmrep.json" "https://example.com/img/x.jpg"
expect_eq "D3 jpg: exit" 0 "$RC"
expect_eq "D3 jpg: one line" 1 "$(wc -l <"$T/out")"
expect_eq "D3 jpg: reservation, rule" '[0,null,0,"/img/*.jpg"]' "$(jq -c '[.reservation,.policy,.rule,.location]' "$T/out")"
run tdmrep "$T/tdmrep.json" "https://example.com/img/x.png"
expect_eq "D3 png: reservation, policy" '[1,"https://p.example/policy.json",1]' "$(jq -c '[.reservation,.policy,.rule]' "$T/out")"
run tdmrep "$T/tdmrep.json" "/A/path"
expect_eq "path argument" 1 "$(jq -c .reservation "$T/out")"

printf '[{"location":"/x$","tdm-reservation":1}]' >"$T/d4.json"
run tdmrep "$T/d4.json" "https://example.com/x/y"
expect_eq "D4 no match: null" '[null,null,"ok"]' "$(jq -c '[.reservation,.rule,.file]' "$T/out")"

printf '[{"location":"/","tdm-reservation":"yes"}]' >"$T/d6.json"
run tdmrep "$T/d6.json" "https://example.com/p"
expect_eq "D6 invalid value: null" null "$(jq -c .reservation "$T/out")"
expect_match "D6 diagnostic" "invalid tdm-reservation" "$(jq -r '.diagnostics[0]' "$T/out")"

printf '{"location":"/","tdm-reservation":1}' >"$T/d7.json"
run tdmrep "$T/d7.json" "https://example.com/p"
expect_eq "D7 object: exit" 0 "$RC"
expect_eq "D7 object: malformed" '[null,"malformed"]' "$(jq -c '[.reservation,.file]' "$T/out")"

# A 100 MB tdmrep.json (sparse): rejected at the cap, before parsing, without reading it all.
printf '[{"location":"/","tdm-reservation":1},' >"$T/big.json"
truncate -s 100M "$T/big.json"
run tdmrep "$T/big.json" "https://example.com/p"
expect_eq "100 MB file: exit" 0 "$RC"
expect_eq "100 MB file: unknown" '[null,"too_large"]' "$(jq -c '[.reservation,.file]' "$T/out")"
expect_match "100 MB file: diagnostic" "larger than" "$(jq -r '.diagnostics[0]' "$T/out")"

head -c 200000 /dev/urandom >"$T/garbage.json"
run tdmrep "$T/garbage.json" "https://example.com/p"
expect_eq "garbage: JSON object" '["object",null]' "$(jq -c '[type,.reservation]' "$T/out")"

run tdmrep "$T/missing.json" "https://example.com/p"
expect_eq "missing file: exit" 3 "$RC"
expect_eq "missing file: one-line error" 1 "$(wc -l <"$T/err")"
run tdmrep "$T/tdmrep.json"
expect_eq "no URL: exit" 3 "$RC"
run tdmrep "$T/tdmrep.json" "not a url"
expect_eq "bad URL: exit" 3 "$RC"
expect_eq "bad URL: one-line error" 1 "$(wc -l <"$T/err")"

# ---- tdmrep-extract: sniffed carriers ----
printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTDM-Reservation:  1 \r\ntdm-policy: https://p.example/p.json\r\n\r\n' >"$T/headers.txt"
run tdmrep-extract "$T/headers.txt"
expect_eq "D15 header dump" '[1,"https://p.example/p.json","header"]' "$(jq -c '[.reservation,.policy,.technique]' "$T/out")"
printf 'tdm-reservation: 0\ntdm-policy: https://p.example/p.json\n' >"$T/h0.txt"
run tdmrep-extract "$T/h0.txt"
expect_eq "D12 policy ignored with 0" '[0,null]' "$(jq -c '[.reservation,.policy]' "$T/out")"
printf '<!DOCTYPE html><html><head><meta name="tdm-reservation" content="0"></head><body></body></html>' >"$T/page.html"
run tdmrep-extract "$T/page.html"
expect_eq "D9 HTML meta" '[0,"html"]' "$(jq -c '[.reservation,.technique]' "$T/out")"
printf '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" prefix="tdm: http://www.w3.org/ns/tdmrep#"><metadata><meta property="tdm:reservation">1</meta></metadata></package>' >"$T/content.opf"
run tdmrep-extract - <"$T/content.opf"
expect_eq "EPUB 3 OPF on stdin" '[1,"embedded"]' "$(jq -c '[.reservation,.technique]' "$T/out")"
printf '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:tdm="http://www.w3.org/ns/tdmrep/"><tdm:reservation>1</tdm:reservation><tdm:policy>https://p.example/x</tdm:policy></rdf:Description></rdf:RDF></x:xmpmeta>' >"$T/meta.xmp"
run tdmrep-extract "$T/meta.xmp"
expect_eq "D14 XMP" '[1,"https://p.example/x","embedded"]' "$(jq -c '[.reservation,.policy,.technique]' "$T/out")"
head -c 100000 /dev/urandom >"$T/garbage.bin"
run tdmrep-extract "$T/garbage.bin"
expect_eq "garbage extract: exit" 0 "$RC"
expect_eq "garbage extract: JSON object" "object" "$(jq -r type "$T/out")"
printf '<x>' >"$T/big.xml"
truncate -s 20M "$T/big.xml"
run tdmrep-extract "$T/big.xml"
expect_eq "oversized extract: unknown" '[null,"too_large"]' "$(jq -c '[.reservation,.status]' "$T/out")"

# ---- tdmrep-header ----
run tdmrep-header " 1 "
expect_eq "header 1: exit" 1 "$RC"
expect_match "header 1: disallowed" "^disallowed" "$(cat "$T/out")"
run tdmrep-header "0"
expect_eq "header 0: exit" 0 "$RC"
expect_match "header 0: allowed" "^allowed" "$(cat "$T/out")"
run tdmrep-header "yes"
expect_eq "header invalid: exit" 0 "$RC"
expect_match "header invalid: allowed, unset" "^allowed.*unset" "$(cat "$T/out")"
run tdmrep-header
expect_eq "header: no value: exit" 3 "$RC"
expect_eq "header: no value: one-line error" 1 "$(wc -l <"$T/err")"
finish
