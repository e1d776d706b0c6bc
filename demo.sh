#!/usr/bin/env bash
# The Quiesce demo: a hot-redeploy dev server that never drops a request.
#
#   bash demo.sh            build, put the sample plugins in ./plugins, run the server on 127.0.0.1:${PORT:-8080}
#   bash demo.sh --tour     build, then take the tour unattended: requests, redeploys under a slow request, a corrupt
#                           jar, a leaking plugin, /quiesce, an operator's unload with the CLI, SIGTERM. Exits 0 only
#                           if every step did what it should.
#   --no-build              skip the build (either mode)
set -euo pipefail
cd "$(dirname "$0")"

build=true
tour=false
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    --tour) tour=true ;;
    *) echo "unknown argument '$arg'; use: bash demo.sh [--no-build] [--tour]" >&2; exit 2 ;;
  esac
done

AGENT=agent/target/quiesce-agent.jar
SERVER=sample-app/target/quiesce-sample-app.jar
PLUGIN_JARS=(sample-plugins/hello/target/hello.jar sample-plugins/slow/target/slow.jar
             sample-plugins/leaky/target/leaky.jar)

if $build; then
  mvn -B -q -ntp package -DskipTests
fi
for jar in "$AGENT" "$SERVER" "${PLUGIN_JARS[@]}"; do
  [ -f "$jar" ] || { echo "$jar is missing: build first (bash demo.sh, or mvn -B package -DskipTests)" >&2; exit 2; }
done

if ! $tour; then
  port=${PORT:-8080}
  rm -rf plugins && mkdir plugins && cp "${PLUGIN_JARS[@]}" plugins/
  cat <<EOF
Serving ./plugins on http://127.0.0.1:$port/ ; Ctrl-C stops the server gracefully. In another terminal, try:

  curl 'http://127.0.0.1:$port/hello/?name=you'
  curl 'http://127.0.0.1:$port/slow/?ms=5000' & cp ${PLUGIN_JARS[1]} plugins/
  mkdir -p /tmp/hello && echo Bonjour > /tmp/hello/greeting.txt && jar uf plugins/hello.jar -C /tmp/hello greeting.txt
  echo 'not a jar' > plugins/broken.jar
  cp ${PLUGIN_JARS[2]} plugins/
  curl http://127.0.0.1:$port/quiesce      (or open it in a browser)
  java -jar $AGENT unload <server pid> slow#2

EOF
  exec java -javaagent:"$AGENT" -jar "$SERVER" --plugins plugins --port "$port"
fi

# ---- the tour, unattended ------------------------------------------------------------------------------------------
work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid"; fi
  rm -rf "$work"
}
trap cleanup EXIT
dir=$work/plugins
log=$work/server.log
mkdir "$dir" && cp "${PLUGIN_JARS[@]}" "$dir/"
failures=0

say() { printf '\n== %s\n' "$*"; }
check() { # $1: what, $2: expected text, $3: actual text
  if [[ "$3" == *"$2"* ]]; then echo "   ok: $1"; else echo "   FAILED: $1: expected '$2' in: $3"; failures=$((failures + 1)); fi
}
await_log() { # $1: text; waits at most 20 s for a server log line containing it
  local i
  for i in $(seq 1 200); do grep -qF -- "$1" "$log" && return 0; sleep 0.1; done
  echo "   FAILED: no server log line with '$1' after 20 s"; failures=$((failures + 1))
}
http_get() { # $1: path; prints the response body (bash's /dev/tcp: no curl needed)
  local fd
  exec {fd}<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$1" >&"$fd"
  timeout 30 cat <&"$fd" | tr -d '\r' | sed '1,/^$/d'
  exec {fd}>&-
}
replace() { # $1: jar to put into the plugins directory as $2, atomically
  cp "$1" "$dir/.$2.tmp" && mv "$dir/.$2.tmp" "$dir/$2"
}

say "starting: java -Xmx128m -javaagent:$AGENT -jar $SERVER --plugins <tmp>/plugins --port 0"
java -Xmx128m -javaagent:"$AGENT" -jar "$SERVER" --plugins "$dir" --port 0 >"$log" 2>&1 &
server_pid=$!
await_log "listening on http://127.0.0.1:"
port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log")
[ -n "$port" ] || { cat "$log"; echo "the server did not start"; exit 1; }

say "GET /hello/?name=tour"
answer=$(http_get "/hello/?name=tour") || true; echo "$answer"
check "hello answers" "Hello, tour!" "$answer"

say "GET /slow/?ms=2000 in the background, then replace slow.jar and hello.jar (greeting: Bonjour) while it runs"
http_get "/slow/?ms=2000" >"$work/slow.out" &
slow_pid=$!
# wait until /quiesce shows it in flight:
for i in $(seq 1 100); do http_get /quiesce | tr -d ' \n' | grep -q '"module":"slow","role":"serving","state":"ACTIVE","inFlight":1' && break; sleep 0.05; done
replace "${PLUGIN_JARS[1]}" slow.jar
mkdir "$work/hello" && cp "${PLUGIN_JARS[0]}" "$work/hello/hello.jar"
(cd "$work/hello" && echo Bonjour >greeting.txt && jar uf hello.jar greeting.txt)
replace "$work/hello/hello.jar" hello.jar
await_log "COLLECTED: module 'hello' unloaded"
answer=$(http_get "/hello/?name=tour") || true; echo "$answer"
check "hello#2 answers with the new greeting" "Bonjour, tour!" "$answer"
wait "$slow_pid"
answer=$(cat "$work/slow.out"); echo "$answer"
check "the slow request in flight completed on the old generation" "slow answered after 2000 ms" "$answer"
await_log "COLLECTED: module 'slow' unloaded: drained 1 call(s)"

say "a corrupt jar: broken.jar, and hello.jar overwritten with garbage"
echo "not a jar" >"$work/garbage"
replace "$work/garbage" broken.jar
replace "$work/garbage" hello.jar
await_log "hello.jar not deployed"
answer=$(http_get "/hello/?name=tour") || true; echo "$answer"
check "hello#2 keeps serving" "Bonjour, tour!" "$answer"

say "replace leaky.jar: the agent deregisters the JDBC driver it left behind, then its old generation is collected"
replace "${PLUGIN_JARS[2]}" leaky.jar
await_log "COLLECTED: module 'leaky' unloaded"
await_log "leak fix(es) applied: deregistered JDBC driver dev.quiesce.plugins.leaky.LeakyDriver"

say "GET /quiesce"
status=$(http_get /quiesce) || true; echo "$status"
check "/quiesce shows the unload reports" '"outcome": "COLLECTED"' "$status"

say "an operator unloads slow#2 with the CLI: the server reloads slow.jar as slow#3"
cli=$(java -jar "$AGENT" unload "$server_pid" 'slow#2' 2>&1) || true; echo "$cli"
check "the CLI unloaded slow#2" "COLLECTED: module 'slow#2' unloaded" "$cli"
await_log "[operator] slow#2 was unloaded by an operator; /slow/ is served by slow#3, reloaded from slow.jar"
answer=$(http_get "/slow/?ms=0") || true; echo "$answer"
check "slow#3 answers" "slow#3 answered after 0 ms" "$answer"

say "SIGTERM: drain every module, then exit"
kill -TERM "$server_pid"
for i in $(seq 1 300); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$server_pid" 2>/dev/null; then echo "   FAILED: the server did not stop 30 s after SIGTERM"; failures=$((failures + 1)); fi
wait "$server_pid" || true
check "graceful shutdown" "stopped: every generation drained and unloaded" "$(tail -1 "$log")"

say "the server's log"
cat "$log"

say "$([ "$failures" -eq 0 ] && echo "tour passed" || echo "tour FAILED: $failures check(s)")"
[ "$failures" -eq 0 ]
