#!/usr/bin/env bash
# Keep-alive in a crawl (issue 3: connection reuse): one host's robots.txt, host files and
# pages go over one connection; a page whose body runs on past its head is read to its end when
# the rest is short, so the connection survives; a long rest is cut, which closes it. The
# fixture server logs each request's client port (--conn-log): one port, one connection.
source "$(dirname "$0")/lib.sh"
start_server --conn-log "$T/conns.log"

u() { url keepalive.test "$1"; }
printf '%s\n' "$(u /p1.html)" "$(u /p2.html)" "$(u /long.html)" "$(u /p3.html)" \
    "$(u /huge.html)" "$(u /p4.html)" >"$T/urls.txt"
crawl --urls "$T/urls.txt" --db "$T/db" --delay 0 --quiet
expect_eq "crawl exit" 0 "$?"

# PATH -> the client port that carried it
port_of() { awk -v p="$1" '$1 == "keepalive.test" && $3 == p { print $2 }' "$T/conns.log"; }
first=$(port_of /robots.txt)
expect_match "robots.txt logged with a port" '^[1-9][0-9]*$' "$first"
for p in /ai.txt /.well-known/tdmrep.json /p1.html /p2.html /long.html /p3.html /huge.html; do
    expect_eq "$p on robots.txt's connection" "$first" "$(port_of "$p")"
done
expect_match "after a long body was cut: a new connection" '^[1-9][0-9]*$' "$(port_of /p4.html)"
[ "$(port_of /p4.html)" != "$first" ] && ok || bad "p4 reused the connection of a cut response"
expect_eq "connections in all" 2 "$(awk '$1 == "keepalive.test" { print $2 }' "$T/conns.log" |
    sort -u | wc -l)"

# the pages' verdicts are all stored, the drained one included
expect_eq "six results stored" 6 "$("$CONSENTSCAN" export --db "$T/db" | wc -l)"
expect_eq "noai read on every short page" 4 \
    "$("$CONSENTSCAN" export --db "$T/db" |
        jq -s '[.[] | select(.purposes.TRAIN_GENAI.stance == "DISALLOW_FULL")] | length')"
finish
