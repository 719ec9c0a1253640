package org.nodehandshake.libp2p;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.KeyAgreement;

/**
 * The handshake state of {@code Noise_XX_25519_ChaChaPoly_SHA256} (Noise revision 34, sections 5.3 and 7.5),
 * for either role:
 *
 * <pre>
 *   -> e
 *   <- e, ee, s, es
 *   -> s, se
 * </pre>
 *
 * Each side calls {@link #writeMessage} and {@link #readMessage} in the pattern's order (a call out of turn,
 * or any call after a refused message, is an IllegalStateException), then {@link #split} once. X25519 is the
 * JDK's XDH. Not thread-safe.
 */
public final class NoiseXX {

    public static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";
    public static final int DH_BYTES = 32;
    public static final int MAX_MESSAGE_BYTES = NoiseCipherState.MAX_MESSAGE_BYTES;
    private static final int TAG = NoiseCipherState.TAG_BYTES;
    private static final int MESSAGES = 3;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final boolean initiator;
    private final KeyPair staticKey;
    private final KeyPair ephemeral;
    private final NoiseSymmetricState symmetric;
    private byte[] remoteEphemeral = new byte[0];
    private byte[] remoteStatic = new byte[0];
    private int step; // messages done, 0..3
    private boolean failed;
    private boolean split;

    private NoiseXX(boolean initiator, KeyPair staticKey, KeyPair ephemeral, byte[] prologue) {
        this.initiator = initiator;
        this.staticKey = staticKey;
        this.ephemeral = ephemeral;
        this.symmetric = new NoiseSymmetricState(PROTOCOL_NAME);
        symmetric.mixHash(prologue); // XX has no pre-messages
    }

    public static NoiseXX initiator(KeyPair staticKey, byte[] prologue) {
        return new NoiseXX(true, staticKey, KeyPair.generate(), prologue);
    }

    public static NoiseXX responder(KeyPair staticKey, byte[] prologue) {
        return new NoiseXX(false, staticKey, KeyPair.generate(), prologue);
    }

    /** With a chosen ephemeral key: for test vectors only; a real handshake needs a fresh one. */
    public static NoiseXX initiator(KeyPair staticKey, KeyPair ephemeral, byte[] prologue) {
        return new NoiseXX(true, staticKey, ephemeral, prologue);
    }

    /** With a chosen ephemeral key: for test vectors only; a real handshake needs a fresh one. */
    public static NoiseXX responder(KeyPair staticKey, KeyPair ephemeral, byte[] prologue) {
        return new NoiseXX(false, staticKey, ephemeral, prologue);
    }

    public boolean isInitiator() {
        return initiator;
    }

    /** Whether all three messages have been written or read. */
    public boolean isComplete() {
        return step == MESSAGES;
    }

    /** Whether the next call is {@link #writeMessage} (else {@link #readMessage}, or none when complete). */
    public boolean writesNext() {
        return !isComplete() && (step % 2 == 0) == initiator;
    }

    /** The largest payload the next message can carry within 65535 bytes. */
    public int maxPayloadBytes() {
        return MAX_MESSAGE_BYTES - overhead(step);
    }

    /** Bytes a message adds around its payload: A is e in the clear; B is e, s and two tags; C is s and two tags. */
    private static int overhead(int step) {
        return switch (step) {
            case 0 -> DH_BYTES;
            case 1 -> DH_BYTES + DH_BYTES + TAG + TAG;
            default -> DH_BYTES + TAG + TAG;
        };
    }

    /**
     * The next message, carrying {@code payload}; IllegalArgumentException (state unchanged) when it would not
     * fit 65535 bytes. A NoiseException here is the responder finding, at ee, that the initiator's ephemeral
     * key is invalid.
     */
    public byte[] writeMessage(byte[] payload) throws NoiseException {
        checkTurn(true);
        if (payload.length > maxPayloadBytes()) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes, more than the "
                    + maxPayloadBytes() + " message " + (step + 1) + " can carry");
        }
        try {
            byte[] message = switch (step) {
                case 0 -> concat(writeE(), symmetric.encryptAndHash(payload));
                case 1 -> {
                    byte[] e = writeE();
                    mixDh(ephemeral, remoteEphemeral, NoiseException.Reason.INVALID_EPHEMERAL_KEY); // ee
                    byte[] s = symmetric.encryptAndHash(staticKey.publicKey());
                    mixDh(staticKey, remoteEphemeral, NoiseException.Reason.INVALID_EPHEMERAL_KEY); // es
                    yield concat(e, s, symmetric.encryptAndHash(payload));
                }
                default -> {
                    byte[] s = symmetric.encryptAndHash(staticKey.publicKey());
                    mixDh(staticKey, remoteEphemeral, NoiseException.Reason.INVALID_EPHEMERAL_KEY); // se
                    yield concat(s, symmetric.encryptAndHash(payload));
                }
            };
            step++;
            return message;
        } catch (NoiseException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /** Reads the peer's next message and returns its payload; any refusal ends this handshake. */
    public byte[] readMessage(byte[] message) throws NoiseException {
        checkTurn(false);
        try {
            if (message.length > MAX_MESSAGE_BYTES) {
                throw malformed("message " + (step + 1) + " of " + message.length + " bytes, more than "
                        + MAX_MESSAGE_BYTES);
            }
            if (message.length < overhead(step)) {
                throw malformed("message " + (step + 1) + " of " + message.length + " bytes, shorter than the "
                        + overhead(step) + " its keys and tags take");
            }
            int at = 0;
            byte[] payload;
            switch (step) {
                case 0 -> {
                    readE(message);
                    payload = symmetric.decryptAndHash(Arrays.copyOfRange(message, DH_BYTES, message.length));
                }
                case 1 -> {
                    at = readE(message);
                    mixDh(ephemeral, remoteEphemeral, NoiseException.Reason.INVALID_EPHEMERAL_KEY); // ee
                    at = readS(message, at);
                    mixDh(ephemeral, remoteStatic, NoiseException.Reason.INVALID_STATIC_KEY); // es
                    payload = symmetric.decryptAndHash(Arrays.copyOfRange(message, at, message.length));
                }
                default -> {
                    at = readS(message, at);
                    mixDh(ephemeral, remoteStatic, NoiseException.Reason.INVALID_STATIC_KEY); // se
                    payload = symmetric.decryptAndHash(Arrays.copyOfRange(message, at, message.length));
                }
            }
            step++;
            return payload;
        } catch (NoiseException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /** The peer's X25519 static key, once its message has carried it (B for the initiator, C for the responder). */
    public Optional<byte[]> remoteStaticKey() {
        return remoteStatic.length == 0 ? Optional.empty() : Optional.of(remoteStatic.clone());
    }

    /** h: after the last message, the value both sides hold (a channel binding). */
    public byte[] handshakeHash() {
        return symmetric.handshakeHash();
    }

    /** The transport cipher states, in this side's terms; once, after the last message. */
    public Transport split() {
        if (!isComplete() || failed) {
            throw new IllegalStateException("split before the handshake completed");
        }
        if (split) {
            throw new IllegalStateException("split twice: the transport keys were handed out already");
        }
        split = true;
        NoiseSymmetricState.Split s = symmetric.split();
        return initiator ? new Transport(s.first(), s.second()) : new Transport(s.second(), s.first());
    }

    /** This side's transport: encrypt what it sends with {@code send}, decrypt what it receives with {@code receive}. */
    public record Transport(NoiseCipherState send, NoiseCipherState receive) {
    }

    private void checkTurn(boolean writing) {
        if (failed) {
            throw new IllegalStateException("the handshake already failed");
        }
        if (isComplete()) {
            throw new IllegalStateException("the handshake is complete: " + (writing ? "write" : "read")
                    + " with the transport states");
        }
        if (writesNext() != writing) {
            throw new IllegalStateException("message " + (step + 1) + " is the "
                    + (writesNext() ? "ours to write" : "peer's to read") + ", not to " + (writing ? "write" : "read"));
        }
    }

    private byte[] writeE() {
        byte[] e = ephemeral.publicKey();
        symmetric.mixHash(e);
        return e;
    }

    private int readE(byte[] message) {
        remoteEphemeral = Arrays.copyOfRange(message, 0, DH_BYTES);
        symmetric.mixHash(remoteEphemeral);
        return DH_BYTES;
    }

    private int readS(byte[] message, int at) throws NoiseException {
        int length = DH_BYTES + TAG; // always keyed here: ee came first
        remoteStatic = symmetric.decryptAndHash(Arrays.copyOfRange(message, at, at + length));
        return at + length;
    }

    private void mixDh(KeyPair ours, byte[] theirs, NoiseException.Reason invalid) throws NoiseException {
        symmetric.mixKey(ours.dh(theirs).orElseThrow(() -> new NoiseException(invalid,
                (invalid == NoiseException.Reason.INVALID_STATIC_KEY ? "invalid static key" : "invalid ephemeral key")
                        + ": the X25519 output is all zero (a low-order point)")));
    }

    private static NoiseException malformed(String message) {
        return new NoiseException(NoiseException.Reason.MALFORMED_MESSAGE, message);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /**
     * An X25519 key pair as raw 32-byte strings (RFC 7748): the private scalar and the public u-coordinate.
     * The constructor does not check that the two belong together (tests build mismatched pairs on purpose);
     * {@link #fromPrivateKey} and {@link #generate} make real ones.
     */
    public record KeyPair(byte[] privateKey, byte[] publicKey) {

        private static final BigInteger BASE_POINT = BigInteger.valueOf(9);

        public KeyPair {
            if (privateKey.length != DH_BYTES || publicKey.length != DH_BYTES) {
                throw new IllegalArgumentException("X25519 keys are 32 bytes");
            }
            privateKey = privateKey.clone();
            publicKey = publicKey.clone();
        }

        public static KeyPair generate() {
            byte[] k = new byte[DH_BYTES];
            RANDOM.nextBytes(k);
            return fromPrivateKey(k);
        }

        /** The pair of a private scalar: its public key is X25519(k, 9). */
        public static KeyPair fromPrivateKey(byte[] privateKey) {
            if (privateKey.length != DH_BYTES) {
                throw new IllegalArgumentException("an X25519 private key is 32 bytes, not " + privateKey.length);
            }
            byte[] u = x25519(privateKey, BASE_POINT)
                    .orElseThrow(() -> new IllegalStateException("X25519 of the base point is never zero"));
            return new KeyPair(privateKey, u);
        }

        @Override
        public byte[] privateKey() {
            return privateKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        /** DH(this, their public key): the shared secret, or empty when it is all zero (a low-order point). */
        public Optional<byte[]> dh(byte[] theirPublicKey) {
            if (theirPublicKey.length != DH_BYTES) {
                throw new IllegalArgumentException("an X25519 public key is 32 bytes, not " + theirPublicKey.length);
            }
            return x25519(privateKey, decodeU(theirPublicKey));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeyPair other && Arrays.equals(privateKey, other.privateKey)
                    && Arrays.equals(publicKey, other.publicKey);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(publicKey);
        }

        @Override
        public String toString() {
            return "X25519 KeyPair[public " + HexFormat.of().formatHex(publicKey) + "]"; // never the private key
        }

        /** RFC 7748 section 5: little-endian, the top bit of the last byte ignored. */
        private static BigInteger decodeU(byte[] u) {
            byte[] bigEndian = new byte[DH_BYTES];
            for (int i = 0; i < DH_BYTES; i++) {
                bigEndian[i] = u[DH_BYTES - 1 - i];
            }
            bigEndian[0] &= 0x7f;
            return new BigInteger(1, bigEndian);
        }

        private static Optional<byte[]> x25519(byte[] scalar, BigInteger u) {
            byte[] secret;
            try {
                KeyFactory factory = KeyFactory.getInstance("XDH");
                PrivateKey k = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
                PublicKey p = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
                KeyAgreement agreement = KeyAgreement.getInstance("XDH");
                agreement.init(k);
                agreement.doPhase(p, true);
                secret = agreement.generateSecret();
            } catch (InvalidKeyException e) {
                return Optional.empty(); // the JDK refuses an all-zero output itself ("point has small order")
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has X25519", e);
            }
            boolean zero = true;
            for (byte b : secret) {
                zero &= b == 0;
            }
            return zero ? Optional.empty() : Optional.of(secret);
        }
    }
}
