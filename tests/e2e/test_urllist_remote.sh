#!/usr/bin/env bash
# `crawl --urls URL` (issue 4 item 5: a list file "local or remote"): the list is fetched into the
# store's directory after its origin's robots.txt lets consentscan in, then read like a local
# file (format from the URL's name); the next run asks for it conditionally (a 304 keeps the
# copy, and the run, named by the list's bytes, is the same input); a list robots.txt refuses,
# or one that answers 404, is never read and the command says why in one line. The fixture
# sites are copied so the list can name this run's port.
source "$(dirname "$0")/lib.sh"
mkdir -p "$T/sites"
cp -r "$E2E_DIR/sites/lists.test" "$E2E_DIR/sites/keepalive.test" "$T/sites/"
SITES_ROOT="$T/sites" start_server
RESOLVE=(--resolve "lists.test:$PORT:127.0.0.1" --resolve "keepalive.test:$PORT:127.0.0.1")
mkdir -p "$T/sites/lists.test/lists" "$T/sites/lists.test/private"
{
    echo 'id,caption,image_url'
    echo "1,\"first, with a comma\",$(url keepalive.test /p1.html)"
    echo "2,second,$(url keepalive.test /p2.html)"
} >"$T/sites/lists.test/lists/photos.csv"
cp "$T/sites/lists.test/lists/photos.csv" "$T/sites/lists.test/private/photos.csv"
LIST=$(url lists.test /lists/photos.csv)

crawl --urls "$LIST" --db "$T/db" --quiet 2>"$T/err"
expect_eq "remote list: exit" 0 "$?"
expect_eq "remote list: robots.txt asked first" "/robots.txt /lists/photos.csv" \
    "$(awk '$1 == "lists.test" { printf "%s%s", sep, $3; sep = " " }' "$T/requests.log")"
expect_eq "remote list: both rows checked" 2 "$("$CONSENTSCAN" export --db "$T/db" | wc -l)"
expect_eq "remote list: the csv column was read" \
    "$(url keepalive.test /p1.html) $(url keepalive.test /p2.html)" \
    "$("$CONSENTSCAN" export --db "$T/db" | jq -r .url | sort | paste -sd ' ')"
expect_eq "remote list: the copy kept in the store's directory" 1 \
    "$(find "$T/db/lists" -name '*-photos.csv' | wc -l)"

# the same command again: a conditional request, answered 304; the run is the same input
crawl --urls "$LIST" --db "$T/db" --quiet --log "$T/crawl2.log" 2>"$T/err"
expect_eq "again: the list asked conditionally (304)" "200 304" \
    "$(awk '$1 == "lists.test" && $3 == "/lists/photos.csv" { printf "%s%s", sep, $4; sep = " " }' \
        "$T/requests.log")"
expect_match "again: unchanged copy read" "unchanged, reading" "$(cat "$T/crawl2.log")"
expect_eq "again: a new incremental run (the first finished): pages revalidated" "200 304" \
    "$(awk '$1 == "keepalive.test" && $3 == "/p1.html" { printf "%s%s", sep, $4; sep = " " }' \
        "$T/requests.log")"

# refused by robots.txt: never requested, one line, exit 2
crawl --urls "$(url lists.test /private/photos.csv)" --db "$T/db" --quiet 2>"$T/err"
expect_eq "refused list: exit" 2 "$?"
expect_match "refused list: why" "^consentscan: cannot read the list: .*/private/photos\.csv: not fetched" \
    "$(cat "$T/err")"
expect_eq "refused list: never requested" 0 "$(requests lists.test /private/photos.csv)"
expect_eq "refused list: one line" 1 "$(wc -l <"$T/err")"

# 404: exit 2 with the status
crawl --urls "$(url lists.test /lists/missing.csv)" --db "$T/db" --quiet 2>"$T/err"
expect_eq "missing list: exit" 2 "$?"
expect_match "missing list: why" "cannot read the list: .*missing\.csv: HTTP 404" "$(cat "$T/err")"
expect_eq "missing list: no half copy left" 0 "$(find "$T/db/lists" -name '*.part' | wc -l)"
finish
