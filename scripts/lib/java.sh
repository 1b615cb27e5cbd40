# Sourced by Weft's scripts: finds a JDK 25, the node jar (building it when missing), and the BEAM benchmarks.
# shellcheck shell=bash

WEFT_ROOT=${WEFT_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

# Prints the home of a JDK 25: JAVA_HOME if it is one, else the first installed one.
weft_java_home() {
  local d
  for d in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /opt/*jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -n "$d" ] && [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ] || continue
    if [ -f "$d/release" ] && grep -q '^JAVA_VERSION="25' "$d/release"; then
      echo "$d"
      return 0
    fi
  done
  echo "weft: no JDK 25 found. Install one (for example Temurin 25) and set JAVA_HOME to it;" >&2
  echo "      looked at \$JAVA_HOME (${JAVA_HOME:-unset}) and /usr/lib/jvm, /opt, ~/.sdkman, ~/.jdks." >&2
  return 1
}

# Prints the path of the shaded node jar, building it first if it is missing or older than the sources.
weft_jar() {
  local jar
  jar=$(ls "$WEFT_ROOT"/node/target/weft-node-*-all.jar 2>/dev/null | head -n 1 || true)
  if [ -z "$jar" ] || [ -n "$(find "$WEFT_ROOT/node/src/main" "$WEFT_ROOT/proto/src" "$WEFT_ROOT/node/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]; then
    echo "weft: building the node jar (once; about a minute)..." >&2
    (cd "$WEFT_ROOT" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" JAVA_HOME=$(weft_java_home) mvn -q -B -ntp -pl node -am package -DskipTests >&2) || {
      echo "weft: the build failed (see above)" >&2
      return 1
    }
    jar=$(ls "$WEFT_ROOT"/node/target/weft-node-*-all.jar | head -n 1)
  fi
  echo "$jar"
}

# JVM flags every Weft node runs with (WEFT_JAVA_OPTS adds to them).
weft_jvm_flags() {
  # Each measured with scripts/bench/run:
  #   -XX:+UseParallelGC            throughput collector; G1 was several times slower on skynet
  #   -Djdk.trackAllThreads=false   the JDK keeps no set of all virtual threads (-60 B and a map insert per spawn)
  #   -XX:PerMethodTrapLimit=0 -XX:-ProfileExceptionHandlers
  #                                 the JIT keeps exit paths it never saw taken: without them every process
  #                                 parked in receive deoptimises when killed (300k kills: 4-10 s -> 0.8 s)
  #   -XX:+UseTransparentHugePages  the heap in 2 MB pages (where the kernel allows them, as madvise): a
  #                                 process's stack, mailbox and thread spread over pages, fewer TLB misses
  #                                 (ring of 10,000: 4.9 -> 5.2 M hops/s; spawn 1.9 -> 2.7 M/s; skynet -10%)
  # Not set: -Djdk.virtualThreadScheduler.parallelism=1. One carrier keeps two talking processes on
  # one thread (a wake-up from another carrier costs a futex wake; on the loaded 2-core box pingpong
  # 0.6-1.1 -> 1.5-2.2 M/s, selective junk_ref ~45 -> ~17 ms) but gives up the second core, lets one
  # busy process stall every other, and with a small young generation makes spawn_exit 3x slower:
  # the spawner never yields, so all its unstarted children stay live through GCs (-Xmx1g: 1.5 s of GC).
  echo "--enable-native-access=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC -Djdk.trackAllThreads=false -XX:PerMethodTrapLimit=0 -XX:-ProfileExceptionHandlers -XX:+UseTransparentHugePages ${WEFT_JAVA_OPTS:-}"
}

# Prints the directory of the BEAM reference benchmarks' sources (../shared/bench/beam/src beside the
# repository, or WEFT_BEAM_BENCH/src); the bench harnesses compile them beside their own Erlang modules.
weft_beam_bench_src() {
  local dir=${WEFT_BEAM_BENCH:-$WEFT_ROOT/../shared/bench/beam}
  if [ ! -d "$dir/src" ]; then
    echo "BEAM benchmarks not found in $dir/src (set WEFT_BEAM_BENCH)" >&2
    return 1
  fi
  echo "$dir/src"
}
