package org.nodehandshake.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Tagged hashes against values computed independently with Python's hashlib
 * (sha256(sha256(tag) + sha256(tag) + data)).
 */
class TaggedHashTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theSchnorrChallengeTagOverPartsIsTheHashOfTheirConcatenation() {
        String expected = "770a5b7e7c304bbcc3ea107343ff951dd404312ef418db0c3b94e2ebfbb50087"; // over "abc"
        assertEquals(expected, HEX.formatHex(TaggedHash.sha256("BIP0340/challenge", "abc".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(expected, HEX.formatHex(TaggedHash.sha256("BIP0340/challenge",
                "a".getBytes(StandardCharsets.US_ASCII), new byte[0], "bc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void anEmptyTagWithNoParts() {
        assertEquals("2dba5dbc339e7316aea2683faf839c1b7b1ee2313db792112588118df066aa35",
                HEX.formatHex(TaggedHash.sha256("")));
    }

    @Test
    void theTagIsHashedAsUtf8() {
        assertEquals("8cd4c4ef4ba263c392acc19cdacbdd3bb57c5167877fdf0c44db8eb980d514b3",
                HEX.formatHex(TaggedHash.sha256("\u00fc", new byte[1])));
    }
}
