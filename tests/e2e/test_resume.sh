#!/usr/bin/env bash
# Crash safety (issue 3): a crawl killed with SIGKILL at about ten random points, each time
# started again with the same command, resumes its unfinished run and ends with the same
# canonical export as an uninterrupted crawl; a finished run is not resumed.
source "$(dirname "$0")/lib.sh"
start_server

for i in $(seq 12); do
    for h in allow gptbot-block meta noai-header partial star-block self-block r403; do
        url "$h.test" "/r$i.html"
    done
done >"$T/urls.txt"

OUT=$(crawl --urls "$T/urls.txt" --db "$T/ref" --delay 0.02)
expect_eq "reference crawl" 0 "$?"
expect_match "reference: a new run" "^crawl finished" "$OUT"

# a 0.5 s delay: each killed run gets at most one URL per host done, so none finishes
RANDOM=7
for k in $(seq 10); do
    (exec "$CONSENTSCAN" crawl --allow-private --agents "$E2E_DIR/agents.json" --timeout 5 \
        --delay 0.5 "${RESOLVE[@]}" --urls "$T/urls.txt" --db "$T/killed" \
        >"$T/run$k.out" 2>&1) &
    pid=$!
    sleep "0.$((RANDOM % 40 + 5))"
    kill -KILL $pid 2>/dev/null
    wait $pid 2>/dev/null
done
OUT=$(crawl --urls "$T/urls.txt" --db "$T/killed" --delay 0.02)
expect_eq "last run finishes" 0 "$?"
expect_match "last run resumes the killed one" "resumed unfinished run 1" "$OUT"
canon "$T/ref" >"$T/ref.jsonl"
canon "$T/killed" >"$T/killed.jsonl"
expect_eq "all URLs stored" 96 "$(wc -l <"$T/killed.jsonl")"
if cmp -s "$T/ref.jsonl" "$T/killed.jsonl"; then ok; else
    bad "killed-and-resumed export differs from the uninterrupted one"
    diff "$T/ref.jsonl" "$T/killed.jsonl" | head -4 >&2
fi

OUT=$(crawl --urls "$T/urls.txt" --db "$T/killed" --delay 0.02)
expect_eq "next crawl after a finished run" 0 "$?"
if [[ "$OUT" == *"resumed"* ]]; then bad "a finished run was resumed"; else ok; fi
finish
