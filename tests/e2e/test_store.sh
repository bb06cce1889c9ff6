#!/usr/bin/env bash
# The store: robots.txt reused for 24 hours (clock set by CONSENTSCAN_NOW), export in JSONL and
# CSV, --flagged, store errors, nothing lost when a later run fails (issue 2 items 5 and 8).
source "$(dirname "$0")/lib.sh"
start_server
now=$(date +%s)

CONSENTSCAN_NOW=$now check -q "$(url gptbot-block.test /page.html)" >/dev/null
CONSENTSCAN_NOW=$((now + 3600)) check -q "$(url gptbot-block.test /page.html)" >/dev/null
expect_eq "robots.txt reused within 24 h" 1 "$(requests gptbot-block.test /robots.txt)"
OUT=$(CONSENTSCAN_NOW=$((now + 7200)) check --json "$(url gptbot-block.test /other.html)")
expect_eq "from_cache reported" true "$(jq -r '.fetches["robots.txt"].from_cache' <<<"$OUT")"
CONSENTSCAN_NOW=$((now + 86401)) check -q "$(url gptbot-block.test /page.html)" >/dev/null
expect_eq "robots.txt refetched after 24 h" 2 "$(requests gptbot-block.test /robots.txt)"

# a shorter time to live applies to what is already stored (decided at read time)
CONSENTSCAN_NOW=$((now + 86500)) check -q "$(url gptbot-block.test /page.html)" >/dev/null
expect_eq "reused within --robots-ttl" 2 "$(requests gptbot-block.test /robots.txt)"
CONSENTSCAN_NOW=$((now + 86500)) check -q --robots-ttl 60 "$(url gptbot-block.test /page.html)" \
    >/dev/null
expect_eq "refetched past --robots-ttl" 3 "$(requests gptbot-block.test /robots.txt)"
CONSENTSCAN_NOW=$((now + 86530)) check -q --robots-ttl 60 "$(url gptbot-block.test /page.html)" \
    >/dev/null
expect_eq "reused within --robots-ttl" 3 "$(requests gptbot-block.test /robots.txt)"
printf 'robots_ttl: 30\n' >"$T/ttl.yaml"
CONSENTSCAN_NOW=$((now + 86640)) check -q --config "$T/ttl.yaml" \
    "$(url gptbot-block.test /page.html)" >/dev/null
expect_eq "robots_ttl from the configuration file" 4 "$(requests gptbot-block.test /robots.txt)"
check -q --robots-ttl 0 "$(url gptbot-block.test /page.html)" >/dev/null 2>&1
expect_eq "--robots-ttl 0 is a usage error" 3 "$?"

CONSENTSCAN_NOW=$now check -q "$(url r503.test /page.html)" >/dev/null
CONSENTSCAN_NOW=$((now + 60)) check -q "$(url r503.test /page.html)" >/dev/null
expect_eq "error reused for a short time" 1 "$(requests r503.test /robots.txt)"
CONSENTSCAN_NOW=$((now + 3600)) check -q "$(url r503.test /page.html)" >/dev/null
expect_eq "error retried after its time to live" 2 "$(requests r503.test /robots.txt)"

check -q "$(url allow.test /page.html)" "$(url noai-header.test /page.html)" >/dev/null
EXP=$("$CONSENTSCAN" export --db "$T/db")
expect_eq "export: one line per URL" 5 "$(wc -l <<<"$EXP")"
expect_eq "export lines are JSON" 5 "$(jq -c .url <<<"$EXP" | wc -l)"
FLAGGED=$("$CONSENTSCAN" export --db "$T/db" --flagged)
expect_eq "export --flagged" 3 "$(wc -l <<<"$FLAGGED")"
CSV=$("$CONSENTSCAN" export --db "$T/db" --format csv --flagged)
expect_match "csv header" '^url,origin,checked_at' "$(head -1 <<<"$CSV")"
"$CONSENTSCAN" export --db "$T/db" -o "$T/out.jsonl"
expect_eq "export -o" 5 "$(wc -l <"$T/out.jsonl")"

# a failing run leaves the store as it was
check -q "not a url" >/dev/null 2>&1
expect_eq "malformed URL exit" 3 "$?"
expect_eq "store intact after a failed run" 5 "$("$CONSENTSCAN" export --db "$T/db" | wc -l)"

# store errors: exit 4 with a one-line message
touch "$T/file"
check -q --db "$T/file/store" "$(url allow.test /page.html)" >/dev/null 2>"$T/err"
expect_eq "unwritable store exit" 4 "$?"
expect_eq "unwritable store: one line" 1 "$(wc -l <"$T/err")"
"$CONSENTSCAN" export --db "$T/absent" >/dev/null 2>"$T/err"
expect_eq "export of a missing store" 4 "$?"

# a store written by a newer schema is refused, and left as it was
cp -r "$T/db" "$T/newer"
mdb_dump -s meta -p "$T/newer" | sed 's/^ 1$/ 2/' >"$T/meta.txt"
mdb_load -s meta -f "$T/meta.txt" "$T/newer" 2>/dev/null
check -q --db "$T/newer" "$(url allow.test /page.html)" >/dev/null 2>"$T/err"
expect_eq "newer schema exit" 4 "$?"
expect_match "newer schema message" "schema 2" "$(cat "$T/err")"
"$CONSENTSCAN" export --db "$T/newer" >/dev/null 2>&1
expect_eq "newer schema export exit" 4 "$?"
finish
