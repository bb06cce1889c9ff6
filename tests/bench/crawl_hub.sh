#!/usr/bin/env bash
# The index crawl beside peers on the rig's generated hub (../shared/bench, workload "hub":
# nginx serves hub.test's paginated /api/datasets, cards on the resolve endpoint, and the web of
# sources, in a private loopback-only network namespace; needs root). Not part of the test run.
#
# usage: tests/bench/crawl_hub.sh BUILD_DIR [HOSTS] [REPS] [extra run.sh args...]
# Two consentscan entries: "consentscan" (delay 0, one request in flight per host, robots.txt
# Crawl-delay honoured as always) and "consentscan-nocd" (--max-crawl-delay 0: Crawl-delay
# ignored, as curl and Scrapy ignore it), so the politeness cost is visible on its own.
set -euo pipefail
build=$(cd "${1:?usage: crawl_hub.sh BUILD_DIR [HOSTS] [REPS]}" && pwd)
hosts=${2:-2000}
reps=${3:-3}
shift $(( $# < 3 ? $# : 3 ))
here=$(cd "$(dirname "$0")/../.." && pwd)
rig=${CS_BENCH_RIG:-$here/../shared/bench}
bin=$build/crawler/consentscan
common="--datasets --hub {HUB} --db {OUT}/db --parallel {THREADS} --delay 0 --allow-private \
        --quiet --retries 0 --timeout 10 --threads 1 --resolve-file {RESOLVE} \
        --agents $rig/../data/ai-robots.json"
exec "$rig/run.sh" -n "$hosts" -r "$reps" -w hub -t "${PEERS:-curl-parallel scrapy}" \
    -c "consentscan=$bin crawl $common" \
    -c "consentscan-nocd=$bin crawl $common --max-crawl-delay 0" "$@"
