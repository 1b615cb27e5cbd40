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

. "$root/scripts/lib/java.sh"
command -v erl >/dev/null || { echo "erl not found: apt-get install -y erlang-nox" >&2; exit 1; }
JAVA="$(weft_java_home)/bin/java"
JAR=$(weft_jar)
ebin=$(mktemp -d /tmp/weft-ets-bench.XXXXXX)
trap 'rm -rf "$ebin"' EXIT
erlc -o "$ebin" "$here/ets_bench.erl" "$(weft_beam_bench_src)/beam_bench.erl"

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
  weft="$("$JAVA" $(weft_jvm_flags) -Xmx1g -cp "$JAR" dev.weft.bench.EtsBench $w)"
  join <(sort <<<"$weft") <(sort <<<"$beam") | while read -r metric wv unit bv _; do
    awk -v m="$metric" -v w="$wv" -v b="$bv" -v u="$unit" \
      'BEGIN { printf "%-32s %14s %14s %7.2f  (%s)\n", m, w, b, w / b, u }'
  done
done
