package org.nodehandshake.ethereum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/** secp256k1 and Keccak-256 against published values. */
class EthCryptoTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void keccakOfNothingAndOfText() {
        assertEquals("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
                HEX.formatHex(EthCrypto.keccak256(new byte[0])));
        // keccak256("hello"), as web3's sha3 and every Ethereum tool prints it
        assertEquals("1c8aff950685c2ed4bc3174f3472287b56d9517b9c948127319a09a7a36deac8",
                HEX.formatHex(EthCrypto.keccak256("hello".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void theEip778ExampleKeyGivesItsNodeId() {
        // EIP-778's example record: private key b71c71a6..., node id keccak256(uncompressed key)
        BigInteger key = new BigInteger("b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291", 16);
        ECPoint pub = EthCrypto.publicKey(key);
        assertEquals("03ca634cae0d49acb401d8a4c6b6fe8c55b70d115bf400769cc1400f3258cd3138",
                HEX.formatHex(EthCrypto.encode33(pub)));
        assertEquals("a448f24c6d18e575453db13171562b71999873db5b286df957af199ec94617f7",
                HEX.formatHex(EthCrypto.keccak256(EthCrypto.encode64(pub))));
    }

    @Test
    void aSignatureVerifiesAndRecoversItsKey() {
        BigInteger key = EthCrypto.newPrivateKey();
        byte[] hash = EthCrypto.keccak256("record".getBytes(StandardCharsets.US_ASCII));
        byte[] sig = EthCrypto.sign(hash, key);
        ECPoint pub = EthCrypto.publicKey(key);
        assertEquals(65, sig.length);
        assertTrue(EthCrypto.verify(hash, java.util.Arrays.copyOf(sig, 64), pub));
        assertEquals(pub, EthCrypto.recover(hash, sig));
        byte[] other = EthCrypto.keccak256("other".getBytes(StandardCharsets.US_ASCII));
        assertFalse(EthCrypto.verify(other, java.util.Arrays.copyOf(sig, 64), pub));
    }

    @Test
    void ecdhAgreesBothWays() {
        BigInteger a = EthCrypto.newPrivateKey();
        BigInteger b = EthCrypto.newPrivateKey();
        assertArrayEquals(EthCrypto.ecdh(a, EthCrypto.publicKey(b)), EthCrypto.ecdh(b, EthCrypto.publicKey(a)));
    }

    @Test
    void encodingsRoundTripAndOffCurvePointsAreRefused() {
        ECPoint pub = EthCrypto.publicKey(EthCrypto.newPrivateKey());
        assertEquals(pub, EthCrypto.decodePoint(EthCrypto.encode64(pub)));
        assertEquals(pub, EthCrypto.decodePoint(EthCrypto.encode33(pub)));
        byte[] bad = EthCrypto.encode64(pub);
        bad[63] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> EthCrypto.decodePoint(bad));
        assertNull(EthCrypto.recover(new byte[32], new byte[65]));
    }
}
