package org.nodehandshake.ethereum;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;
import org.nodehandshake.protocol.ReasonCode;

/**
 * RLPx's key exchange (devp2p rlpx.md, "Initial Handshake"; EIP-8): the initiator's {@code auth} and the
 * recipient's {@code ack}, sealed with {@link Ecies} to the other side's static key.
 * <pre>
 *   auth = auth-size (2, big-endian) || ecies(recipient, rlp([sig, initiator-pubk, initiator-nonce, 4, ...]) || padding, auth-size)
 *   ack  = ack-size  (2, big-endian) || ecies(initiator, rlp([recipient-ephemeral-pubk, recipient-nonce, 4, ...]) || padding, ack-size)
 *   sig  = sign(initiator-ephemeral-key, ecdh(initiator-key, recipient-pubk) ^ initiator-nonce)
 * </pre>
 * We send the EIP-8 forms. We read them tolerantly, as EIP-8 asks: any version, extra list elements, any
 * padding after the list. We also read the old fixed-size forms (an auth of 307 bytes, an ack of 210,
 * shared MAC data empty), which rlpx.md still describes and ethereumjs's responder accepts; a recipient
 * answers an old-form auth with an old-form ack, as go-ethereum did.
 */
public final class RlpxHandshake {

    /** The version we write in auth and ack. */
    public static final int VERSION = 4;
    /** A pre-EIP-8 auth: ecies(sig 65 || keccak(ephemeral pubk) 32 || pubk 64 || nonce 32 || 0), 194 + 113 bytes. */
    public static final int PLAIN_AUTH_SIZE = 194 + Ecies.OVERHEAD;
    /** A pre-EIP-8 ack: ecies(ephemeral pubk 64 || nonce 32 || 0), 97 + 113 bytes. */
    public static final int PLAIN_ACK_SIZE = 97 + Ecies.OVERHEAD;
    /**
     * The largest size prefix accepted (go-ethereum refuses more than 2 KiB too): a real auth is about
     * 430 bytes with its padding, an ack about 500.
     */
    public static final int MAX_PACKET = 2048;

    /** RLP items accepted in an auth or ack body: four fields, and room for a few extensions. */
    private static final int MAX_ITEMS = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RlpxHandshake() {
    }

    /** An auth or ack that cannot be accepted; the code says which rule it broke. */
    public static final class HandshakeException extends Exception {
        private static final long serialVersionUID = 1L;
        private final ReasonCode code;

        HandshakeException(ReasonCode code, String message) {
            super(message);
            this.code = code;
        }

        public ReasonCode code() {
            return code;
        }
    }

    /**
     * An opened auth.
     *
     * @param initiatorKey the initiator's static public key (its node id)
     * @param initiatorEphemeral its ephemeral public key, recovered from the signature
     * @param nonce its 32-byte nonce
     * @param version the version it wrote (4; EIP-8 lets a later one pass)
     * @param eip8 true for the size-prefixed RLP form, false for the old fixed one
     */
    public record Auth(ECPoint initiatorKey, ECPoint initiatorEphemeral, byte[] nonce, long version, boolean eip8) {
    }

    /** An opened ack: the recipient's ephemeral public key and nonce. */
    public record Ack(ECPoint recipientEphemeral, byte[] nonce, long version, boolean eip8) {
    }

    public static byte[] newNonce() {
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** Our EIP-8 auth to {@code recipient}, size prefix included. */
    public static byte[] sealAuth(BigInteger ourKey, ECPoint recipient, BigInteger ephemeral, byte[] nonce) {
        byte[] token = xor(EthCrypto.ecdh(ourKey, recipient), nonce);
        byte[] signature = EthCrypto.sign(token, ephemeral);
        byte[] body = Rlp.encode(Rlp.list(Rlp.bytes(signature), Rlp.bytes(EthCrypto.encode64(EthCrypto.publicKey(ourKey))),
                Rlp.bytes(nonce), Rlp.number(VERSION)));
        return sealEip8(recipient, body);
    }

    /** Our ack to {@code initiator}: EIP-8, or the old form when the auth came in the old form. */
    public static byte[] sealAck(ECPoint initiator, BigInteger ephemeral, byte[] nonce, boolean eip8) {
        byte[] ephemeralKey = EthCrypto.encode64(EthCrypto.publicKey(ephemeral));
        if (!eip8) {
            byte[] plain = new byte[97];
            System.arraycopy(ephemeralKey, 0, plain, 0, 64);
            System.arraycopy(nonce, 0, plain, 64, 32);
            return Ecies.encrypt(initiator, plain, new byte[0]);
        }
        byte[] body = Rlp.encode(Rlp.list(Rlp.bytes(ephemeralKey), Rlp.bytes(nonce), Rlp.number(VERSION)));
        return sealEip8(initiator, body);
    }

    private static byte[] sealEip8(ECPoint recipient, byte[] body) {
        byte[] padded = Arrays.copyOf(body, body.length + 100 + RANDOM.nextInt(100));
        RANDOM.nextBytes(padded); // the padding is random; the body is copied back over it
        System.arraycopy(body, 0, padded, 0, body.length);
        int size = padded.length + Ecies.OVERHEAD;
        byte[] prefix = {(byte) (size >>> 8), (byte) size};
        byte[] sealed = Ecies.encrypt(recipient, padded, prefix);
        byte[] packet = new byte[2 + sealed.length];
        System.arraycopy(prefix, 0, packet, 0, 2);
        System.arraycopy(sealed, 0, packet, 2, sealed.length);
        return packet;
    }

    /**
     * Whether {@code packet} (exactly {@code plainSize} bytes) is an old-form auth or ack sealed for our
     * key: the only way to tell it from an EIP-8 size prefix that happens to start with 0x04.
     */
    public static boolean isPlain(BigInteger ourKey, byte[] packet) {
        return packet.length > 0 && packet[0] == 4 && Ecies.opens(ourKey, packet, new byte[0]);
    }

    /** Opens an auth sealed for {@code ourKey}: an EIP-8 packet (size prefix included), or an old-form one. */
    public static Auth openAuth(BigInteger ourKey, byte[] packet, boolean eip8) throws HandshakeException {
        byte[] plain = open(ourKey, packet, eip8, "auth");
        byte[] signature;
        byte[] initiator;
        byte[] nonce;
        long version;
        if (eip8) {
            List<Rlp.Item> fields = fields(plain, 3, "auth");
            try {
                signature = fields.get(0).bytes("auth signature");
                initiator = fields.get(1).bytes("auth initiator key");
                nonce = fields.get(2).bytes("auth nonce");
                version = fields.size() > 3 ? versionOf(fields.get(3), "auth") : VERSION;
            } catch (MalformedRlpException e) {
                throw new HandshakeException(ReasonCode.MALFORMED_MESSAGE, e.getMessage());
            }
        } else {
            if (plain.length != 194) {
                throw new HandshakeException(ReasonCode.MALFORMED_MESSAGE, "old-form auth of " + plain.length + " bytes (194 expected)");
            }
            signature = Arrays.copyOfRange(plain, 0, 65);
            initiator = Arrays.copyOfRange(plain, 97, 161);
            nonce = Arrays.copyOfRange(plain, 161, 193);
            version = VERSION; // the last byte is the old session-token flag, not a version
        }
        length(signature, 65, "auth signature");
        length(nonce, 32, "auth nonce");
        ECPoint initiatorKey = point(initiator, "auth initiator key");
        byte[] token = xor(EthCrypto.ecdh(ourKey, initiatorKey), nonce);
        ECPoint ephemeral = EthCrypto.recover(token, signature);
        if (ephemeral == null) {
            throw new HandshakeException(ReasonCode.MALFORMED_MESSAGE, "auth signature recovers no key");
        }
        if (!eip8 && !Arrays.equals(EthCrypto.keccak256(EthCrypto.encode64(ephemeral)), Arrays.copyOfRange(plain, 65, 97))) {
            throw new HandshakeException(ReasonCode.MALFORMED_MESSAGE, "old-form auth: ephemeral key hash does not match the signature");
        }
        return new Auth(initiatorKey, ephemeral, nonce, version, eip8);
    }

    /** Opens an ack sealed for {@code ourKey}. */
    public static Ack openAck(BigInteger ourKey, byte[] packet, boolean eip8) throws HandshakeException {
        byte[] plain = open(ourKey, packet, eip8, "ack");
        byte[] ephemeral;
        byte[] nonce;
        long version;
        if (eip8) {
            List<Rlp.Item> fields = fields(plain, 2, "ack");
            try {
                ephemeral = fields.get(0).bytes("ack ephemeral key");
                nonce = fields.get(1).bytes("ack nonce");
                version = fields.size() > 2 ? versionOf(fields.get(2), "ack") : VERSION;
            } catch (MalformedRlpException e) {
                throw new HandshakeException(ReasonCode.MALFORMED_MESSAGE, e.getMessage());
            }
        } else {
            if (plain.length != 97) {
                throw new HandshakeException(ReasonCode.MALFORMED_MESSAGE, "old-form ack of " + plain.length + " bytes (97 expected)");
            }
            ephemeral = Arrays.copyOfRange(plain, 0, 64);
            nonce = Arrays.copyOfRange(plain, 64, 96);
            version = VERSION; // the last byte is the old session-token flag, not a version
        }
        length(nonce, 32, "ack nonce");
        return new Ack(point(ephemeral, "ack ephemeral key"), nonce, version, eip8);
    }

    private static byte[] open(BigInteger ourKey, byte[] packet, boolean eip8, String what) throws HandshakeException {
        try {
            if (!eip8) {
                return Ecies.decrypt(ourKey, packet, new byte[0]);
            }
            if (packet.length < 2 || ((packet[0] & 0xff) << 8 | (packet[1] & 0xff)) != packet.length - 2) {
                throw new HandshakeException(ReasonCode.MALFORMED_FRAME, what + ": size prefix does not match the packet");
            }
            return Ecies.decrypt(ourKey, Arrays.copyOfRange(packet, 2, packet.length), Arrays.copyOf(packet, 2));
        } catch (Ecies.EciesException e) {
            throw new HandshakeException(ReasonCode.BAD_CHECKSUM, what + ": " + e.getMessage());
        }
    }

    /** The body's list, at least {@code required} elements; extra elements and trailing padding are fine. */
    private static List<Rlp.Item> fields(byte[] plain, int required, String what) throws HandshakeException {
        try {
            List<Rlp.Item> fields = Rlp.decodePrefix(plain, MAX_ITEMS).item().list(what);
            if (fields.size() < required) {
                throw new HandshakeException(ReasonCode.MALFORMED_MESSAGE, what + " has " + fields.size() + " fields (at least "
                        + required + " expected)");
            }
            return fields;
        } catch (MalformedRlpException e) {
            throw new HandshakeException(ReasonCode.MALFORMED_MESSAGE, what + ": " + e.getMessage());
        }
    }

    private static long versionOf(Rlp.Item item, String what) throws MalformedRlpException {
        byte[] b = item.bytes(what + " version");
        long v = 0;
        for (int i = Math.max(0, b.length - 8); i < b.length; i++) {
            v = (v << 8) | (b[i] & 0xff); // EIP-8: any version is accepted; only its value is reported
        }
        return v;
    }

    private static void length(byte[] value, int expected, String what) throws HandshakeException {
        if (value.length != expected) {
            throw new HandshakeException(ReasonCode.MALFORMED_MESSAGE, what + " of " + value.length + " bytes (" + expected + " expected)");
        }
    }

    private static ECPoint point(byte[] key, String what) throws HandshakeException {
        length(key, 64, what);
        try {
            return EthCrypto.decodePoint(key);
        } catch (IllegalArgumentException e) {
            throw new HandshakeException(ReasonCode.MALFORMED_MESSAGE, what + " is not a secp256k1 point: "
                    + HexFormat.of().formatHex(key, 0, 8) + "...");
        }
    }

    static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
