#!/usr/bin/env bash
# Does RL raise held-out accuracy above the warm start on the quick preset? Runs delta-l (α = 1) and grpo for
# seeds 1-3 (runs with the same seed share one cached warm start) and prints avg@k before and after RL.
# Usage: bash build/quick-rl-check.sh [OUT_DIR] [--set path=value ...]   (about 20 minutes on a 2-core CPU)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-runs/quick-rl-check}
shift || true
mkdir -p "$out"
dotnet build src/Orleans.Rlvr.Cli -c Release -nologo -v:q >/dev/null
printf '%-10s %4s %9s %9s %9s %8s\n' aggregator seed initial final delta wall_s
for seed in 1 2 3; do
  for aggregator in delta-l grpo; do
    start=$(date +%s)
    RLVR_Checkpoints__Root="$out" dotnet run --project src/Orleans.Rlvr.Cli -c Release --no-build -- \
      train --preset quick --aggregator "$aggregator" --alpha 1 --seed "$seed" --out "$out/$aggregator-s$seed" --json "$@" \
      > "$out/$aggregator-s$seed.json" 2> "$out/$aggregator-s$seed.log"
    wall=$(( $(date +%s) - start ))
    python3 - "$out/$aggregator-s$seed.json" "$aggregator" "$seed" "$wall" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]:<10} {sys.argv[3]:>4} {r['initialAccuracy']:9.3f} {r['finalAccuracy']:9.3f} {r['finalAccuracy'] - r['initialAccuracy']:+9.3f} {sys.argv[4]:>8}")
PY
  done
done | tee "$out/summary.txt"
python3 - "$out/summary.txt" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
for agg in ("delta-l", "grpo"):
    d = [float(r[4]) for r in rows if r[0] == agg]
    i = [float(r[2]) for r in rows if r[0] == agg]
    f = [float(r[3]) for r in rows if r[0] == agg]
    print(f"{agg:<10} mean over {len(d)} seeds: initial {statistics.mean(i):.3f} -> final {statistics.mean(f):.3f} ({statistics.mean(d):+.3f})")
PY
