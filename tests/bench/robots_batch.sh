#!/usr/bin/env bash
# Throughput of `consentscan robots --batch` (README figure): 1,000,000 probes over 100 generated
# robots.txt files, given as full URLs and as paths. Usage: robots_batch.sh CONSENTSCAN [N]
set -euo pipefail
bin=${1:?usage: robots_batch.sh CONSENTSCAN [PROBES]}
n=${2:-1000000}
dir=$(mktemp -d /tmp/cs-batch.XXXXXX)
trap 'rm -rf "$dir"' EXIT
python3 - "$dir" "$n" <<'PY'
import random, sys
d, n = sys.argv[1], int(sys.argv[2])
random.seed(1)
agents = ["GPTBot", "CCBot", "ClaudeBot", "Google-Extended", "*", "AI2Bot", "img2dataset",
          "Bytespider"]
pats = ["private/", "a/b", "*.pdf$", "search?q=", "x*y", "img/", "", "p/%7Euser/"]
files = []
for i in range(100):
    lines = []
    for _ in range(random.randint(1, 6)):
        lines += ["User-agent: " + a for a in random.sample(agents, random.randint(1, 3))]
        lines += [random.choice(["Allow", "Disallow"]) + ": /" + random.choice(pats)
                  for _ in range(random.randint(1, 12))]
        lines.append("")
    p = f"{d}/r{i}.txt"
    open(p, "w").write("\n".join(lines))
    files.append(p)
paths = ["private/a", "a/b/c", "doc.pdf", "search?q=1", "x1y", "img/z.png", "", "p/~user/"]
with open(f"{d}/urls.tsv", "w") as u, open(f"{d}/paths.tsv", "w") as p:
    for _ in range(n):
        f, a, x = random.choice(files), random.choice(agents), random.choice(paths)
        u.write(f"{f}\t{a}\thttps://ex.org/{x}\n")
        p.write(f"{f}\t{a}\t/{x}\n")
PY
for kind in urls paths; do
    start=$(date +%s.%N)
    "$bin" robots --batch <"$dir/$kind.tsv" >"$dir/$kind.out"
    end=$(date +%s.%N)
    python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'$kind: {$n} probes in {s:.2f} s = {$n/s:,.0f} probes/s')" "$start" "$end"
done
cmp -s "$dir/urls.out" "$dir/paths.out" && echo "same answers for URLs and paths"
