#!/usr/bin/env bash
# ETS workloads on Weft and on the BEAM in one run: prints "workload weft beam ratio"
# (ratio = weft / beam; every figure is a rate, so above 1 means Weft is faster).
# Each workload runs in a fresh JVM and a fresh BEAM, back to back.
#   scripts/bench/ets/run.sh                 # all workloads
#   OPS=1000000 scripts/bench/ets/run.sh     # smaller
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
OPS="${OPS:-4000000}"
WALK_N="${WALK_N:-1000000}"
WALK_LEN="${WALK_LEN:-10000}"

[ -f /tmp/env.sh ] && . /tmp/env.sh
command -v erl >/dev/null || { echo "erl not found: apt-get install -y erlang-nox" >&2; exit 1; }

classes="$root/node/target/classes"
bench_class="$classes/dev/weft/bench/EtsBench.class"
if [ ! -f "$bench_class" ] || [ -n "$(find "$root/node/src/main/java" -newer "$bench_class" -name '*.java' | head -1)" ]; then
  echo "building node classes..." >&2
  (cd "$root" && mvn -q -B -pl node -am compile) >&2
fi

ebin="$root/scripts/bench/ets/ebin"
mkdir -p "$ebin"
if [ ! -f "$ebin/ets_bench.beam" ] || [ "$here/ets_bench.erl" -nt "$ebin/ets_bench.beam" ]; then
  erlc -o "$ebin" "$here/ets_bench.erl"
fi

workloads=(
  "set_lookup 2 $OPS"
  "set_lookup 100 $OPS"
  "set_insert 2 $OPS"
  "set_insert 100 $OPS"
  "update_counter 2 $OPS"
  "update_counter 100 $OPS"
  "ordered_walk $WALK_N $WALK_LEN"
)

printf '%-32s %14s %14s %7s\n' workload weft beam ratio
for w in "${workloads[@]}"; do
  # shellcheck disable=SC2086
  beam="$(erl +P 5000000 -noshell -pa "$ebin" -run ets_bench main $w)"
  # shellcheck disable=SC2086
  weft="$(java -Xmx1g -cp "$classes" dev.weft.bench.EtsBench $w)"
  join <(sort <<<"$weft") <(sort <<<"$beam") | while read -r metric wv unit bv _; do
    awk -v m="$metric" -v w="$wv" -v b="$bv" -v u="$unit" \
      'BEGIN { printf "%-32s %14s %14s %7.2f  (%s)\n", m, w, b, w / b, u }'
  done
done
