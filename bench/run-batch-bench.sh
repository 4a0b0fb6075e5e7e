#!/usr/bin/env bash
# Builds the bench module against the installed Silgeom modules (~/.m2) and runs the batch-layer benchmark:
# the keyword-hourly MapReduce job against the analyzer alone on the same archive, and the whole nightly pipeline.
# Usage (from anywhere): bench/run-batch-bench.sh [--limit N] [--days D] [--threads T] [--rounds R] [--data DIR] ...
# Figures (a Markdown table) go to stdout, progress to stderr; see docs/benchmarks.md.
# The installed modules must be current: `mvn install` them first if the sources changed.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Dstyle.color=never ${MVN_OFFLINE:+-o} -Pbench -pl bench package
# The heap region size the ./silgeom launcher sets too (see there): the jobs run in this JVM as they do in the product's.
exec java ${BENCH_JAVA_OPTS:--Xmx6g -XX:G1HeapRegionSize=32m} -Dlogback.configurationFile=bench/target/classes/bench-logback.xml -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
    io.silgeom.bench.BatchLayerBenchmark "$@"
