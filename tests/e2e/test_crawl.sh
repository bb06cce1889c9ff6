#!/usr/bin/env bash
# consentscan crawl --urls: the same judgement as check for every URL of a list, through the
# engine (issue 3): same canonical export as one-by-one checks, robots.txt reused on the next
# run, refused URLs never requested, bad lines skipped, a clean stop on SIGINT.
source "$(dirname "$0")/lib.sh"
start_server

sites="allow gptbot-block star-block partial self-block noai-header meta r503 r429 r403 redirect
       redirect-loop big garbage html-robots nonhtml"
for h in $sites; do
    for p in /page.html /x.html /private/a.html; do url "$h.test" "$p"; done
done >"$T/urls.txt"
for p in /robots-meta.html /agent-meta.html /upper.html; do url meta.test "$p"; done >>"$T/urls.txt"
echo "not a url" >>"$T/urls.txt"

OUT=$(crawl --urls "$T/urls.txt" --db "$T/crawl" 2>"$T/err")
expect_eq "crawl exit" 0 "$?"
expect_match "summary" "51 URLs on 16 hosts" "$OUT"
expect_match "bad line skipped" "skipped input lines 1" "$OUT"
expect_match "bad line named" "not a url" "$(cat "$T/err")"
expect_eq "refused URL never requested" 0 "$(requests star-block.test /page.html)"
expect_eq "unreachable host: page never requested" 0 "$(requests r503.test /page.html)"
expect_eq "one robots.txt per host" 1 "$(requests gptbot-block.test /robots.txt)"

grep -v "not a url" "$T/urls.txt" | while read -r u; do
    check -q --db "$T/check" "$u" >/dev/null
done
canon "$T/crawl" >"$T/crawl.jsonl"
canon "$T/check" >"$T/check.jsonl"
expect_eq "crawl and check store the same verdicts" 51 "$(wc -l <"$T/crawl.jsonl")"
if cmp -s "$T/crawl.jsonl" "$T/check.jsonl"; then ok; else
    bad "crawl export differs from check export"
    diff "$T/crawl.jsonl" "$T/check.jsonl" | head -5 >&2
fi

before=$(grep -c ' /robots.txt ' "$T/requests.log")
lines=$(wc -l <"$T/requests.log")
OUT=$(crawl --urls - --db "$T/crawl" <"$T/urls.txt" 2>/dev/null)
expect_eq "second crawl from stdin" 0 "$?"
expect_eq "second crawl: no robots.txt request within 24 h" "$before" \
    "$(grep -c ' /robots.txt ' "$T/requests.log")"
expect_match "second crawl reuses robots.txt" "reused 16" "$OUT"
# only conditional requests for what answered 200 with a validator: the fixture says 304
tail -n +"$((lines + 1))" "$T/requests.log" >"$T/second.log"
expect_eq "second crawl: no full 200 for an unchanged page" 0 \
    "$(grep -c ' /page.html 200$' "$T/second.log")"
expect_match "second crawl: revalidated pages" "not modified [1-9]" "$OUT"
canon "$T/crawl" >"$T/crawl2.jsonl"
if cmp -s "$T/crawl.jsonl" "$T/crawl2.jsonl"; then ok; else
    bad "verdicts re-derived after a 304 differ from the first crawl's"
    diff "$T/crawl.jsonl" "$T/crawl2.jsonl" | head -4 >&2
fi

# SIGTERM (and SIGINT): in-flight transfers get 5 s, the rest is left undone, the store stays readable
printf '%s\n' "$(url slow.test /page.html)" "$(url allow.test /a.html)" >"$T/slow.txt"
for i in $(seq 40); do url allow.test "/p$i.html"; done >>"$T/slow.txt"
(exec "$CONSENTSCAN" crawl --allow-private --agents "$E2E_DIR/agents.json" "${RESOLVE[@]}" \
    --urls "$T/slow.txt" --db "$T/int" --delay 1 --timeout 60 >"$T/int.out" 2>&1) &
pid=$!
sleep 1.5
kill -TERM $pid  # background jobs of a script ignore SIGINT
wait $pid
expect_eq "interrupted exit" 130 "$?"
expect_match "interrupted summary" "crawl interrupted" "$(cat "$T/int.out")"
expect_match "left undone counted" "left undone" "$(cat "$T/int.out")"
"$CONSENTSCAN" export --db "$T/int" >/dev/null
expect_eq "store readable after interrupt" 0 "$?"

# a second crawl on the same store says so at once instead of waiting
(exec "$CONSENTSCAN" crawl --allow-private --agents "$E2E_DIR/agents.json" "${RESOLVE[@]}" \
    --urls "$T/slow.txt" --db "$T/int" --delay 1 --timeout 60 --quiet >/dev/null 2>&1) &
pid=$!
sleep 1
crawl --urls "$T/urls.txt" --db "$T/int" >/dev/null 2>"$T/busy"
expect_eq "second crawl on one store" 4 "$?"
expect_match "second crawl message" "another crawl \\(pid [0-9]+\\)" "$(cat "$T/busy")"
"$CONSENTSCAN" export --db "$T/int" >/dev/null
expect_eq "export while a crawl runs" 0 "$?"
kill -TERM $pid
wait $pid

# a host that says its quota is spent (RateLimit r=0, t=600) gets no further request until the
# reset: the second page is still unrequested when the crawl is stopped (counts, not timing)
printf '%s\n' "$(url quota.test /a.html)" "$(url quota.test /b.html)" >"$T/quota.txt"
(exec "$CONSENTSCAN" crawl --allow-private --agents "$E2E_DIR/agents.json" "${RESOLVE[@]}" \
    --urls "$T/quota.txt" --db "$T/quota" --delay 0 --quiet >/dev/null 2>&1) &
pid=$!
for _ in $(seq 100); do
    [ "$(requests quota.test /a.html)" = 1 ] && break
    sleep 0.05
done
sleep 1
expect_eq "quota: first page fetched" 1 "$(requests quota.test /a.html)"
expect_eq "quota: second page waits for the reset" 0 "$(requests quota.test /b.html)"
kill -TERM $pid
wait $pid

# --config: a per-host delay for allow.test holds its second page back (counts, not timing);
# the command line's --delay 0 still applies to every other host
printf 'delay: 0\nhosts:\n  allow.test: { delay: 600 }\n' >"$T/cfg.yaml"
printf '%s\n' "$(url allow.test /cfg-a.html)" "$(url allow.test /cfg-b.html)" \
    "$(url meta.test /cfg-1.html)" "$(url meta.test /cfg-2.html)" >"$T/cfg.txt"
(exec "$CONSENTSCAN" crawl --allow-private --agents "$E2E_DIR/agents.json" "${RESOLVE[@]}" \
    --config "$T/cfg.yaml" --urls "$T/cfg.txt" --db "$T/cfg" --quiet >/dev/null 2>&1) &
pid=$!
for _ in $(seq 100); do
    [ "$(requests meta.test /cfg-2.html)" = 1 ] && break
    sleep 0.05
done
sleep 0.5
expect_eq "config: other hosts at full speed" 1 "$(requests meta.test /cfg-2.html)"
# allow.test's robots.txt was its first request; its 600 s delay holds both pages back
expect_eq "config: allow.test's delay holds its pages" 0 \
    "$(( $(requests allow.test /cfg-a.html) + $(requests allow.test /cfg-b.html) ))"
kill -TERM $pid
wait $pid
printf 'delay: 1\ndealy: 2\n' >"$T/bad.yaml"
crawl --config "$T/bad.yaml" --urls "$T/cfg.txt" --db "$T/x" >/dev/null 2>"$T/err"
expect_eq "bad config" 3 "$?"
expect_match "bad config names the line" "line 2" "$(cat "$T/err")"

crawl --urls "$T/none.txt" --db "$T/x" >/dev/null 2>&1
expect_eq "missing list" 3 "$?"
crawl --db "$T/x" >/dev/null 2>&1
expect_eq "no --urls" 3 "$?"
crawl --urls "$T/urls.txt" --parallel 0 --db "$T/x" >/dev/null 2>&1
expect_eq "bad --parallel" 3 "$?"
finish
