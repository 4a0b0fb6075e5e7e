#!/usr/bin/env bash
# Builds the bench module against the installed Silgeom modules (~/.m2) and runs the speed-layer benchmark.
# Usage (from anywhere): bench/run-speed-bench.sh [--limit N] [--rate R] [--paced S] [--data DIR] [--set k=v] ...
# Figures (a Markdown table) go to stdout, progress to stderr; see docs/benchmarks.md.
# The installed modules must be current: `mvn install` them first if the sources changed.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Dstyle.color=never ${MVN_OFFLINE:+-o} -Pbench -pl bench package
# The JVM options of ./silgeom (silgeom.jvm-options), which users run the speed layer with (docs/operations-embedded.md,
# The launcher); BENCH_JAVA_OPTS replaces them.
exec java ${BENCH_JAVA_OPTS:-$(cat silgeom.jvm-options)} -Dlogback.configurationFile=bench/target/classes/bench-logback.xml -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
    io.silgeom.bench.SpeedLayerBenchmark "$@"
