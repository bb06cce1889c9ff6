#!/usr/bin/env bash
# The README's demo: starts the fixture server on 127.0.0.1 with a handful of demo sites that
# opt out in different ways, checks every demo URL with the real binary, then prints the flagged
# export. Usage: demo.sh BUILD_DIR. Nothing leaves this machine.
set -u
build=${1:?usage: demo.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
bin=$build/crawler/consentscan
T=$(mktemp -d /tmp/consentscan-demo.XXXXXX)
"$build/tests/cs_fixture_server" --root "$here/sites" --port-file "$T/port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 100); do
    [ -s "$T/port" ] && break
    sleep 0.05
done
port=$(cat "$T/port")
resolve=()
urls=()
while read -r u; do
    [ -z "$u" ] && continue
    host=${u#http://}
    host=${host%%/*}
    resolve+=(--resolve "$host:$port:127.0.0.1")
    urls+=("http://$host:$port/${u#http://"$host"/}")
done <"$here/sites/demo-urls.txt"

echo "== consentscan demo: ${#urls[@]} pages on 6 local sites (fixture server on 127.0.0.1:$port)"
echo
"$bin" check --allow-private --db "$T/store" "${resolve[@]}" "${urls[@]}"
status=$?
echo "== check exited $status (1: some page is reserved against AI training)"
echo
echo "== consentscan export --flagged --format csv, TRAIN_GENAI rows (the full export has a row"
echo "   per purpose, and --format jsonl every piece of evidence)"
"$bin" export --db "$T/store" --flagged --format csv |
    awk -F, 'NR == 1 || $5 == "TRAIN_GENAI"' | cut -c1-200
exit 0
