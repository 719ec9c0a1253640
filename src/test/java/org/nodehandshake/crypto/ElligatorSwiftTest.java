package org.nodehandshake.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.aggregator.ArgumentsAccessor;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * ElligatorSwift against BIP324's three official vector files (every row, every case), the encode/decode round
 * trip, and one test per input it refuses.
 */
class ElligatorSwiftTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger P = Secp256k1.CURVE.getCurve().getField().getCharacteristic();
    /** A private key and its encoding from the first packet_encoding row, for the refusal tests. */
    private static final byte[] SOME_KEY = HEX.parseHex("61062ea5071d800bbfd59e2e8b53d47d194b095ae5a4df04936b49772ef0d4d7");
    private static final byte[] SOME_ENCODING = HEX.parseHex("ec0adff257bbfe500c188c80b4fdd640f6b45a482bbc15fc7cef5931deff0aa1"
            + "86f6eb9bba7b85dc4dcc28b28722de1e3d9108b985e2967045668f66098e475b");
    /** x of the generator, a valid x. */
    private static final byte[] GENERATOR_X = HEX.parseHex("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    private static final byte[] SOME_U = HEX.parseHex("05ff6bdad900fc3261bc7fe34e2fb0f569f06e091ae437d3a52e9da0cbfb9590");

    @ParameterizedTest
    @CsvFileSource(resources = "/bip324/ellswift_decode_test_vectors.csv", numLinesToSkip = 1)
    void decodesEveryOfficialEncoding(String ellswift, String x, String comment) {
        assertEquals(x, HEX.formatHex(ElligatorSwift.decodeX(HEX.parseHex(ellswift))), comment);
    }

    @ParameterizedTest
    @CsvFileSource(resources = "/bip324/xswiftec_inv_test_vectors.csv", numLinesToSkip = 1)
    void invertsEveryOfficialRowInEachOfTheEightCases(ArgumentsAccessor row) {
        byte[] u = HEX.parseHex(row.getString(0));
        byte[] x = HEX.parseHex(row.getString(1));
        String comment = row.getString(10);
        for (int c = 0; c < 8; c++) {
            Optional<String> expected = Optional.ofNullable(row.getString(2 + c));
            Optional<byte[]> t = ElligatorSwift.xswiftecInv(u, x, c);
            assertEquals(expected, t.map(HEX::formatHex), "case " + c + ": " + comment);
            if (t.isPresent()) {
                byte[] encoding = concat(u, t.get());
                assertArrayEquals(x, ElligatorSwift.decodeX(encoding), "case " + c + " decodes back to x");
            }
        }
    }

    @ParameterizedTest
    @CsvFileSource(resources = "/bip324/packet_encoding_test_vectors.csv", numLinesToSkip = 1, maxCharsPerColumn = 16384)
    void agreesWithEveryPacketEncodingRowOnTheXCoordinatesAndTheSharedX(ArgumentsAccessor row) {
        byte[] privOurs = HEX.parseHex(row.getString(1));
        byte[] ellswiftOurs = HEX.parseHex(row.getString(2));
        byte[] ellswiftTheirs = HEX.parseHex(row.getString(3));
        String midXOurs = row.getString(9);
        assertEquals(midXOurs, HEX.formatHex(xOf(privOurs)), "x(priv·G)");
        assertEquals(midXOurs, HEX.formatHex(ElligatorSwift.decodeX(ellswiftOurs)), "mid_x_ours");
        assertEquals(row.getString(10), HEX.formatHex(ElligatorSwift.decodeX(ellswiftTheirs)), "mid_x_theirs");
        assertEquals(row.getString(11), HEX.formatHex(ElligatorSwift.xOnlyEcdh(ellswiftTheirs, privOurs)), "mid_x_shared");
    }

    @Test
    void randomKeysEncodeToTheirOwnXAndEachEncodingIsFresh() throws NoSuchAlgorithmException {
        SecureRandom random = seeded(324);
        Set<String> encodings = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            byte[] key = Secp256k1.unsigned32(new BigInteger(256, random).mod(Secp256k1.N.subtract(BigInteger.ONE)).add(BigInteger.ONE));
            byte[] encoding = ElligatorSwift.encode(key, random);
            assertEquals(ElligatorSwift.ENCODING_BYTES, encoding.length);
            assertArrayEquals(xOf(key), ElligatorSwift.decodeX(encoding), "key " + HEX.formatHex(key));
            assertTrue(encodings.add(HEX.formatHex(encoding)));
        }
    }

    @Test
    void theExtremeKeysEncodeToo() throws NoSuchAlgorithmException {
        SecureRandom random = seeded(1);
        for (BigInteger d : new BigInteger[] {BigInteger.ONE, Secp256k1.N.subtract(BigInteger.ONE)}) {
            byte[] key = Secp256k1.unsigned32(d);
            assertArrayEquals(xOf(key), ElligatorSwift.decodeX(ElligatorSwift.encode(key, random)));
        }
    }

    @Test
    void twoSidesOfAnExchangeAgreeOnTheSharedX() throws NoSuchAlgorithmException {
        SecureRandom random = seeded(2);
        byte[] a = Secp256k1.unsigned32(Secp256k1.newPrivateKey());
        byte[] b = Secp256k1.unsigned32(Secp256k1.newPrivateKey());
        byte[] sharedAtA = ElligatorSwift.xOnlyEcdh(ElligatorSwift.encode(b, random), a);
        byte[] sharedAtB = ElligatorSwift.xOnlyEcdh(ElligatorSwift.encode(a, random), b);
        assertArrayEquals(sharedAtA, sharedAtB);
    }

    @Test
    void theConstantIsTheSquareRootOfMinusThreeThatIsItselfASquare() {
        BigInteger c = ElligatorSwift.SQRT_MINUS_3.toBigInteger();
        assertEquals(P.subtract(BigInteger.valueOf(3)), c.multiply(c).mod(P));
        assertEquals(BigInteger.ONE, c.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P), "c is a square");
    }

    @Test
    void inputsAtOrAboveThePrimeAreReducedWhenDecoding() {
        // u = p decodes like u = 0, t = p + 1 like t = 1 (BIP324 reads both mod p)
        byte[] aboveP = concat(Secp256k1.unsigned32(P), Secp256k1.unsigned32(P.add(BigInteger.ONE)));
        byte[] reduced = concat(new byte[32], Secp256k1.unsigned32(BigInteger.ONE));
        assertArrayEquals(ElligatorSwift.decodeX(reduced), ElligatorSwift.decodeX(aboveP));
    }

    @Test
    void decodeXRefusesAnEncodingOfAnotherLength() {
        assertThrows(IllegalArgumentException.class, () -> ElligatorSwift.decodeX(new byte[63]));
        assertThrows(IllegalArgumentException.class, () -> ElligatorSwift.decodeX(new byte[65]));
    }

    @Test
    void xswiftecInvRefusesAUOfAnotherLength() {
        assertThrows(IllegalArgumentException.class, () -> ElligatorSwift.xswiftecInv(new byte[31], GENERATOR_X, 0));
    }

    @Test
    void xswiftecInvRefusesAnXOfAnotherLength() {
        assertThrows(IllegalArgumentException.class, () -> ElligatorSwift.xswiftecInv(SOME_U, new byte[33], 0));
    }

    @Test
    void xswiftecInvRefusesAUThatIsNotBelowThePrime() {
        assertThrows(IllegalArgumentException.class, () -> ElligatorSwift.xswiftecInv(Secp256k1.unsigned32(P), GENERATOR_X, 0));
    }

    @Test
    void xswiftecInvRefusesAnXThatIsNotBelowThePrime() {
        byte[] pPlus1 = Secp256k1.unsigned32(P.add(BigInteger.ONE));
        assertThrows(IllegalArgumentException.class, () -> ElligatorSwift.xswiftecInv(SOME_U, pPlus1, 0));
    }

    @Test
    void xswiftecInvRefusesUZeroWhichXSwiftEcReadsAsOne() {
        assertThrows(IllegalArgumentException.class, () -> ElligatorSwift.xswiftecInv(new byte[32], GENERATOR_X, 0));
    }

    @Test
    void xswiftecInvRefusesAnXOffTheCurve() {
        byte[] five = Secp256k1.unsigned32(BigInteger.valueOf(5)); // 5^3 + 7 is not a square mod p
        assertThrows(IllegalArgumentException.class, () -> ElligatorSwift.xswiftecInv(SOME_U, five, 0));
    }

    @Test
    void xswiftecInvRefusesACaseOutsideZeroToSeven() {
        assertThrows(IllegalArgumentException.class, () -> ElligatorSwift.xswiftecInv(SOME_U, GENERATOR_X, -1));
        assertThrows(IllegalArgumentException.class, () -> ElligatorSwift.xswiftecInv(SOME_U, GENERATOR_X, 8));
    }

    @Test
    void encodeRefusesAPrivateKeyOfAnotherLength() {
        assertThrows(IllegalArgumentException.class, () -> ElligatorSwift.encode(new byte[31], new SecureRandom()));
        assertThrows(IllegalArgumentException.class, () -> ElligatorSwift.encode(new byte[33], new SecureRandom()));
    }

    @Test
    void encodeRefusesPrivateKeyZero() {
        assertThrows(IllegalArgumentException.class, () -> ElligatorSwift.encode(new byte[32], new SecureRandom()));
    }

    @Test
    void encodeRefusesAPrivateKeyNotBelowTheGroupOrder() {
        assertThrows(IllegalArgumentException.class,
                () -> ElligatorSwift.encode(Secp256k1.unsigned32(Secp256k1.N), new SecureRandom()));
        byte[] allOnes = new byte[32];
        Arrays.fill(allOnes, (byte) 0xff);
        assertThrows(IllegalArgumentException.class, () -> ElligatorSwift.encode(allOnes, new SecureRandom()));
    }

    @Test
    void encodeGivesUpOnARandomSourceThatNeverYieldsAUsableU() {
        SecureRandom zeros = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, (byte) 0); // u = 0 every time, which is never drawn
            }
        };
        assertThrows(IllegalStateException.class, () -> ElligatorSwift.encode(SOME_KEY, zeros));
    }

    @Test
    void xOnlyEcdhRefusesAnEncodingOfAnotherLength() {
        assertThrows(IllegalArgumentException.class, () -> ElligatorSwift.xOnlyEcdh(new byte[32], SOME_KEY));
        assertThrows(IllegalArgumentException.class,
                () -> ElligatorSwift.xOnlyEcdh(Arrays.copyOf(SOME_ENCODING, 65), SOME_KEY));
    }

    @Test
    void xOnlyEcdhRefusesAPrivateKeyOfAnotherLength() {
        assertThrows(IllegalArgumentException.class, () -> ElligatorSwift.xOnlyEcdh(SOME_ENCODING, new byte[64]));
    }

    @Test
    void xOnlyEcdhRefusesAPrivateKeyOutsideOneToNMinusOne() {
        assertThrows(IllegalArgumentException.class, () -> ElligatorSwift.xOnlyEcdh(SOME_ENCODING, new byte[32]));
        assertThrows(IllegalArgumentException.class,
                () -> ElligatorSwift.xOnlyEcdh(SOME_ENCODING, Secp256k1.unsigned32(Secp256k1.N)));
    }

    @Test
    void theAllZeroAndAllOnesEncodingsDecodeToCurvePoints() {
        // all zeros goes through both remappings (u = 0, t = 0); all ones reads both halves mod p
        byte[] allOnes = new byte[64];
        Arrays.fill(allOnes, (byte) 0xff);
        for (byte[] encoding : new byte[][] {new byte[64], allOnes}) {
            byte[] x = ElligatorSwift.decodeX(encoding);
            assertEquals(32, x.length);
            assertFalse(Secp256k1.decodePoint(concat(new byte[] {2}, x)).isInfinity());
        }
    }

    private static byte[] xOf(byte[] privateKey) {
        return Secp256k1.unsigned32(Secp256k1.publicKey(new BigInteger(1, privateKey)).getAffineXCoord().toBigInteger());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A reproducible SecureRandom: the same keys and encodings on every run. */
    private static SecureRandom seeded(long seed) throws NoSuchAlgorithmException {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(seed);
        return random;
    }
}
