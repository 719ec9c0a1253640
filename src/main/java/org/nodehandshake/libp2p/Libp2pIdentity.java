package org.nodehandshake.libp2p;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

/** Our own libp2p identity: an Ed25519 key pair (the JDK's), its public half as the peer sees it, and signing. */
public final class Libp2pIdentity {

    public static final int SEED_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] seed;
    private final PrivateKey privateKey;
    private final Libp2pKey.Ed25519 publicKey;

    private Libp2pIdentity(byte[] seed) {
        this.seed = seed.clone();
        KeyPair pair;
        try {
            // the JDK derives the public key only inside its generator, which draws the 32-byte seed from
            // the random source it is given: hand it exactly our seed, then check that it took it as such
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SeedSource(this.seed));
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has Ed25519", e);
        }
        byte[] taken = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
        if (!Arrays.equals(taken, this.seed)) {
            throw new IllegalStateException("the JDK's Ed25519 generator did not take the seed as the key");
        }
        byte[] spki = pair.getPublic().getEncoded(); // RFC 8410: a 12-byte header, then the 32-byte key
        if (spki.length != Libp2pKeys.ED25519_SPKI_PREFIX.length + 32
                || !Arrays.equals(spki, 0, Libp2pKeys.ED25519_SPKI_PREFIX.length, Libp2pKeys.ED25519_SPKI_PREFIX, 0,
                        Libp2pKeys.ED25519_SPKI_PREFIX.length)) {
            throw new IllegalStateException("unexpected Ed25519 public key encoding from the JDK");
        }
        this.privateKey = pair.getPrivate();
        this.publicKey = new Libp2pKey.Ed25519(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }

    public static Libp2pIdentity random() {
        byte[] seed = new byte[SEED_BYTES];
        RANDOM.nextBytes(seed);
        return new Libp2pIdentity(seed);
    }

    /** The key pair of an RFC 8032 private key (the 32-byte seed). */
    public static Libp2pIdentity fromSeed(byte[] seed) {
        if (seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, not " + seed.length);
        }
        return new Libp2pIdentity(seed);
    }

    public Libp2pKey.Ed25519 publicKey() {
        return publicKey;
    }

    /** The PublicKey protobuf the peer receives. */
    public byte[] encodedPublicKey() {
        return publicKey.encoded();
    }

    /** The private key's seed, for storing the identity; secret. */
    public byte[] seed() {
        return seed.clone();
    }

    /** A plain Ed25519 signature of {@code message}. */
    public byte[] sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing with our own key", e);
        }
    }

    @Override
    public String toString() {
        return "Libp2pIdentity[" + publicKey + "]"; // never the seed
    }

    /** A random source that yields the seed once, as the generator's one draw. */
    private static final class SeedSource extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;
        private boolean used;

        SeedSource(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (used || bytes.length != seed.length) {
                throw new IllegalStateException("the Ed25519 generator drew other than one 32-byte seed");
            }
            used = true;
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }
}
