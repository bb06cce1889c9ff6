/* SPDX-License-Identifier: MIT
 * usage.c - `consentscan --help`.
 */
#include "cs_setup.h"

#include "cli.h"

void cs_usage(FILE *f)
{
    fputs(
        "usage: consentscan COMMAND [OPTIONS] [ARGS]\n"
        "\n"
        "Checks whether the owners of web works reserve them against AI crawling and training.\n"
        "\n"
        "Commands:\n"
        "  check URL...            fetch robots.txt and the work, report each signal and a stance per\n"
        "                          purpose with its evidence, store the result\n"
        "  crawl --urls FILE|-     the check of every URL of a list, through the crawl engine\n"
        "  crawl --datasets|--models|--both [--hub URL]   crawl a dataset index: listings, cards,\n"
        "                          the lineage graph, and the check of every data source\n"
        "  export                  print stored results (--format jsonl|csv, --flagged, -o FILE);\n"
        "                          --by dataset|model: one lineage row per dataset or model\n"
        "  graph ID|URL|ORIGIN     the lineage around a node of the store (--depth N, --json);\n"
        "                          ID: hf:datasets/X, hf:models/X, datasets/X, models/X or a bare\n"
        "                          Hub id (dataset first); exit 2 when the node is not stored\n"
        "  robots FILE AGENT URL   judge one robots.txt offline (--strict, --max-bytes N);\n"
        "                          --batch reads FILE<TAB>AGENT<TAB>URL lines on standard input\n"
        "  xrobots VALUE...        judge X-Robots-Tag values offline (--agent T, --respect-noindex)\n"
        "  card [--model] FILE|-   read a Hugging Face card (README.md) offline: licence, sources,\n"
        "                          homepage, every link and its class, as one JSON line\n"
        "  croissant FILE|-        read a Croissant / schema.org Dataset JSON-LD file or an HTML page\n"
        "                          with embedded JSON-LD offline; print one JSON object\n"
        "  urllist FILE|-          the URLs of a txt/csv/tsv/jsonl list, plain or gzip, one a line\n"
        "                          (--format F, --column NAME|N, --sample N [--seed S] for a uniform\n"
        "                          sample, --max-bytes N decompressed cap); summary on stderr\n",
        f);
    fputs(
        "  tdmrep FILE URL         apply a /.well-known/tdmrep.json to a URL offline (first match);\n"
        "                          one JSON object: reservation 1|0|null, policy, rule, diagnostics\n"
        "  tdmrep-extract FILE|-   the TDMRep reservation of a header dump, HTML page, EPUB OPF or\n"
        "                          XMP packet (sniffed), as one JSON object\n"
        "  tdmrep-header VALUE     judge one tdm-reservation header value offline\n"
        "  aitxt FILE URL          judge a Spawning /ai.txt for one asset offline (--agent T,\n"
        "                          --type MEDIA/TYPE); JSON: allowed true|false|null, line\n"
        "\n"
        "check options:\n"
        "  --json                  one JSON object per URL instead of the table\n"
        "  --agent TOKEN           query this crawler token (repeatable); default: every token of\n"
        "                          the agent list\n"
        "  --agents FILE           agent list in ai.robots.txt's robots.json format (default:\n"
        "                          ../shared/data/ai-robots.json when present, else a built-in list)\n"
        "  --purpose P             TRAIN_GENAI (default), TRAIN_ML, TDM, AI_INPUT, SEARCH (repeatable)\n"
        "  --head                  read the work with HEAD only\n"
        "  --db DIR                store directory (default $XDG_DATA_HOME/consentscan)\n"
        "  --no-store              keep nothing\n"
        "  --no-sync               commit without waiting for the disk: faster; survives a killed\n"
        "                          process, not a power loss\n"
        "  --user-agent S          User-Agent (default consentscan/" CS_VERSION " (+" CS_PROJECT_URL
        "))\n"
        "  --allow-private         allow loopback and private addresses (demo, tests, intranets)\n"
        "  --resolve H:P:A         connect to address A for host H and port P (repeatable)\n"
        "  --resolve-file FILE     H:P:A lines, one a line (for many hosts)\n"
        "  --config FILE           YAML: user_agent, delay, parallel, per_host, and per-host\n"
        "                          overrides under hosts: (the command line wins)\n"
        "  --timeout S, --connect-timeout S   limits per request (default 30 and 10 seconds)\n"
        "  --speed-limit B, --speed-time S    abandon a transfer slower than B bytes/s for S\n"
        "                          seconds (off by default; --speed-time 20 when on)\n"
        "  --robots-ttl S, --error-ttl S      reuse a stored robots.txt this long (default 86400),\n"
        "                          an unreachable one this long (default 900)\n"
        "  --color always|never|auto, -q/--quiet, -v/--verbose\n"
        "\n",
        f);
    /* ISO C caps a string literal at 4095 bytes: the text comes in two parts */
    fputs(
        "crawl options (and the check options above, but --json and --head):\n"
        "  --parallel N            transfers in flight (32)     --threads N  parse workers\n"
        "  --per-host N            requests in flight per host (1)\n"
        "  --delay S               seconds between requests to one host (1)\n"
        "  --retries N             retries of a failed request (2)   --window N  URLs in memory\n"
        "  --log FILE              log file (skipped lines, errors)\n"
        "  --max-crawl-delay S     honour a robots.txt Crawl-delay up to S seconds (30; 0 ignores)\n"
        "list files (--urls): --format txt|csv|tsv|jsonl, --column NAME|N, --sample N --seed S (a\n"
        "  uniform sample, ending with the reserved share and its 95% interval), --dataset ID\n"
        "  (link the list's rows to that dataset in the lineage graph)\n"
        "index crawl: --hub URL (default $HF_ENDPOINT, else https://huggingface.co; $HF_TOKEN is\n"
        "  sent to that origin only), --search S, --author A, --filter TAG (repeatable),\n"
        "  --sort FIELD (lastModified), --limit N (entries a page), --croissant (read each\n"
        "  dataset's Croissant file too: one more API call per dataset), --full (every page,\n"
        "  not stopping at the last run's mark; marks repositories no longer listed as gone)\n"
        "\n"
        "Exit status of check: 0 no reservation found; 1 some URL is reserved (DISALLOW_FULL or\n"
        "DISALLOW_PARTIAL) for a queried purpose; 2 otherwise some verdict is UNKNOWN (network error,\n"
        "robots.txt 5xx or 429); 3 usage error (nothing was fetched); 4 store error; 5 internal error.\n"
        "crawl: 0 finished, 130 interrupted, 3, 4, 5 as above. robots and xrobots exit 0 allowed,\n"
        "1 disallowed. croissant: 0 printed, 2 invalid JSON or too large, 3 unreadable file.\n",
        f);
}
