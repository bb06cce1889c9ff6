#!/usr/bin/env bash
# consentscan check against fixture sites: robots.txt groups, X-Robots-Tag, meta robots; exit
# statuses; consentscan obeys robots.txt for its own token (issue 2 items 2 and 6).
source "$(dirname "$0")/lib.sh"
start_server

# run HOST PATH [ARGS]: check one URL as JSON; sets OUT and RC
run() {
    OUT=$(check --json "$@" 2>"$T/stderr")
    RC=$?
}
stance() { jq -r ".purposes.$1.stance" <<<"$OUT"; }
# agents with nothing to say are left out of the report: they read as "none"
agent() { jq -r "[.agents[] | select(.tokens | index(\"$1\")) | .signals[\"$2\"].$3][0] // \"none\"" <<<"$OUT"; }

run "$(url gptbot-block.test /page.html)"
expect_eq "gptbot-block exit" 1 "$RC"
expect_eq "gptbot-block TRAIN_GENAI" DISALLOW_PARTIAL "$(stance TRAIN_GENAI)"
expect_eq "gptbot-block GPTBot" disallow "$(agent GPTBot robots.txt result)"
expect_eq "gptbot-block GPTBot line" 2 "$(agent GPTBot robots.txt line)"
expect_eq "gptbot-block CCBot" none "$(agent CCBot robots.txt result)"
expect_eq "gptbot-block search untouched" NO_SIGNAL "$(stance SEARCH)"
expect_eq "gptbot-block evidence source" "$(url gptbot-block.test /robots.txt)" \
    "$(jq -r '.purposes.TRAIN_GENAI.evidence[0].source_url' <<<"$OUT")"
expect_eq "gptbot-block evidence status" 200 \
    "$(jq -r '.purposes.TRAIN_GENAI.evidence[0].http_status' <<<"$OUT")"

run "$(url star-block.test /page.html)"
expect_eq "star-block exit" 1 "$RC"
expect_eq "star-block TRAIN_GENAI" DISALLOW_FULL "$(stance TRAIN_GENAI)"
expect_eq "star-block SEARCH" DISALLOW_FULL "$(stance SEARCH)"
expect_eq "star-block consentscan stays away" false "$(jq -r .self.allowed <<<"$OUT")"
expect_eq "star-block work not fetched" 0 "$(requests star-block.test /page.html)"

run "$(url partial.test /public/a.html)"
expect_eq "partial public GPTBot (own group allows)" allow "$(agent GPTBot robots.txt result)"
expect_eq "partial public CCBot" disallow "$(agent CCBot robots.txt result)"
expect_eq "partial public stance" DISALLOW_PARTIAL "$(stance TRAIN_GENAI)"
run "$(url partial.test /private/a.html)"
expect_eq "partial private GPTBot" disallow "$(agent GPTBot robots.txt result)"

run "$(url self-block.test /page.html)"
expect_eq "self-block exit (page signals unread)" 2 "$RC"
expect_eq "self-block consentscan" false "$(jq -r .self.allowed <<<"$OUT")"
expect_eq "self-block page never requested" 0 "$(requests self-block.test /page.html)"
expect_match "self-block reason" "disallows consentscan" "$(jq -r .purposes.TRAIN_GENAI.reason <<<"$OUT")"

run "$(url noai-header.test /page.html)"
expect_eq "noai exit" 1 "$RC"
expect_eq "noai TRAIN_GENAI" DISALLOW_FULL "$(stance TRAIN_GENAI)"
expect_eq "noai not search" NO_SIGNAL "$(stance SEARCH)"
expect_eq "noai evidence" "noai" "$(jq -r '.purposes.TRAIN_GENAI.evidence[0].text' <<<"$OUT")"
run "$(url noai-header.test /scoped.html)"
expect_eq "scoped noai GPTBot" disallow "$(agent GPTBot x-robots-tag result)"
expect_eq "scoped noai CCBot" none "$(agent CCBot x-robots-tag result)"
expect_eq "scoped noai stance" DISALLOW_PARTIAL "$(stance TRAIN_GENAI)"
run "$(url noai-header.test /two.html)"
expect_eq "otherbot-scoped noai + noindex exit" 0 "$RC"
run "$(url noai-header.test /noindex.html)"
expect_eq "noindex is not a training signal" NO_SIGNAL "$(stance TRAIN_GENAI)"
run "$(url noai-header.test /img.jpg)"
expect_eq "noimageai on an image" DISALLOW_FULL "$(stance TRAIN_GENAI)"

run "$(url meta.test /robots-meta.html)"
expect_eq "meta robots noai" DISALLOW_FULL "$(stance TRAIN_GENAI)"
expect_eq "meta robots evidence signal" meta-robots \
    "$(jq -r '.purposes.TRAIN_GENAI.evidence[0].signal' <<<"$OUT")"
run "$(url meta.test /agent-meta.html)"
expect_eq "meta GPTBot" disallow "$(agent GPTBot meta-robots result)"
expect_eq "meta GPTBot, not CCBot" none "$(agent CCBot meta-robots result)"
run "$(url meta.test /upper.html)"
expect_eq "META NAME=ROBOTS NoAI" DISALLOW_FULL "$(stance TRAIN_GENAI)"
run "$(url meta.test /late-meta.html)"
expect_eq "meta after 64 KiB is not read" NO_SIGNAL "$(stance TRAIN_GENAI)"

run "$(url nonhtml.test /doc.pdf)"
expect_eq "noai on a PDF" DISALLOW_FULL "$(stance TRAIN_GENAI)"
run "$(url allow.test /page.html)"
expect_eq "allow-all exit" 0 "$RC"
expect_eq "allow-all stance" NO_SIGNAL "$(stance TRAIN_GENAI)"
run --head "$(url noai-header.test /page.html)"
expect_eq "--head method" HEAD "$(jq -r .fetches.work.method <<<"$OUT")"
expect_eq "--head still reads the header" DISALLOW_FULL "$(stance TRAIN_GENAI)"

# one URL flagged, one unknown: 1 wins; unknown and allowed: 2
check -q "$(url allow.test /page.html)" "$(url r503.test /page.html)" >/dev/null
expect_eq "allowed + unknown exit" 2 "$?"
check -q "$(url r503.test /page.html)" "$(url star-block.test /page.html)" >/dev/null
expect_eq "unknown + flagged exit" 1 "$?"
# --purpose SEARCH: a GPTBot-only block does not count
check -q --purpose SEARCH "$(url gptbot-block.test /page.html)" >/dev/null
expect_eq "--purpose SEARCH exit" 0 "$?"
# agent-scoped query
OUT=$(check --json --agent OAI-SearchBot "$(url gptbot-block.test /page.html)")
expect_eq "--agent OAI-SearchBot: not blocked" none "$(agent OAI-SearchBot robots.txt result)"
# the table
TABLE=$(check --color never "$(url gptbot-block.test /page.html)")
expect_match "table shows the rule" 'robots.txt line 2 "Disallow: /" -> GPTBot' "$TABLE"
finish
