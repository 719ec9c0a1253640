package org.nodehandshake.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Strict DER for (r, s): what the JDK's signers write is read back, and each laxity is refused. */
class EcdsaSignatureTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theJdksDerSignaturesRoundTrip() throws Exception {
        for (String curve : new String[] {"secp256r1", "secp521r1"}) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(g.generateKeyPair().getPrivate());
            signer.update(new byte[] {1, 2, 3});
            byte[] der = signer.sign();
            EcdsaSignature sig = EcdsaSignature.fromDer(der).orElseThrow();
            assertArrayEquals(der, sig.toDer(), curve);
        }
    }

    @Test
    void aSmallSignatureReadsAndWrites() {
        byte[] der = HEX.parseHex("30070201010202" + "0080");
        EcdsaSignature sig = EcdsaSignature.fromDer(der).orElseThrow();
        assertEquals(new EcdsaSignature(BigInteger.ONE, BigInteger.valueOf(128)), sig);
        assertArrayEquals(der, sig.toDer());
        assertArrayEquals(HEX.parseHex("00010080"), sig.toFixed(2));
    }

    @Test
    void aNeedlessLeadingZeroIsRefused() {
        assertTrue(EcdsaSignature.fromDer(HEX.parseHex("30080202000102020080")).isEmpty());
    }

    @Test
    void aNegativeIntegerIsRefused() {
        assertTrue(EcdsaSignature.fromDer(HEX.parseHex("300602010102018f")).isEmpty());
    }

    @Test
    void zeroIsRefused() {
        assertTrue(EcdsaSignature.fromDer(HEX.parseHex("3006020100020101")).isEmpty());
    }

    @Test
    void trailingBytesAreRefused() {
        assertTrue(EcdsaSignature.fromDer(HEX.parseHex("300602010102010100")).isEmpty());
        assertTrue(EcdsaSignature.fromDer(HEX.parseHex("30070201010201010000")).isEmpty());
    }

    @Test
    void aSequenceLengthThatLiesIsRefused() {
        assertTrue(EcdsaSignature.fromDer(HEX.parseHex("3009020101020101")).isEmpty());
        assertTrue(EcdsaSignature.fromDer(HEX.parseHex("3006020101020501")).isEmpty());
    }

    @Test
    void theLongLengthFormForAShortSequenceIsRefused() {
        assertTrue(EcdsaSignature.fromDer(HEX.parseHex("308106020101020101")).isEmpty());
    }

    @Test
    void anythingLongerThanTheLargestCurveNeedsIsRefusedUnread() {
        byte[] big = new byte[EcdsaSignature.MAX_DER_BYTES + 1];
        big[0] = 0x30;
        assertTrue(EcdsaSignature.fromDer(big).isEmpty());
        assertTrue(EcdsaSignature.fromDer(new byte[0]).isEmpty());
    }

    @Test
    void anIntegerTooWideForTheFixedFormIsAnError() {
        EcdsaSignature sig = new EcdsaSignature(BigInteger.valueOf(0x10000), BigInteger.ONE);
        assertThrows(IllegalArgumentException.class, () -> sig.toFixed(2));
    }
}
