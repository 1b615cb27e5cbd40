#!/usr/bin/env bash
# Weft vs BEAM on io devices: writing through a file io server pid, on both runtimes in one
# invocation, with the same sizes. Prints
#   workload weft beam ratio
# per metric (medians of REPS runs, each in a fresh JVM / VM, interleaved; ratio > 1 = Weft better:
# rates weft/beam, times beam/weft).
#
# Workloads: io_write_64k (MB megabytes in CHUNK_KB chunks), io_small_writes (N IO.write calls).
# Knobs (environment): REPS (default 3), MB (100), CHUNK_KB (64), N (1000000), DIR (where the files
# go; a fresh temporary directory by default), LOCK (flock file shared with other benchmark runs).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../../lib/java.sh"

REPS=${REPS:-3}
MB=${MB:-100}
CHUNK_KB=${CHUNK_KB:-64}
N=${N:-1000000}
LOCK=${LOCK:-/tmp/bench.lock}
WORK=$(mktemp -d /tmp/weft-io-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
DIR=${DIR:-$WORK}

command -v erlc >/dev/null || { echo "erl/erlc not found: the BEAM side needs Erlang/OTP (apt-get install -y erlang-nox)" >&2; exit 1; }
JAVA="$(weft_java_home)/bin/java"
JAR=$(weft_jar)
mkdir -p "$WORK/ebin"
erlc -o "$WORK/ebin" "$HERE/io_bench.erl" "$(weft_beam_bench_src)/beam_bench.erl"

# side SIDE WORKLOAD ARGS...: one run under the lock; appends "metric value unit" lines to $WORK/SIDE.txt
side() {
  local s=$1
  shift
  if [ "$s" = weft ]; then
    flock "$LOCK" "$JAVA" $(weft_jvm_flags) -cp "$JAR" dev.weft.bench.IoBench "$@" >>"$WORK/weft.txt"
  else
    flock "$LOCK" erl -noshell -pa "$WORK/ebin" -run io_bench main "$@" >>"$WORK/beam.txt"
  fi
}

for rep in $(seq 1 "$REPS"); do
  echo "repetition $rep/$REPS" >&2
  for s in weft beam; do
    side "$s" io_write_64k "$DIR" "$MB" "$CHUNK_KB"
    side "$s" io_small_writes "$DIR" "$N"
  done
done

median() { # METRIC FILE -> median value
  grep "^$1 " "$2" | awk '{ print $2 }' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "workload weft beam ratio"
for metric in $(awk '{ print $1 }' "$WORK/weft.txt" | awk '!seen[$0]++'); do
  unit=$(grep -m1 "^$metric " "$WORK/weft.txt" | awk '{ print $3 }')
  w=$(median "$metric" "$WORK/weft.txt")
  b=$(median "$metric" "$WORK/beam.txt")
  case "$unit" in
    ms|us) ratio=$(awk -v w="$w" -v b="$b" 'BEGIN { printf "%.2f", b / w }') ;;
    *) ratio=$(awk -v w="$w" -v b="$b" 'BEGIN { printf "%.2f", w / b }') ;;
  esac
  echo "$metric $w $b $ratio"
done
