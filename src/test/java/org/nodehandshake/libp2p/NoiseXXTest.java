package org.nodehandshake.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Noise XX: the cacophony vector for Noise_XX_25519_ChaChaPoly_SHA256 (haskell-cryptography/cacophony,
 * vectors/cacophony.txt at 8ee9d41: three handshake messages, then three transport messages alternating
 * from the initiator), RFC 7748's X25519 example, round trips, and each refusal.
 */
class NoiseXXTest {

    private static final HexFormat HEX = HexFormat.of();

    private static final byte[] PROLOGUE = HEX.parseHex("4a6f686e2047616c74");
    private static final byte[] INIT_STATIC = HEX.parseHex("e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1");
    private static final byte[] INIT_EPHEMERAL = HEX.parseHex("893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a");
    private static final byte[] RESP_STATIC = HEX.parseHex("4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893");
    private static final byte[] RESP_EPHEMERAL = HEX.parseHex("bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b");
    private static final byte[] HANDSHAKE_HASH = HEX.parseHex("c8e5f64e846193be2a834104c2a009868d6c9f3bd3c186299888b488b2f1f58e");
    /** payload, ciphertext. */
    private static final List<String[]> MESSAGES = List.of(
            new String[] {"4c756477696720766f6e204d69736573",
                "ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c79444c756477696720766f6e204d69736573"},
            new String[] {"4d757272617920526f746862617264",
                "95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f14480884381cbad1f276e038c48378ffce2b65285e0"
                    + "8d6b68aaa3629a5a8639392490e5b9bd5269c2f1e4f488ed8831161f19b7815528f8982ffe09be9b5c412f8a0db50f"
                    + "8814c7194e83f23dbd8d162c9326ad"},
            new String[] {"462e20412e20486179656b",
                "c7195ffacac1307ff99046f219750fc47693e23c3cb08b89c2af808b444850a80ae475b9df0f169ae80a89be0865b57f58"
                    + "c9fea0d4ec82a286427402f113e4b6ae769a1d95941d49b25030"},
            new String[] {"4361726c204d656e676572", "96763ed773f8e47bb3712f0e29b3060ffc956ffc146cee53d5e1df"},
            new String[] {"4a65616e2d426170746973746520536179",
                "3e40f15f6f3a46ae446b253bf8b1d9ffb6ed9b174d272328ff91a7e2e5c79c07f5"},
            new String[] {"457567656e2042f6686d20766f6e2042617765726b",
                "eb3f3515110702e047a6c9da4478b6ead94873c11c0f2d710ddb3f09fce024b3a58502ae3f"});

    @Test
    void theCacophonyVectorInBothRoles() throws Exception {
        NoiseXX.KeyPair initStatic = NoiseXX.KeyPair.fromPrivateKey(INIT_STATIC);
        NoiseXX.KeyPair respStatic = NoiseXX.KeyPair.fromPrivateKey(RESP_STATIC);
        NoiseXX initiator = NoiseXX.initiator(initStatic, NoiseXX.KeyPair.fromPrivateKey(INIT_EPHEMERAL), PROLOGUE);
        NoiseXX responder = NoiseXX.responder(respStatic, NoiseXX.KeyPair.fromPrivateKey(RESP_EPHEMERAL), PROLOGUE);
        for (int i = 0; i < 3; i++) {
            NoiseXX writer = i % 2 == 0 ? initiator : responder;
            NoiseXX reader = i % 2 == 0 ? responder : initiator;
            byte[] payload = HEX.parseHex(MESSAGES.get(i)[0]);
            byte[] message = writer.writeMessage(payload);
            assertEquals(MESSAGES.get(i)[1], HEX.formatHex(message), "handshake message " + i);
            assertArrayEquals(payload, reader.readMessage(message));
        }
        assertArrayEquals(HANDSHAKE_HASH, initiator.handshakeHash());
        assertArrayEquals(HANDSHAKE_HASH, responder.handshakeHash());
        assertArrayEquals(respStatic.publicKey(), initiator.remoteStaticKey().orElseThrow());
        assertArrayEquals(initStatic.publicKey(), responder.remoteStaticKey().orElseThrow());
        NoiseXX.Transport it = initiator.split();
        NoiseXX.Transport rt = responder.split();
        for (int i = 3; i < MESSAGES.size(); i++) {
            NoiseXX.Transport writer = i % 2 == 0 ? it : rt;
            NoiseXX.Transport reader = i % 2 == 0 ? rt : it;
            byte[] payload = HEX.parseHex(MESSAGES.get(i)[0]);
            byte[] message = writer.send().encryptWithAd(new byte[0], payload);
            assertEquals(MESSAGES.get(i)[1], HEX.formatHex(message), "transport message " + i);
            assertArrayEquals(payload, reader.receive().decryptWithAd(new byte[0], message));
        }
    }

    @Test
    void rfc7748sX25519Example() {
        NoiseXX.KeyPair alice = NoiseXX.KeyPair.fromPrivateKey(
                HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        NoiseXX.KeyPair bob = NoiseXX.KeyPair.fromPrivateKey(
                HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", HEX.formatHex(alice.publicKey()));
        assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", HEX.formatHex(bob.publicKey()));
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertEquals(shared, HEX.formatHex(alice.dh(bob.publicKey()).orElseThrow()));
        assertEquals(shared, HEX.formatHex(bob.dh(alice.publicKey()).orElseThrow()));
    }

    @Test
    void theTopBitOfAPublicKeyIsIgnored() {
        NoiseXX.KeyPair a = NoiseXX.KeyPair.generate();
        NoiseXX.KeyPair b = NoiseXX.KeyPair.generate();
        byte[] high = b.publicKey();
        high[31] |= (byte) 0x80;
        assertArrayEquals(a.dh(b.publicKey()).orElseThrow(), a.dh(high).orElseThrow());
    }

    @Test
    void aLowOrderPublicKeyGivesNoSharedSecret() {
        NoiseXX.KeyPair a = NoiseXX.KeyPair.generate();
        assertTrue(a.dh(new byte[32]).isEmpty());
        byte[] one = new byte[32];
        one[0] = 1;
        assertTrue(a.dh(one).isEmpty());
    }

    @Test
    void aRoundTripWithAnEmptyPayloadFirstAsLibp2pSendsIt() throws Exception {
        NoiseXX.KeyPair is = NoiseXX.KeyPair.generate();
        NoiseXX.KeyPair rs = NoiseXX.KeyPair.generate();
        NoiseXX initiator = NoiseXX.initiator(is, new byte[0]);
        NoiseXX responder = NoiseXX.responder(rs, new byte[0]);
        assertTrue(initiator.writesNext());
        assertFalse(responder.writesNext());
        byte[] a = initiator.writeMessage(new byte[0]);
        assertEquals(32, a.length);
        assertEquals(0, responder.readMessage(a).length);
        assertTrue(initiator.remoteStaticKey().isEmpty());
        byte[] b = responder.writeMessage(new byte[] {'B'});
        assertArrayEquals(new byte[] {'B'}, initiator.readMessage(b));
        assertArrayEquals(rs.publicKey(), initiator.remoteStaticKey().orElseThrow());
        assertTrue(responder.remoteStaticKey().isEmpty());
        byte[] c = initiator.writeMessage(new byte[] {'C'});
        assertArrayEquals(new byte[] {'C'}, responder.readMessage(c));
        assertArrayEquals(is.publicKey(), responder.remoteStaticKey().orElseThrow());
        assertTrue(initiator.isComplete() && responder.isComplete());
        NoiseXX.Transport it = initiator.split();
        NoiseXX.Transport rt = responder.split();
        byte[] ad = new byte[0];
        assertArrayEquals(new byte[] {1}, rt.receive().decryptWithAd(ad, it.send().encryptWithAd(ad, new byte[] {1})));
        assertArrayEquals(new byte[] {2}, it.receive().decryptWithAd(ad, rt.send().encryptWithAd(ad, new byte[] {2})));
    }

    @Test
    void theLargestPayloadsFill65535ByteMessages() throws Exception {
        NoiseXX initiator = NoiseXX.initiator(NoiseXX.KeyPair.generate(), new byte[0]);
        NoiseXX responder = NoiseXX.responder(NoiseXX.KeyPair.generate(), new byte[0]);
        for (int i = 0; i < 3; i++) {
            NoiseXX writer = i % 2 == 0 ? initiator : responder;
            NoiseXX reader = i % 2 == 0 ? responder : initiator;
            byte[] message = writer.writeMessage(new byte[writer.maxPayloadBytes()]);
            assertEquals(65535, message.length, "message " + i);
            reader.readMessage(message);
        }
    }

    @Test
    void aPayloadTooLargeIsRefusedAndTheStateGoesOn() throws Exception {
        NoiseXX initiator = NoiseXX.initiator(NoiseXX.KeyPair.generate(), new byte[0]);
        assertThrows(IllegalArgumentException.class, () -> initiator.writeMessage(new byte[65535 - 32 + 1]));
        assertEquals(32, initiator.writeMessage(new byte[0]).length);
    }

    @Test
    void aMessageOver65535BytesIsMalformed() {
        NoiseXX responder = NoiseXX.responder(NoiseXX.KeyPair.generate(), new byte[0]);
        assertReason(NoiseException.Reason.MALFORMED_MESSAGE, () -> responder.readMessage(new byte[65536]));
    }

    @Test
    void aFirstMessageShorterThanAKeyIsMalformed() {
        NoiseXX responder = NoiseXX.responder(NoiseXX.KeyPair.generate(), new byte[0]);
        assertReason(NoiseException.Reason.MALFORMED_MESSAGE, () -> responder.readMessage(new byte[31]));
    }

    @Test
    void aSecondMessageShorterThanItsKeysAndTagsIsMalformed() throws Exception {
        NoiseXX initiator = NoiseXX.initiator(NoiseXX.KeyPair.generate(), new byte[0]);
        NoiseXX responder = NoiseXX.responder(NoiseXX.KeyPair.generate(), new byte[0]);
        responder.readMessage(initiator.writeMessage(new byte[0]));
        byte[] b = responder.writeMessage(new byte[0]);
        assertEquals(96, b.length);
        assertReason(NoiseException.Reason.MALFORMED_MESSAGE, () -> initiator.readMessage(java.util.Arrays.copyOf(b, 95)));
    }

    @Test
    void aChangedSecondMessageFailsToDecryptAndEndsTheHandshake() throws Exception {
        NoiseXX initiator = NoiseXX.initiator(NoiseXX.KeyPair.generate(), new byte[0]);
        NoiseXX responder = NoiseXX.responder(NoiseXX.KeyPair.generate(), new byte[0]);
        responder.readMessage(initiator.writeMessage(new byte[0]));
        byte[] b = responder.writeMessage(new byte[] {1});
        b[40] ^= 1; // inside the encrypted static key
        assertReason(NoiseException.Reason.DECRYPT_FAILED, () -> initiator.readMessage(b));
        assertThrows(IllegalStateException.class, () -> initiator.writeMessage(new byte[0]));
    }

    @Test
    void anotherPrologueFailsAtTheFirstTag() throws Exception {
        NoiseXX initiator = NoiseXX.initiator(NoiseXX.KeyPair.generate(), new byte[] {1});
        NoiseXX responder = NoiseXX.responder(NoiseXX.KeyPair.generate(), new byte[] {2});
        responder.readMessage(initiator.writeMessage(new byte[0]));
        byte[] b = responder.writeMessage(new byte[0]);
        assertReason(NoiseException.Reason.DECRYPT_FAILED, () -> initiator.readMessage(b));
    }

    @Test
    void aLowOrderEphemeralKeyInTheFirstMessageIsRefusedWhenTheResponderMixesEe() throws Exception {
        NoiseXX responder = NoiseXX.responder(NoiseXX.KeyPair.generate(), new byte[0]);
        responder.readMessage(new byte[32]); // u = 0
        NoiseException e = assertReason(NoiseException.Reason.INVALID_EPHEMERAL_KEY, () -> responder.writeMessage(new byte[0]));
        assertTrue(e.getMessage().startsWith("invalid ephemeral key"), e.getMessage());
    }

    @Test
    void aLowOrderEphemeralKeyInTheSecondMessageIsRefused() throws Exception {
        NoiseXX initiator = NoiseXX.initiator(NoiseXX.KeyPair.generate(), new byte[0]);
        initiator.writeMessage(new byte[0]);
        assertReason(NoiseException.Reason.INVALID_EPHEMERAL_KEY, () -> initiator.readMessage(new byte[96]));
    }

    @Test
    void aLowOrderStaticKeyInTheSecondMessageIsRefused() throws Exception {
        NoiseXX initiator = NoiseXX.initiator(NoiseXX.KeyPair.generate(), new byte[0]);
        // a responder claiming the all-zero static key: its own DH uses its private key, so it can send it
        NoiseXX.KeyPair lowOrder = new NoiseXX.KeyPair(NoiseXX.KeyPair.generate().privateKey(), new byte[32]);
        NoiseXX responder = NoiseXX.responder(lowOrder, new byte[0]);
        responder.readMessage(initiator.writeMessage(new byte[0]));
        byte[] b = responder.writeMessage(new byte[0]);
        NoiseException e = assertReason(NoiseException.Reason.INVALID_STATIC_KEY, () -> initiator.readMessage(b));
        assertTrue(e.getMessage().startsWith("invalid static key"), e.getMessage());
    }

    @Test
    void aLowOrderStaticKeyInTheThirdMessageIsRefused() throws Exception {
        NoiseXX.KeyPair lowOrder = new NoiseXX.KeyPair(NoiseXX.KeyPair.generate().privateKey(), new byte[32]);
        NoiseXX initiator = NoiseXX.initiator(lowOrder, new byte[0]);
        NoiseXX responder = NoiseXX.responder(NoiseXX.KeyPair.generate(), new byte[0]);
        responder.readMessage(initiator.writeMessage(new byte[0]));
        initiator.readMessage(responder.writeMessage(new byte[0]));
        byte[] c = initiator.writeMessage(new byte[0]);
        assertReason(NoiseException.Reason.INVALID_STATIC_KEY, () -> responder.readMessage(c));
    }

    @Test
    void theInitiatorCannotReadFirst() {
        NoiseXX initiator = NoiseXX.initiator(NoiseXX.KeyPair.generate(), new byte[0]);
        assertThrows(IllegalStateException.class, () -> initiator.readMessage(new byte[32]));
    }

    @Test
    void theResponderCannotWriteFirst() {
        NoiseXX responder = NoiseXX.responder(NoiseXX.KeyPair.generate(), new byte[0]);
        assertThrows(IllegalStateException.class, () -> responder.writeMessage(new byte[0]));
    }

    @Test
    void noMessageAfterTheThirdAndNoSplitBeforeIt() throws Exception {
        NoiseXX initiator = NoiseXX.initiator(NoiseXX.KeyPair.generate(), new byte[0]);
        NoiseXX responder = NoiseXX.responder(NoiseXX.KeyPair.generate(), new byte[0]);
        responder.readMessage(initiator.writeMessage(new byte[0]));
        assertThrows(IllegalStateException.class, initiator::split);
        initiator.readMessage(responder.writeMessage(new byte[0]));
        responder.readMessage(initiator.writeMessage(new byte[0]));
        assertThrows(IllegalStateException.class, () -> initiator.writeMessage(new byte[0]));
        assertThrows(IllegalStateException.class, () -> responder.readMessage(new byte[64]));
    }

    @Test
    void splitHandsTheKeysOutOnce() throws Exception {
        NoiseXX initiator = NoiseXX.initiator(NoiseXX.KeyPair.generate(), new byte[0]);
        NoiseXX responder = NoiseXX.responder(NoiseXX.KeyPair.generate(), new byte[0]);
        responder.readMessage(initiator.writeMessage(new byte[0]));
        initiator.readMessage(responder.writeMessage(new byte[0]));
        responder.readMessage(initiator.writeMessage(new byte[0]));
        initiator.split();
        assertThrows(IllegalStateException.class, initiator::split);
    }

    @Test
    void aKeyPairShowsNoPrivateKeyAndCopiesItsArrays() {
        byte[] k = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        NoiseXX.KeyPair pair = NoiseXX.KeyPair.fromPrivateKey(k);
        assertFalse(pair.toString().contains(HEX.formatHex(k)), pair.toString());
        pair.privateKey()[0] ^= 1;
        assertArrayEquals(k, pair.privateKey());
    }

    @Test
    void randomSecondMessagesAreRefusedOnlyWithNoiseExceptions() throws Exception {
        java.util.Random random = new java.util.Random(13);
        for (int i = 0; i < 200; i++) {
            NoiseXX initiator = NoiseXX.initiator(NoiseXX.KeyPair.generate(), new byte[0]);
            initiator.writeMessage(new byte[0]);
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            assertThrows(NoiseException.class, () -> initiator.readMessage(junk), "junk of " + junk.length);
        }
    }

    interface NoiseCall {
        Object call() throws NoiseException;
    }

    private static NoiseException assertReason(NoiseException.Reason reason, NoiseCall call) {
        NoiseException e = assertThrows(NoiseException.class, call::call);
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }
}
