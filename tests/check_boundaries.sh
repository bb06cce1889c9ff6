#!/usr/bin/env bash
# Fails when a third-party header is included outside the folder that owns it (style.md 10.2).
set -u
root=${1:-.}
fail=0
check() { # header-regex allowed-folders...
    local re=$1; shift
    local allowed=("$@")
    while IFS= read -r f; do
        rel=${f#"$root"/}
        ok=0
        for a in "${allowed[@]}"; do
            case $rel in "$a"/*) ok=1 ;; esac
        done
        if [ $ok = 0 ]; then
            echo "boundary: $rel includes $re"
            fail=1
        fi
    done < <(grep -rlE "#include <$re" "$root"/config "$root"/parsers "$root"/store "$root"/crawler 2>/dev/null)
}
check 'lmdb\.h' store
check 'curl/' crawler
check 'libxml/' parsers
check 'yaml\.h' parsers config
check 'jansson\.h' parsers config store
check 'pthread\.h' crawler
# zlib: the store compresses robots.txt bodies; parsers/gunzip.c inflates gzip URL lists
# from bytes in memory (issue 4 item 5), which keeps it pure.
check 'zlib\.h' store parsers
check 'openssl/' store crawler
if [ $fail = 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
