package org.nodehandshake.ethereum;

import java.io.DataInputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A scripted RLPx peer for tests outside this package (the hostile suites): its own keys, auth or ack
 * by hand, then frames of any content, compressed or not, and reading what our side sends.
 */
public final class RlpxWire {

    public static final int HELLO = RlpxMessage.HELLO;
    public static final int DISCONNECT = RlpxMessage.DISCONNECT;
    public static final int PING = RlpxMessage.PING;
    public static final int PONG = RlpxMessage.PONG;
    public static final int STATUS = RlpxMessage.STATUS;

    private final NodeKey key = NodeKey.random();
    private final BigInteger ephemeral = EthCrypto.newPrivateKey();
    private final byte[] nonce = RlpxHandshake.newNonce();
    private RlpxFrameCipher cipher;
    private byte[] auth;
    /** Data of later frames Snappy-compressed (after both Hellos said 5). */
    public boolean compress;

    public String nodeIdHex() {
        return key.nodeIdHex();
    }

    /** As initiator: our auth to the node with this id (128 hex digits). */
    public byte[] auth(String recipientNodeId) {
        auth = RlpxHandshake.sealAuth(key.privateKey(), NodeKey.parseNodeId(recipientNodeId).orElseThrow(), ephemeral, nonce);
        return auth.clone();
    }

    /** As initiator: reads the ack from {@code in} (EIP-8) and derives the frame keys. */
    public void readAck(InputStream in) throws Exception {
        DataInputStream data = new DataInputStream(in);
        int size = data.readUnsignedShort();
        byte[] ack = new byte[2 + size];
        ack[0] = (byte) (size >>> 8);
        ack[1] = (byte) size;
        data.readFully(ack, 2, size);
        RlpxHandshake.Ack opened = RlpxHandshake.openAck(key.privateKey(), ack, true);
        cipher = new RlpxFrameCipher(RlpxSecrets.derive(true, ephemeral, opened.recipientEphemeral(), nonce, opened.nonce(),
                auth, ack));
    }

    /** As recipient: reads the auth from {@code in} (EIP-8) and returns our ack; the frame keys are derived. */
    public byte[] readAuthAndAck(InputStream in) throws Exception {
        DataInputStream data = new DataInputStream(in);
        int size = data.readUnsignedShort();
        byte[] theirs = new byte[2 + size];
        theirs[0] = (byte) (size >>> 8);
        theirs[1] = (byte) size;
        data.readFully(theirs, 2, size);
        RlpxHandshake.Auth opened = RlpxHandshake.openAuth(key.privateKey(), theirs, true);
        byte[] ack = RlpxHandshake.sealAck(opened.initiatorKey(), ephemeral, nonce, true);
        cipher = new RlpxFrameCipher(RlpxSecrets.derive(false, ephemeral, opened.initiatorEphemeral(), opened.nonce(), nonce,
                theirs, ack));
        return ack;
    }

    /** One frame: rlp(code) || data (compressed when {@link #compress} is on and this is not a Hello). */
    public byte[] frame(int code, byte[] data) {
        byte[] id = Rlp.encode(Rlp.number(code));
        byte[] body = compress && code != HELLO ? Snappy.compress(data) : data;
        byte[] payload = Arrays.copyOf(id, id.length + body.length);
        System.arraycopy(body, 0, payload, id.length, body.length);
        return cipher.seal(payload);
    }

    /** A frame carrying exactly {@code payload}. */
    public byte[] rawFrame(byte[] payload) {
        return cipher.seal(payload);
    }

    /** Our Hello: p2p 5, eth/68, our node id. */
    public byte[] hello() {
        return hello(List.of(new Hello.Capability("eth", 68)));
    }

    public byte[] hello(List<Hello.Capability> caps) {
        return frame(HELLO, new Hello(5, "Hostile/v0.0.1", caps, 0, EthCrypto.encode64(key.publicKey())).encode());
    }

    /** An eth/68 Status for {@code network} at the current fork (0x07c9462e on mainnet). */
    public byte[] status68(EthereumNetwork network) {
        ForkId now = network.forks().id(Long.MAX_VALUE, Long.MAX_VALUE);
        return frame(STATUS, new EthStatus(68, network.networkId(), network.genesisHash(), now, network.genesisHash(),
                Optional.of(network.genesisDifficulty()), OptionalLong.empty(), OptionalLong.empty()).encode());
    }

    /** The id of the next frame our side sent, read from {@code in} (its body is skipped). */
    public int readFrameCode(InputStream in) throws Exception {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[32];
        data.readFully(header);
        int size = cipher.openHeader(header);
        int padded = RlpxFrameCipher.padded(size);
        byte[] body = new byte[padded];
        byte[] mac = new byte[16];
        data.readFully(body);
        data.readFully(mac);
        byte[] payload = cipher.openBody(body, mac, size);
        return (int) Rlp.decodePrefix(payload, 1).item().number("id");
    }

    /** The public key for a node id, for tests that build targets. */
    public static ECPoint key(String nodeIdHex) {
        return NodeKey.parseNodeId(nodeIdHex).orElseThrow();
    }

}
