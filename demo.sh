#!/usr/bin/env bash
# Builds Quiesce and runs the demo: a busy plugin unloaded safely. Pass --no-build to skip the build.
set -euo pipefail
cd "$(dirname "$0")"
if [ "${1:-}" != "--no-build" ]; then
  mvn -B -q -ntp package -DskipTests
fi
exec java -javaagent:agent/target/quiesce-agent.jar -jar sample-app/target/quiesce-sample-app.jar \
  sample-plugin/target/quiesce-sample-plugin.jar
