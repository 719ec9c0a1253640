#!/usr/bin/env bash
# node-handshake benchmark: starts its own peers on loopback, runs the five measurements of BENCHMARKS.md,
# prints a table and writes bench/results.json.
#
#   ./mvnw -B package && bench/run.sh          # the real run (a few minutes on 2 cores)
#   BENCH_SMOKE=1 bench/run.sh                 # smoke-sized: checks that the benchmark works (< 90 s);
#                                              # writes bench/target/results-smoke.json, not results.json
#
# Needs: java 17 (javac), gcc, litecoind, litecoin-cli, dnsmasq. Traffic stays on 127.0.2.0/24 and
# 127.0.3.0/24 (the tests use 127.0.0.x and 127.0.1.x).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JAR=$ROOT/target/node-handshake.jar
WORK=$ROOT/bench/target
SMOKE=${BENCH_SMOKE:-0}

# ---- sizes ------------------------------------------------------------------------------------------
if [ "$SMOKE" = 1 ]; then
  LAT_WARMUP=300 LAT_ROUNDS=1 LAT_PER_ROUND=100
  SWEEP_TIMEOUT=1000 SWEEP_RUNS=1
  RESP_SECONDS=1
  INFLIGHT=1000 INFLIGHT_TIMEOUT=4000
  STARTUP_RUNS=1
  RESULTS=$WORK/results-smoke.json
else
  LAT_WARMUP=20000 LAT_ROUNDS=5 LAT_PER_ROUND=400
  SWEEP_TIMEOUT=2000 SWEEP_RUNS=3
  RESP_SECONDS=10
  INFLIGHT=10000 INFLIGHT_TIMEOUT=10000
  STARTUP_RUNS=5
  RESULTS=$ROOT/bench/results.json
fi

# ---- addresses (loopback only) -------------------------------------------------------------------------
LTC_IP=127.0.2.1          # litecoind -regtest (P2P 19444, RPC 19443), also bound on the sweep's 50 live addresses
DNS_IP=127.0.2.2          # dnsmasq
DNS_PORT=15353
RESP_IP=127.0.2.3         # our responder (the jar with --listen)
RESP_PORT=19555
P2P_PORT=19444
RPC_PORT=19443
SWEEP_LIVE=$(for i in $(seq 10 59); do echo 127.0.2.$i; done)      # litecoind
SWEEP_SILENT=$(for i in $(seq 60 109); do echo 127.0.2.$i; done)   # accept, never speak
INFLIGHT_LISTENERS=$(for i in $(seq 1 10); do echo 127.0.3.$i:18444; done)

# ---- prerequisites -------------------------------------------------------------------------------------
die() { echo "bench: $*" >&2; exit 1; }
[ -f "$JAR" ] || die "no $JAR: run ./mvnw -B package first"
DNSMASQ=$(command -v dnsmasq || echo /usr/sbin/dnsmasq)
for tool in java javac gcc litecoind litecoin-cli "$DNSMASQ"; do
  command -v "$tool" >/dev/null 2>&1 || die "needs $tool (apt-get install -y litecoind dnsmasq-base gcc)"
done
# 10,000 sockets in one process, as many again in the silent peers' process
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge $((INFLIGHT + 1000)) ] \
  || die "ulimit -n is $(ulimit -n); $((INFLIGHT + 1000)) needed"

rm -rf "$WORK/run" && mkdir -p "$WORK/run" "$WORK/classes"
RUN=$WORK/run
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

echo "bench: building the drivers"
gcc -O2 -Wall -o "$WORK/refclient" "$ROOT/bench/ref/refclient.c"
javac -nowarn -cp "$JAR" -d "$WORK/classes" "$ROOT/bench/src/Bench.java" 2>&1 | grep -v '^Note:' || true
CP=$JAR:$WORK/classes
# In-process drivers log at warn: one INFO line per step of tens of thousands of handshakes is not the handshake.
DRIVER=(java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" Bench)

# ---- peers ---------------------------------------------------------------------------------------------
echo "bench: starting litecoind -regtest, silent peers, dnsmasq, our responder"
LTC_DIR=$RUN/litecoind && mkdir -p "$LTC_DIR"
# =onion: Core otherwise binds its onion-service target on 127.0.0.1, outside the benchmark's addresses
binds=(-bind=$LTC_IP:$P2P_PORT -bind=$LTC_IP:$((P2P_PORT + 1))=onion)
for ip in $SWEEP_LIVE; do binds+=(-bind=$ip:$P2P_PORT); done
# -whitelist: loopback peers are never banned or evicted however fast they connect (see BENCHMARKS.md)
litecoind -regtest -datadir="$LTC_DIR" "${binds[@]}" -rpcbind=$LTC_IP -rpcallowip=127.0.0.0/8 \
  -rpcport=$RPC_PORT -listen=1 -server=1 -connect=0 -dnsseed=0 -discover=0 -listenonion=0 -upnp=0 \
  -printtoconsole=0 -disablewallet=1 -whitelist=127.0.0.0/8 -maxconnections=125 > "$RUN/litecoind.log" 2>&1 &
PIDS+=($!)

silent_args=()
for ip in $SWEEP_SILENT; do silent_args+=($ip:$P2P_PORT); done
for l in $INFLIGHT_LISTENERS; do silent_args+=($l); done
"${DRIVER[@]}" silent "${silent_args[@]}" > "$RUN/silent.log" 2>&1 &
PIDS+=($!)

{ for ip in $SWEEP_LIVE $SWEEP_SILENT; do echo "$ip sweep.test"; done; } > "$RUN/hosts"
"$DNSMASQ" --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --addn-hosts="$RUN/hosts" \
  --local=/test/ --listen-address=$DNS_IP --bind-interfaces --port=$DNS_PORT --pid-file= \
  --user="$(id -un)" --log-facility="$RUN/dnsmasq.log" > "$RUN/dnsmasq.out" 2>&1 &
PIDS+=($!)

mkdir -p "$RUN/responder"
# --max-per-ip: the driving initiator connects from one source address, 512 at a time (see BENCHMARKS.md)
LOG_LEVEL=warn java -jar "$JAR" --listen $RESP_IP:$RESP_PORT --network litecoin-regtest \
  --max-per-ip 1000 --max-connections 1000 --report-dir "$RUN/responder" > "$RUN/responder.log" 2>&1 &
RESP_PID=$!
PIDS+=($RESP_PID)

for _ in $(seq 150); do
  litecoin-cli -regtest -datadir="$LTC_DIR" -rpcconnect=$LTC_IP -rpcport=$RPC_PORT getblockcount >/dev/null 2>&1 && break
  sleep 0.2
done
litecoin-cli -regtest -datadir="$LTC_DIR" -rpcconnect=$LTC_IP -rpcport=$RPC_PORT getblockcount >/dev/null \
  || die "litecoind did not start: $(tail -5 "$RUN/litecoind.log")"
for _ in $(seq 100); do grep -q ready "$RUN/silent.log" && break; sleep 0.1; done
grep -q ready "$RUN/silent.log" || die "silent peers did not start: $(cat "$RUN/silent.log")"
for _ in $(seq 100); do
  (exec 3<>/dev/tcp/$RESP_IP/$RESP_PORT) 2>/dev/null && break
  sleep 0.1
done

# ---- the machine ---------------------------------------------------------------------------------------
python3 - "$RUN/machine.json" <<EOF
import json, platform, subprocess, sys
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.strip().splitlines()
ltc = subprocess.run(["litecoind", "-version"], capture_output=True, text=True).stdout.splitlines()[0]
json.dump({"nproc": int(subprocess.run(["nproc"], capture_output=True, text=True).stdout),
           "cpu": cpu, "memMb": int(open("/proc/meminfo").readline().split()[1]) // 1024,
           "loadAverageAtStart": open("/proc/loadavg").read().split()[:3],
           "kernel": platform.release(), "jdk": " | ".join(java), "litecoind": ltc,
           "date": subprocess.run(["date", "-u", "+%Y-%m-%dT%H:%M:%SZ"], capture_output=True, text=True).stdout.strip()},
          open(sys.argv[1], "w"), indent=2)
EOF

read -r LOAD1 _ < /proc/loadavg
if awk -v l="$LOAD1" 'BEGIN { exit !(l > 0.7) }'; then
  echo "bench: WARNING: load average $LOAD1 before the run: other processes share these cores; figures will be worse" >&2
fi

# ---- measurements --------------------------------------------------------------------------------------
echo "bench: 1/5 latency: our initiator vs the C reference client, against litecoind"
"${DRIVER[@]}" latency "$RUN/latency.json" $LTC_IP $P2P_PORT "$WORK/refclient" $LAT_WARMUP $LAT_ROUNDS $LAT_PER_ROUND

echo "bench: 2/5 sweep: one-shot jar over sweep.test (100 addresses, 50 silent), timeout $SWEEP_TIMEOUT ms"
# The documented one-shot command (README: class-data sharing archive, C1 only), and plain java -jar beside it.
JSA=$ROOT/target/node-handshake.jsa
FAST=()
[ -f "$JSA" ] && FAST=(-XX:SharedArchiveFile="$JSA" -XX:TieredStopAtLevel=1)
"${DRIVER[@]}" sweep "$RUN/sweep.json" "$JAR" $DNS_IP:$DNS_PORT sweep.test $P2P_PORT $SWEEP_TIMEOUT $SWEEP_RUNS 100 "${FAST[@]}"
if [ ${#FAST[@]} -gt 0 ]; then
  "${DRIVER[@]}" sweep "$RUN/sweep-plain.json" "$JAR" $DNS_IP:$DNS_PORT sweep.test $P2P_PORT $SWEEP_TIMEOUT $SWEEP_RUNS 100
fi

echo "bench: 3/5 responder throughput at concurrency 1, 64, 512"
"${DRIVER[@]}" responder "$RUN/responder.json" $RESP_IP $RESP_PORT $RESP_SECONDS 1 64 512

echo "bench: 4/5 $INFLIGHT handshakes in flight against silent peers"
# shellcheck disable=SC2086
"${DRIVER[@]}" inflight "$RUN/inflight.json" $INFLIGHT $INFLIGHT_TIMEOUT $INFLIGHT_LISTENERS

echo "bench: 5/5 start-up: java -jar, one handshake with litecoind"
# The documented one-shot command (README) uses the class-data sharing archive built by ./mvnw package and
# C1 only; plain java -jar and the archive alone are measured beside it.
"${DRIVER[@]}" startup "$RUN/startup-plain.json" "$JAR" $LTC_IP $P2P_PORT $STARTUP_RUNS
if [ -f "$JSA" ]; then
  "${DRIVER[@]}" startup "$RUN/startup-cds.json" "$JAR" $LTC_IP $P2P_PORT $STARTUP_RUNS -XX:SharedArchiveFile="$JSA"
  "${DRIVER[@]}" startup "$RUN/startup.json" "$JAR" $LTC_IP $P2P_PORT $STARTUP_RUNS \
    -XX:SharedArchiveFile="$JSA" -XX:TieredStopAtLevel=1
else
  echo "bench: no $JSA (built with -DskipCds?): start-up measured without it" >&2
  cp "$RUN/startup-plain.json" "$RUN/startup.json"
fi

python3 - "$RUN/machine.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
m["loadAverageAtEnd"] = open("/proc/loadavg").read().split()[:3]
json.dump(m, open(sys.argv[1], "w"), indent=2)
EOF
"${DRIVER[@]}" assemble "$RESULTS" "$RUN" "$([ "$SMOKE" = 1 ] && echo true || echo false)"
