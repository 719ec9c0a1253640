package org.nodehandshake.ethereum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.ethereum.Eip8Vectors.bytes;
import static org.nodehandshake.ethereum.Eip8Vectors.key;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nodehandshake.protocol.ReasonCode;

/** The RLPx key exchange against EIP-8's vectors (node A initiates with node B), then our own packets. */
class RlpxHandshakeTest {

    private static final BigInteger KEY_A = key("static-key-a");
    private static final BigInteger KEY_B = key("static-key-b");
    private static final ECPoint PUB_A = EthCrypto.publicKey(KEY_A);
    private static final ECPoint PUB_B = EthCrypto.publicKey(KEY_B);

    @ParameterizedTest
    @CsvSource({"auth1, false, 4", "auth2, true, 4", "auth3, true, 56"})
    void bOpensEachAuth(String name, boolean eip8, long version) throws Exception {
        byte[] packet = bytes(name);
        assertEquals(!eip8, packet.length == RlpxHandshake.PLAIN_AUTH_SIZE && RlpxHandshake.isPlain(KEY_B, packet));
        RlpxHandshake.Auth auth = RlpxHandshake.openAuth(KEY_B, packet, eip8);
        assertEquals(PUB_A, auth.initiatorKey());
        assertEquals(EthCrypto.publicKey(key("ephemeral-key-a")), auth.initiatorEphemeral());
        assertArrayEquals(bytes("nonce-a"), auth.nonce());
        assertEquals(version, auth.version());
        assertEquals(eip8, auth.eip8());
    }

    @ParameterizedTest
    @CsvSource({"ack1, false, 4", "ack2, true, 4", "ack3, true, 57"})
    void aOpensEachAck(String name, boolean eip8, long version) throws Exception {
        byte[] packet = bytes(name);
        assertEquals(!eip8, packet.length == RlpxHandshake.PLAIN_ACK_SIZE && RlpxHandshake.isPlain(KEY_A, packet));
        RlpxHandshake.Ack ack = RlpxHandshake.openAck(KEY_A, packet, eip8);
        assertEquals(EthCrypto.publicKey(key("ephemeral-key-b")), ack.recipientEphemeral());
        assertArrayEquals(bytes("nonce-b"), ack.nonce());
        assertEquals(version, ack.version());
    }

    @Test
    void bDerivesTheVectorSecretsForAuth2AndAck2() {
        RlpxSecrets b = RlpxSecrets.derive(false, key("ephemeral-key-b"), EthCrypto.publicKey(key("ephemeral-key-a")),
                bytes("nonce-a"), bytes("nonce-b"), bytes("auth2"), bytes("ack2"));
        assertArrayEquals(bytes("aes-secret"), b.aesSecret());
        assertArrayEquals(bytes("mac-secret"), b.macSecret());
        assertArrayEquals(bytes("ingress-mac-foo"), b.ingressDigestAfter("foo".getBytes(StandardCharsets.US_ASCII)));
        // A derives the same secrets from its side
        RlpxSecrets a = RlpxSecrets.derive(true, key("ephemeral-key-a"), EthCrypto.publicKey(key("ephemeral-key-b")),
                bytes("nonce-a"), bytes("nonce-b"), bytes("auth2"), bytes("ack2"));
        assertArrayEquals(b.aesSecret(), a.aesSecret());
        assertArrayEquals(b.macSecret(), a.macSecret());
    }

    @Test
    void ourAuthAndAckOpenOnTheOtherSide() throws Exception {
        BigInteger ephemeral = EthCrypto.newPrivateKey();
        byte[] nonce = RlpxHandshake.newNonce();
        byte[] auth = RlpxHandshake.sealAuth(KEY_A, PUB_B, ephemeral, nonce);
        assertEquals(auth.length - 2, ((auth[0] & 0xff) << 8) | (auth[1] & 0xff));
        RlpxHandshake.Auth opened = RlpxHandshake.openAuth(KEY_B, auth, true);
        assertEquals(PUB_A, opened.initiatorKey());
        assertEquals(EthCrypto.publicKey(ephemeral), opened.initiatorEphemeral());
        assertArrayEquals(nonce, opened.nonce());
        assertEquals(4, opened.version());

        for (boolean eip8 : new boolean[] {true, false}) {
            BigInteger theirs = EthCrypto.newPrivateKey();
            byte[] ack = RlpxHandshake.sealAck(PUB_A, theirs, nonce, eip8);
            assertEquals(eip8, !(ack.length == RlpxHandshake.PLAIN_ACK_SIZE && RlpxHandshake.isPlain(KEY_A, ack)));
            assertEquals(EthCrypto.publicKey(theirs), RlpxHandshake.openAck(KEY_A, ack, eip8).recipientEphemeral());
        }
    }

    @Test
    void anAuthForAnotherKeyOrAlteredFailsItsTag() {
        byte[] auth = bytes("auth2");
        RlpxHandshake.HandshakeException wrongKey = assertThrows(RlpxHandshake.HandshakeException.class,
                () -> RlpxHandshake.openAuth(KEY_A, auth, true));
        assertEquals(ReasonCode.BAD_CHECKSUM, wrongKey.code());
        auth[100] ^= 1;
        assertEquals(ReasonCode.BAD_CHECKSUM, assertThrows(RlpxHandshake.HandshakeException.class,
                () -> RlpxHandshake.openAuth(KEY_B, auth, true)).code());
        assertFalse(RlpxHandshake.isPlain(KEY_B, bytes("auth2")));
        assertTrue(RlpxHandshake.isPlain(KEY_B, bytes("auth1")));
    }

    @Test
    void eciesKdfIsTheNistConcatenationOverSha256() {
        // one block: sha256(00000001 || z)
        byte[] z = new byte[32];
        assertEquals(HexFormat.of().formatHex(sha256(new byte[] {0, 0, 0, 1}, z)),
                HexFormat.of().formatHex(Ecies.concatKdf(z, 32)));
    }

    private static byte[] sha256(byte[] a, byte[] b) {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            d.update(a);
            d.update(b);
            return d.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
