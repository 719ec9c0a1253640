#!/usr/bin/env bash
# The training run behind the class-data sharing archive (./mvnw package) and JDK 25's ahead-of-time cache
# (README): one check that goes where a user's first checks go, so that the classes it loads are the ones a
# real check needs. Two of our own listeners on loopback stand in for nodes: one serving v2+v1 (the check
# concludes over BIP324's v2 transport) and one serving v1 only (the check's v2 attempt is refused and it
# falls back to v1, as against most nodes today). The check writes its report, page and history as any does.
#
#   training-run.sh JAR DIR JAVA [OPTION...]     OPTIONs go to the check's JVM (e.g. -XX:ArchiveClassesAtExit=F)
#
# Traffic stays on 127.0.0.1. The exit status is the check's: 0, or 1 when the listeners could not start
# (a port in use): the check then meets refused connections and the archive still holds most of what it
# would. The listeners are stopped on every exit.
set -u
jar=$1 dir=$2 java=$3
shift 3
rm -rf "$dir"
mkdir -p "$dir"

# Ports from the process id, so that two builds at once rarely meet; a port in use only makes the run poorer.
base=$((20000 + ($$ % 2000) * 2))
v2_port=$base
v1_port=$((base + 1))
printf 'handshake.metrics.listen =\nhandshake.history.enabled = false\n' > "$dir/listener.properties"
printf 'handshake.seeds = 127.0.0.1:%s@regtest,127.0.0.1:%s@regtest\n' "$v2_port" "$v1_port" > "$dir/check.properties"

pids=()
stop_listeners() {
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null
  wait 2>/dev/null
}
trap stop_listeners EXIT

listen() { # PORT TRANSPORT
  LOG_LEVEL=info "$java" -XX:TieredStopAtLevel=1 -jar "$jar" --listen "127.0.0.1:$1" --network regtest \
    --listen-transport "$2" --config "$dir/listener.properties" --report-dir "$dir/listener-$1" \
    > "$dir/listener-$1.log" 2>&1 &
  pids+=($!)
}
listen "$v2_port" v2+v1
listen "$v1_port" v1

# Until both say they listen (each is a JVM start, about a second), at most 30 s.
for _ in $(seq 300); do
  ready=0
  for port in "$v2_port" "$v1_port"; do
    grep -q "Listening for inbound" "$dir/listener-$port.log" 2>/dev/null && ready=$((ready + 1))
  done
  [ "$ready" -eq 2 ] && break
  sleep 0.1
done

LOG_LEVEL=error "$java" "$@" -jar "$jar" --once --config "$dir/check.properties" --report-dir "$dir/reports"
