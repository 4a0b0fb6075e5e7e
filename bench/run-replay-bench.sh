#!/usr/bin/env bash
# Builds the bench module against the installed Silgeom modules (~/.m2) and runs the replay throughput benchmark
# (issue 7, item 5): FileReplay + ArticlePublisher vs a bare kafka-clients producer loop, one local broker.
# Usage (from anywhere): bench/run-replay-bench.sh [--limit N] [--format jsonl|csv] [--data DIR] [--seed S]
# Figures (a Markdown table) go to stdout, progress to stderr; see docs/benchmarks.md.
# The installed modules must be current: `mvn install` them first if the sources changed.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Dstyle.color=never ${MVN_OFFLINE:+-o} -Pbench -pl bench package
exec java ${BENCH_JAVA_OPTS:--Xmx3g} -Dlogback.configurationFile=bench/target/classes/bench-logback.xml -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
    io.silgeom.bench.ReplayBenchmark "$@"
