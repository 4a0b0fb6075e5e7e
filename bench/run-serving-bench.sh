#!/usr/bin/env bash
# Builds the bench module against the installed Silgeom modules (~/.m2) and runs the serving-layer benchmark:
# the cost of one trend snapshot at 10k, 100k, 1M keywords, and /api/v1/trends under load against a static endpoint.
# Usage (from anywhere): bench/run-serving-bench.sh [--sizes 10000,100000,1000000] [--connections 16] [--seconds 10]
#        [--client auto|wrk|java] [--wrk-threads 1] ...
# The load client is wrk (Debian package wrk) in a separate process; without it the benchmark falls back to an in-JVM
# java.net.http client, whose figures are bounded by the client itself.
# Figures (a Markdown table) go to stdout, progress to stderr; see docs/benchmarks.md.
# The installed modules must be current: `mvn install` them first if the sources changed.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null 2>&1; then
    echo "run-serving-bench: wrk is not installed (sudo apt-get install -y wrk); the load figures will come from the" \
         "in-JVM java.net.http client instead, which bounds them well below the server's own" >&2
fi
mvn -B -q -Dstyle.color=never ${MVN_OFFLINE:+-o} -Pbench -pl bench package
exec java ${BENCH_JAVA_OPTS:--Xmx4g} -Dlogback.configurationFile=bench/target/classes/bench-logback.xml -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
    io.silgeom.bench.ServingBenchmark "$@"
