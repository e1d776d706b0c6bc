#!/usr/bin/env bash
# The long jcstress run of the counting core (hours, not for CI). Build first: mvn -B package -DskipTests
# Results: concurrency-tests/target/jcstress-long/index.html; quote the sample counts in README.md.
set -euo pipefail
cd "$(dirname "$0")/target"
exec java -jar jcstress.jar -m "${1:-tough}" -t 'dev.quiesce' -r jcstress-long
