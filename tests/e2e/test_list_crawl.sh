#!/usr/bin/env bash
# URL lists inside datasets (issue 4 item 5): `crawl --urls LIST` reads csv/tsv/jsonl/txt, plain
# or gzip, by column; `--sample N --seed S` checks a uniform sample host by host and ends with
# the share of rows reserved and its interval; a killed sampled crawl resumes with the same
# sample.
source "$(dirname "$0")/lib.sh"
start_server

hosts=(allow.test gptbot-block.test star-block.test noai-header.test partial.test meta.test)
{
    echo 'url,caption'
    for i in $(seq 0 599); do
        h=${hosts[i % ${#hosts[@]}]}
        printf 'http://%s:%s/s%d.html,"a ""photo"", %d"\n' "$h" "$PORT" "$i" "$i"
    done
} >"$T/list.csv"
gzip -k "$T/list.csv"
printf '{"meta": {"src": "%s"}, "n": 1}\n{"meta": {"src": "%s"}}\n{"other": 3}\n' \
    "$(url allow.test /a.html)" "$(url star-block.test /b.html)" >"$T/list.jsonl"

# a whole jsonl list by a dotted key; the row without it is skipped and counted
OUT=$(crawl --urls "$T/list.jsonl" --column meta.src --db "$T/j" --delay 0)
expect_eq "jsonl list exit" 0 "$?"
expect_match "jsonl: two URLs, one row skipped" "2 URLs on 2 hosts" "$OUT"
expect_match "jsonl: skipped row counted" "skipped input lines 1" "$OUT"

# a sample of a gzip csv, host by host
before=$(wc -l <"$T/requests.log")
OUT=$(crawl --urls "$T/list.csv.gz" --sample 60 --seed 7 --db "$T/s" --delay 0)
expect_eq "sampled crawl exit" 0 "$?"
expect_match "sample size" "sample: 60 rows \\(seed 7\\), 60 with a verdict" "$OUT"
expect_match "share with interval and method" "reserved [0-9.]+ % \\(95% interval [0-9.]+-[0-9.]+ %, 6 hosts; Wilson" "$OUT"
expect_eq "only the sample was checked" 60 "$("$CONSENTSCAN" export --db "$T/s" | wc -l)"
# host-first: each host's robots.txt once, before any of its sampled pages
tail -n +$((before + 1)) "$T/requests.log" >"$T/sampled.log"
for h in "${hosts[@]}"; do
    first=$(grep "^$h GET " "$T/sampled.log" | head -1 | awk '{print $3}')
    expect_eq "$h: robots.txt first" /robots.txt "$first"
    expect_eq "$h: robots.txt once" 1 "$(grep -c "^$h GET /robots.txt " "$T/sampled.log")"
done

# the same seed, the same sample (a rerun on a new store checks the same URLs)
crawl --urls "$T/list.csv.gz" --sample 60 --seed 7 --db "$T/s2" --delay 0 >/dev/null
if cmp -s <(canon "$T/s" | jq -r .url) <(canon "$T/s2" | jq -r .url); then ok; else
    bad "the same seed gave another sample"
fi

# the list belongs to a dataset: its sampled rows are the dataset's data links
crawl --urls "$T/list.csv.gz" --sample 60 --seed 7 --db "$T/ds" --delay 0 \
    --dataset acme/laion-mini >/dev/null
ROW=$("$CONSENTSCAN" export --db "$T/ds" --by dataset --flagged | jq -c '[.node, .sources]')
expect_eq "list rows linked to their dataset" '["hf:datasets/acme/laion-mini",60]' "$ROW"

# another seed is another run (not a resume of the first), with another sample
OUT=$(crawl --urls "$T/list.csv.gz" --sample 60 --seed 8 --db "$T/s" --delay 0)
if [[ "$OUT" == *resumed* ]]; then bad "another seed resumed the first run"; else ok; fi
expect_match "another seed: a sample of its own" "sample: 60 rows \\(seed 8\\), 60 with a verdict" "$OUT"

# killed, then resumed: the same rows in the end
(exec "$CONSENTSCAN" crawl --allow-private --agents "$E2E_DIR/agents.json" --timeout 5 \
    "${RESOLVE[@]}" --urls "$T/list.csv.gz" --sample 60 --seed 7 --db "$T/k" --delay 0.3 \
    >/dev/null 2>&1) &
pid=$!
sleep 1.5
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
OUT=$(crawl --urls "$T/list.csv.gz" --sample 60 --seed 7 --db "$T/k" --delay 0)
expect_match "sampled crawl resumed" "resumed unfinished run" "$OUT"
if cmp -s <(canon "$T/s2" | jq -r .url) <(canon "$T/k" | jq -r .url); then ok; else
    bad "killed and resumed sampled crawl checked other rows"
fi

# a column that is not there: one line naming it, usage exit
crawl --urls "$T/list.csv" --column image --db "$T/bad" >/dev/null 2>"$T/err"
expect_eq "missing column exit" 3 "$?"
expect_match "missing column message" "column" "$(cat "$T/err")"
finish
