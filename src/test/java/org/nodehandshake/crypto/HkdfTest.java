package org.nodehandshake.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 5869 appendix A, test cases 1 to 3 (the SHA-256 ones), and the bounds of Expand. */
class HkdfTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] range(int from, int toExclusive) {
        byte[] b = new byte[toExclusive - from];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    @Test
    void testCase1Basic() {
        byte[] prk = Hkdf.extract(range(0x00, 0x0d), HEX.parseHex("0b".repeat(22)));
        assertEquals("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5", HEX.formatHex(prk));
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                HEX.formatHex(Hkdf.expand(prk, range(0xf0, 0xfa), 42)));
    }

    @Test
    void testCase2LongerInputsAndOutput() {
        byte[] prk = Hkdf.extract(range(0x60, 0xb0), range(0x00, 0x50));
        assertEquals("06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244", HEX.formatHex(prk));
        assertEquals("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09"
                        + "da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87",
                HEX.formatHex(Hkdf.expand(prk, range(0xb0, 0x100), 82)));
    }

    @Test
    void testCase3EmptySaltAndInfo() {
        byte[] prk = Hkdf.extract(new byte[0], HEX.parseHex("0b".repeat(22)));
        assertEquals("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04", HEX.formatHex(prk));
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
                HEX.formatHex(Hkdf.expand(prk, new byte[0], 42)));
    }

    @Test
    void expandYieldsAPrefixOfItsLongerOutput() {
        byte[] prk = Hkdf.extract(new byte[0], new byte[1]);
        assertEquals(HEX.formatHex(Hkdf.expand(prk, new byte[0], 64)).substring(0, 2 * 33),
                HEX.formatHex(Hkdf.expand(prk, new byte[0], 33)));
        assertEquals(0, Hkdf.expand(prk, new byte[0], 0).length);
        assertEquals(Hkdf.MAX_OUTPUT_BYTES, Hkdf.expand(prk, new byte[0], Hkdf.MAX_OUTPUT_BYTES).length);
    }

    @Test
    void expandRefusesMoreThan255Blocks() {
        byte[] prk = new byte[32];
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(prk, new byte[0], 255 * 32 + 1));
    }

    @Test
    void expandRefusesANegativeLength() {
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(new byte[32], new byte[0], -1));
    }

    @Test
    void expandRefusesAPseudorandomKeyShorterThanAHash() {
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(new byte[31], new byte[0], 32));
    }
}
