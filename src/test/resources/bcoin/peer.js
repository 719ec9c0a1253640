// A real Bitcoin node for node-handshake's integration tests: bcoin 1.0.2 (an independent JavaScript
// implementation) as a regtest FullNode with an in-memory chain, on a loopback address only.
// Its own log (level debug) goes to stdout, and so do these lines of ours, one per event:
//   PEER-JS listening <host>:<port>                        once, when its pool accepts connections
//   PEER-JS peer open <host>:<port> version=N services=N agent=A   a peer fully connected (pool 'peer open')
//   PEER-JS peer close <host>:<port>                       a peer gone (pool 'peer close')
//   PEER-JS refused <where>                                a connection this script refused to make
//
// Usage: NODE_BACKEND=js node peer.js --host 127.0.0.x --port N --http-port N [--only HOST:PORT] [--prefix DIR]
// --only: its one automatic outbound peer (bcoin's `only`), which it dials and redials; without it, it
// dials nobody. Stops on SIGTERM or when stdin closes (so that a killed JVM does not leave it running).
'use strict'

const fs = require('fs')
const net = require('net')
const path = require('path')

// bcoin's chain database loads the native leveldown at start even with a memory database, and its addon
// does not build on Node 20 (npm install --ignore-scripts leaves it unbuilt): a stub that is never called.
// Written here, before bcoin is required, because `npm ci` restores the original; idempotent.
const LEVELDOWN_STUB = "'use strict'\n" +
  '// Written by node-handshake\'s test peer (src/test/resources/bcoin/peer.js): bcoin runs with db memory.\n' +
  "module.exports = function LevelDOWN () { throw new Error('leveldown is a stub here: use an in-memory database') }\n"
const leveldown = require.resolve('leveldown', { paths: [path.dirname(require.resolve('bdb'))] })
if (!fs.existsSync(leveldown) || fs.readFileSync(leveldown, 'utf8') !== LEVELDOWN_STUB) {
  fs.writeFileSync(leveldown, LEVELDOWN_STUB)
}

function parseArgs (argv) {
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

function print (line) {
  process.stdout.write(`PEER-JS ${line}\n`)
}

function isLoopback (host) {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

function loopbackOnly (host) {
  if (!isLoopback(host)) {
    throw new Error(`only 127.0.0.0/8 is allowed, not ${host}`)
  }
  return host
}

// Nothing this node dials may leave 127.0.0.0/8, whatever bcoin decides to do.
const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (...args) {
  let first = args[0]
  if (Array.isArray(first)) {
    first = first[0] // net.connect's normalized [options, callback]
  }
  const host = first !== null && typeof first === 'object' ? first.host : args[1]
  if (first !== null && typeof first === 'object' && first.path !== undefined) {
    return connect.apply(this, args)
  }
  if (!isLoopback(host === undefined ? '127.0.0.1' : String(host))) {
    print(`refused ${host}`)
    throw new Error(`peer.js: no connection outside 127.0.0.0/8 (${host})`)
  }
  return connect.apply(this, args)
}

const options = parseArgs(process.argv.slice(2))
const host = loopbackOnly(options.host)
const port = Number(options.port)
const only = options.only === undefined ? [] : [options.only]
only.forEach(o => loopbackOnly(o.slice(0, o.lastIndexOf(':'))))

const bcoin = require('bcoin')

const node = new bcoin.FullNode({
  network: 'regtest',
  memory: true,
  prefix: options.prefix,
  listen: true,
  host,
  port,
  publicHost: host,
  publicPort: port,
  httpHost: host,
  httpPort: Number(options['http-port']),
  only,
  seeds: [],
  upnp: false,
  workers: false,
  logLevel: 'debug',
  logConsole: true,
  logFile: false
})

// Its pool would ask OpenDNS for our public address (discoverExternal) and redo its DNS seeds: not here.
node.pool.discoverExternal = async () => {}
node.pool.discoverGateway = async () => false
node.pool.discoverSeeds = async () => {}

function peerName (peer) {
  return peer.hostname()
}

node.pool.on('peer open', peer => {
  print(`peer open ${peerName(peer)} version=${peer.version} services=${peer.services} agent=${peer.agent}`)
})
node.pool.on('peer close', peer => print(`peer close ${peerName(peer)}`))
node.on('error', err => process.stdout.write(`[peer.js] error: ${err && err.stack ? err.stack : err}\n`))

let stopping = false
async function stop () {
  if (stopping) {
    return
  }
  stopping = true
  try {
    await node.close()
  } finally {
    process.exit(0)
  }
}
process.on('SIGTERM', stop)
process.stdin.on('end', stop)
process.stdin.resume()

;(async () => {
  await node.ensure()
  await node.open()
  await node.connect()
  print(`listening ${host}:${port}`)
  node.startSync()
})().catch(err => {
  process.stdout.write(`[peer.js] failed to start: ${err && err.stack ? err.stack : err}\n`)
  process.exit(1)
})
