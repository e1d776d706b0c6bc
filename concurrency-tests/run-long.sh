#!/usr/bin/env bash
# The long jcstress run of the counting core's proofs (about 40 minutes on 2 cores; not for CI), plus one evidence
# twin (WithoutTheEntrantFenceTest) to show what a broken core looks like at this length. Build first:
# mvn -B package -DskipTests. Every JVM mode jcstress finds (interpreter, C1, C2, C2 with its code-motion
# randomisers), one fork each (two under the randomisers), ten one-second iterations per fork.
# Results: concurrency-tests/target/jcstress-long/index.html; README.md quotes their sample counts, and the raw
# tables are kept under concurrency-tests/results/. java.lang is opened as the agent opens it (thread ids on JDK 17).
set -euo pipefail
cd "$(dirname "$0")/target"
exec java -jar jcstress.jar -m default -sc false -f 1 -fsm 2 -iters 10 -hs 256 \
    -jvmArgsPrepend "--add-opens java.base/java.lang=ALL-UNNAMED" \
    -t '^dev\.quiesce\.agent\.runtime\.((?!\w*Without)|WithoutTheEntrantFence)' -r jcstress-long
