#!/usr/bin/env bash
# Peak anonymous memory (RssAnon; LMDB's mapped pages are file-backed and not counted) of a crawl
# with N URLs queued (issue 3: under 150 MB with 1,000,000). The URLs name 2,000 hosts under
# .invalid (RFC 6761: they never resolve, so nothing leaves the machine) and the delay keeps the
# frontier full; the crawl is sampled for SECONDS, then interrupted.
#   bash tests/bench/frontier_memory.sh build-rel/crawler/consentscan [N] [SECONDS]
set -euo pipefail
bin=${1:?usage: frontier_memory.sh CONSENTSCAN [N] [SECONDS]}
n=${2:-1000000}
secs=${3:-15}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "http://h%04d.invalid/p/%d.html\n", i % 2000, i }' \
    >"$tmp/urls.txt"
"$bin" crawl --urls "$tmp/urls.txt" --db "$tmp/db" --delay 5 --quiet &
pid=$!
peak=0
for _ in $(seq $((secs * 4))); do
    sleep 0.25
    r=$(awk '/RssAnon/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ "${r:-0}" -gt "$peak" ] && peak=$r
done
kill -INT "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
echo "urls $n  peak RssAnon $((peak / 1024)) MB  store $(du -sm "$tmp/db" | cut -f1) MB"
