#!/usr/bin/env bash
# Runs the benchmarks on the JDK of JAVA_HOME (or the java on PATH) and writes
# benchmarks/results/jdk<N>/results.md, with the CPU it ran on. Not for CI: about 12 minutes on JDK 17, 16 on
# JDK 25 (virtual threads too), estimated from the iteration counts; --quick runs one short fork per benchmark.
# Usage: bash benchmarks/run.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
if [ ! -f benchmarks/target/benchmarks.jar ] || [ ! -f agent/target/quiesce-agent.jar ]; then
  mvn -B -q package -DskipTests
fi
feature=$("$java_bin" -XshowSettings:properties -version 2>&1 | awk '/ java.specification.version =/ {print $3}')
out=benchmarks/results/jdk$feature
mkdir -p "$out"
agent=$PWD/agent/target/quiesce-agent.jar
plugins=$PWD/test-plugins/target/quiesce-test-plugins.jar
gson=$PWD/benchmarks/target/real-libraries/gson.jar
lscpu | awk -F: '/^Model name/ {gsub(/^ +/, "", $2); print $2}' > "$out/cpu.txt"
opts=()
if [ "${1:-}" = "--quick" ]; then
  opts=(-f 1 -wi 2 -i 3 -w 500ms -r 500ms)
fi
jmh() { "$java_bin" -jar benchmarks/target/benchmarks.jar "$@" "${opts[@]}"; }

for threads in 1 2; do
  jmh GuardBenchmark -t "$threads" -jvmArgsAppend "-javaagent:$agent -Dquiesce.plugins=$plugins" \
    -rf csv -rff "$out/guards-${threads}t.csv"
  if [ "$feature" -ge 21 ]; then
    jmh ThreadPerRequestBenchmark -t "$threads" \
      -jvmArgsAppend "-javaagent:$agent -Dquiesce.plugins=$plugins -Djmh.executor=VIRTUAL" \
      -rf csv -rff "$out/thread-per-request-${threads}t.csv"
    jmh 'GuardBenchmark.g[1-4]_' -t "$threads" \
      -jvmArgsAppend "-javaagent:$agent -Dquiesce.plugins=$plugins -Djmh.executor=VIRTUAL" \
      -rf csv -rff "$out/guards-virtual-${threads}t.csv"
  fi
done
if [ "$feature" -ge 21 ]; then
  "$java_bin" -Xmx1g "-javaagent:$agent" "-Dquiesce.plugins=$plugins" -cp benchmarks/target/benchmarks.jar \
    dev.quiesce.bench.ParkedThreads 100000 > "$out/parked.txt"
fi
jmh RealLibraryBenchmark -jvmArgsAppend "-javaagent:$agent -Dquiesce.gson=$gson" -rf csv -rff "$out/real-library.csv"
jmh 'GuardBenchmark.(g[12]|n2)_' -t 1 -prof gc -jvmArgsAppend "-javaagent:$agent -Dquiesce.plugins=$plugins" \
  -rf csv -rff "$out/guards-gc.csv"
jmh UnloadLatencyBenchmark -jvmArgsAppend "-javaagent:$agent=collect-timeout=0ms -Dquiesce.plugins=$plugins" \
  -rf csv -rff "$out/unload.csv"
jmh UntouchedClassBenchmark -jvmArgsAppend "-javaagent:$agent" -rf csv -rff "$out/untouched-agent.csv"
jmh UntouchedClassBenchmark -rf csv -rff "$out/untouched-none.csv"
"$java_bin" -cp benchmarks/target/benchmarks.jar dev.quiesce.bench.StartupTime "$agent" 20 > "$out/startup.txt"
"$java_bin" -cp benchmarks/target/benchmarks.jar dev.quiesce.bench.ResultsTable "$out" > "$out/results.md"
echo "wrote $out/results.md"
