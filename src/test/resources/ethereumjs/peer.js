// A real devp2p peer for node-handshake's integration tests: @ethereumjs/devp2p's RLPx with eth/68 and
// a valid mainnet Status, on a loopback address only. It prints one JSON object per line on stdout:
//   {"event":"listening", host, port, id, enode, clientId, forkId}        once, when it accepts connections
//   {"event":"peer:added", id, address, remotePort, eip8Auth, eip8Ack, hello}  RLPx done and Hello both ways
//   {"event":"status:sent", id, status}                                     our Status, as sent
//   {"event":"status", id, status}                                          their Status, accepted by ethereumjs
//   {"event":"message", id, code}                                           any later eth message
//   {"event":"peer:removed", id, reason, reasonName, disconnectWe}          a disconnect (either side)
//   {"event":"peer:error", id, error}                                       what ethereumjs refused, and why
//   {"event":"dial", enode} / {"event":"dial:error", enode, error}          with --dial
//
// Usage: node peer.js --host 127.0.0.x --port N --key <64 hex> [--dial enode://...] [--hardfork bpo2]
//                     [--client-id text] [--max-peers N]
// Stops on SIGTERM or when stdin closes (so that a killed JVM does not leave it running).

import { Common, Mainnet } from '@ethereumjs/common'
import { DISCONNECT_REASON, DisconnectReasonNames, ETH, RLPx } from '@ethereumjs/devp2p'
import { bytesToHex, bytesToInt, bytesToUnprefixedHex, hexToBytes, utf8ToBytes } from '@ethereumjs/util'

const MAINNET_GENESIS = 'd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3'
// mainnet's genesis difficulty, the total difficulty of a node that holds only the genesis block
const GENESIS_TD = 17179869184n

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

function hex(bytes) {
  return bytes instanceof Uint8Array ? bytesToUnprefixedHex(bytes) : null
}

function statusJson(status) {
  // as ETH.sendStatus builds it, and as _handleStatus reports the peer's
  return {
    td: status.td === undefined ? null : (status.td.length === 0 ? '0' : BigInt(bytesToHex(status.td)).toString()),
    bestHash: hex(status.bestHash),
    genesisHash: hex(status.genesisHash),
    networkId: status.chainId === undefined ? null : (status.chainId.length === 0 ? 0 : bytesToInt(status.chainId)),
    forkId: status.forkId === undefined ? null : {
      hash: hex(status.forkId[0]),
      next: status.forkId[1].length === 0 ? 0 : Number(BigInt(bytesToHex(status.forkId[1]))),
    },
  }
}

function loopbackOnly(host) {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) {
    throw new Error(`only 127.0.0.0/8 is allowed, not ${host}`)
  }
}

const options = parseArgs(process.argv.slice(2))
const host = options.host ?? '127.0.0.1'
const port = Number(options.port ?? 30303)
loopbackOnly(host)
if (!/^[0-9a-f]{64}$/.test(options.key ?? '')) {
  throw new Error('--key: 64 hex characters (a secp256k1 private key)')
}
const privateKey = hexToBytes('0x' + options.key)
const common = new Common({ chain: Mainnet, hardfork: options.hardfork ?? 'bpo2' })
const forkHash = common.forkHash(common.hardfork())
const nextFork = common.nextHardforkBlockOrTimestamp(common.hardfork())

const rlpx = new RLPx(privateKey, {
  capabilities: [ETH.eth68],
  common,
  listenPort: port,
  maxPeers: Number(options['max-peers'] ?? 10),
  ...(options['client-id'] ? { clientId: utf8ToBytes(options['client-id']) } : {}),
})

rlpx.events.on('error', (err) => print('error', { error: String(err) }))

rlpx.events.on('peer:added', (peer) => {
  const id = hex(peer.getId())
  const hello = peer.getHelloMessage()
  const socket = peer['_socket']
  print('peer:added', {
    id,
    address: socket.remoteAddress,
    remotePort: socket.remotePort,
    eip8Auth: peer['_eciesSession']['_gotEIP8Auth'] === true,
    eip8Ack: peer['_eciesSession']['_gotEIP8Ack'] === true,
    hello: {
      protocolVersion: hello.protocolVersion,
      clientId: hello.clientId,
      capabilities: hello.capabilities,
      port: hello.port,
      id: hex(hello.id),
    },
  })
  const eth = peer.getProtocols().find((p) => p instanceof ETH)
  if (eth === undefined) {
    return
  }
  eth.events.on('status', (status) => print('status', { id, status: statusJson(status) }))
  // ETH also emits 'message' for the Status it just reported: only later messages are printed
  eth.events.on('message', (code) => code !== 0 && print('message', { id, code }))
  const genesis = hexToBytes('0x' + MAINNET_GENESIS)
  const status = { td: hexToBytes('0x' + GENESIS_TD.toString(16).padStart(10, '0')), bestHash: genesis, genesisHash: genesis }
  try {
    eth.sendStatus(status)
    const sent = eth['_status']
    print('status:sent', {
      id,
      status: statusJson({ chainId: sent[1], td: sent[2], bestHash: sent[3], genesisHash: sent[4], forkId: sent[5] }),
    })
  } catch (err) {
    // _handleStatus runs inside sendStatus when their Status came first: a refusal lands here
    print('peer:error', { id, error: String(err?.message ?? err) })
    peer.disconnect(DISCONNECT_REASON.SUBPROTOCOL_ERROR)
  }
})

rlpx.events.on('peer:removed', (peer, reason, disconnectWe) => {
  print('peer:removed', {
    id: hex(peer.getId()),
    reason: reason ?? null,
    reasonName: reason === undefined ? null : (DisconnectReasonNames[reason] ?? null),
    disconnectWe: disconnectWe === true,
  })
})

rlpx.events.on('peer:error', (peer, err) => {
  print('peer:error', { id: hex(peer.getId()), error: String(err?.message ?? err) })
})

rlpx.events.on('listening', () => {
  const id = bytesToUnprefixedHex(rlpx.id)
  print('listening', {
    host,
    port,
    id,
    enode: `enode://${id}@${host}:${port}`,
    clientId: new TextDecoder().decode(rlpx.clientId),
    forkId: { hash: forkHash.replace(/^0x/, ''), next: nextFork === null ? 0 : Number(nextFork) },
    hardfork: common.hardfork(),
  })
  if (options.dial) {
    const m = /^enode:\/\/([0-9a-f]{128})@(127\.\d{1,3}\.\d{1,3}\.\d{1,3}):(\d{1,5})$/.exec(options.dial)
    if (m === null) {
      print('dial:error', { enode: options.dial, error: 'not enode://<128 hex>@127.x.x.x:port' })
      return
    }
    print('dial', { enode: options.dial })
    rlpx.connect({ id: hexToBytes('0x' + m[1]), address: m[2], tcpPort: Number(m[3]) })
      .catch((err) => print('dial:error', { enode: options.dial, error: String(err?.message ?? err) }))
  }
})

function stop() {
  try {
    rlpx.destroy()
  } catch {
    // already destroyed
  }
  setTimeout(() => process.exit(0), 100)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
process.stdin.on('end', stop)
process.stdin.on('error', stop)
process.stdin.resume()

rlpx.listen(port, host)
