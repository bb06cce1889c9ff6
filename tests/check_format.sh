#!/usr/bin/env bash
# Fails when a tracked C file is not formatted by the repository's .clang-format (style.md 10.11).
set -u
root=${1:-.}
cd "$root" || exit 1
bad=0
count=0
while IFS= read -r f; do
    count=$((count + 1))
    if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "not formatted: $f (run clang-format -i $f)"
        bad=$((bad + 1))
    fi
done < <(find config parsers store crawler tests -name '*.[ch]' | sort)
echo "$((count - bad)) passed, $bad failed"
[ "$bad" -eq 0 ]
