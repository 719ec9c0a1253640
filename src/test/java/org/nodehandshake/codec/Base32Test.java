package org.nodehandshake.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** RFC 4648 section 10's base32 vectors, without their padding, and the strict decoder's refusals. */
class Base32Test {

    @ParameterizedTest
    @CsvSource({"f,MY", "fo,MZXQ", "foo,MZXW6", "foob,MZXW6YQ", "fooba,MZXW6YTB", "foobar,MZXW6YTBOI"})
    void theRfcsVectors(String text, String base32) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals(base32, Base32.encode(bytes));
        assertArrayEquals(bytes, Base32.decode(base32).orElseThrow());
    }

    @Test
    void nonCanonicalTextIsRefused() {
        assertTrue(Base32.decode("mzxw6").isEmpty(), "lower case");
        assertTrue(Base32.decode("MZXW6===").isEmpty(), "padding");
        assertTrue(Base32.decode("MZ").isEmpty(), "trailing bits set");
        assertTrue(Base32.decode("MZX").isEmpty(), "a length no byte count has");
        assertTrue(Base32.decode("M1").isEmpty(), "a character outside the alphabet");
    }
}
