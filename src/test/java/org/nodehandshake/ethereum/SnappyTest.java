package org.nodehandshake.ethereum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Snappy block decoder on hand-made blocks, its refusals, and the literal-only encoder. */
class SnappyTest {

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    @Test
    void literalThenOverlappingCopy() throws Exception {
        // 9 bytes: literal "abc", then copy-1 of length 6 at offset 3 (overlapping its own output)
        assertEquals("abcabcabc", new String(Snappy.decompress(hex("0908616263" + "0903"), 100), StandardCharsets.US_ASCII));
        // copy-2: length 3 at offset 3
        assertEquals("abcabc", new String(Snappy.decompress(hex("0608616263" + "0a0300"), 100), StandardCharsets.US_ASCII));
    }

    @Test
    void aDeclaredGigabyteIsRefusedBeforeAnyWork() {
        byte[] block = hex("8080808004" + "00" + "61"); // declares 1 GiB
        Snappy.SnappyException e = assertThrows(Snappy.SnappyException.class, () -> Snappy.decompress(block, 65536));
        assertTrue(e.oversized());
        assertTrue(e.getMessage().contains("1073741824"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", // no preamble
        "ffffffffff7f", // preamble over 5 bytes
        "0300", // literal 1 byte declared, none there
        "0301", // copy before any output
        "04086162630904", // copy offset 4 with 3 bytes produced
        "0408616263", // 3 bytes produced, 4 declared
        "0208616263", // literal runs past the declared length
        "0300610100", // copy offset 0
    })
    void brokenBlocksAreRefused(String block) {
        assertThrows(Snappy.SnappyException.class, () -> Snappy.decompress(hex(block), 65536));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 59, 60, 61, 255, 256, 257, 65535, 65536, 65537, 200_000})
    void literalsRoundTrip(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        byte[] block = Snappy.compress(data);
        assertEquals(size, Snappy.declaredLength(block));
        assertArrayEquals(data, Snappy.decompress(block, size));
    }
}
