package org.nodehandshake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Asmaps written by the reference client's own encoder (contrib/asmap/asmap.py, {@code ASMap(entries).to_binary()}),
 * run here: the bytes and the answers its trie gave for each address ({@code ASMap.lookup}), recorded once.
 * GOLDEN maps 1.2.0.0/16 -> 13335 and 2001:db8::/32 -> 64512; NESTED maps 10.0.0.0/8 -> 1000, 10.1.0.0/16 ->
 * 2000, 10.1.2.0/24 -> 1000, 2001:db8::/32 -> 64512, 2001:db8:1::/48 -> 65000, 2a00::/12 -> 3333,
 * 2a01:4f8::/32 -> 24940, 1.2.0.0/16 -> 13335, 1.2.3.0/24 -> 5696000 (encoded with 31 MATCH, 3 JUMP,
 * 5 DEFAULT and 4 RETURN instructions).
 * The {@code fill} encodings may answer anything for unmapped ranges, so only mapped ones are compared.
 */
class AsmapEncoderVectorsTest {

    static final String GOLDEN = "8b0e7d0fec0fb03fc0fe00fb03ec0fb03fc0fe00fb03ec0fb0fffffefffb03ee0f84056d0fec0fb83fecfe1df2fe07";
    static final String GOLDEN_FILL = "6741db28ef7f";
    static final String NESTED = "8bae73ec0fb03fc0fe00fb03ec0fb03fc0fe00fb03ec0fb03ffcfefffb3f54b7717fa0b3a0ed0fec4fb7fcd"
            + "f74e0f3fd010f3ebf3f10e0f3d1581bf607dc1f76ff8ee7fdbf3fc0fe80f23ddf4f7058901dee0fb2ff07436b";
    static final String NESTED_FILL = "8bae73ec0fb03fc0fe00fb03ec0fb03fc0fe00fb03ec0fb03ffcfefffb3f54b7717fa0b3a0ed0fec4fb7"
            + "fcdf74e0f3fd010f3ebf3f10e0f3d1581bf607dc1f76ff8ee7fdbf3fc0fe80f23ddf745890fd01f707d9ff83a135";

    private static Asmap map(String hex) {
        return Asmap.of(HexFormat.of().parseHex(hex));
    }

    @ParameterizedTest
    @ValueSource(strings = {GOLDEN, GOLDEN_FILL, NESTED, NESTED_FILL})
    void theEncodersOutputPassesTheSanityCheckAndNoShorterPrefixDoes(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertTrue(Asmap.sanityCheck(bytes, 128));
        for (int n = 0; n < bytes.length; n++) {
            assertFalse(Asmap.sanityCheck(Arrays.copyOf(bytes, n), 128), n + " of " + bytes.length + " bytes");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "1.2.3.4, 13335, 5696000",
        "1.2.0.0, 13335, 13335",
        "1.3.0.0, 0, 0",
        "8.8.8.8, 0, 0",
        "10.0.0.1, 0, 1000",
        "10.1.0.1, 0, 2000",
        "10.1.2.3, 0, 1000",
        "10.1.3.3, 0, 2000",
        "10.255.255.255, 0, 1000",
        "11.0.0.0, 0, 0",
        "2001:db8::1, 64512, 64512",
        "2001:db8:1::5, 64512, 65000",
        "2001:db8:2::, 64512, 64512",
        "2001:db9::, 0, 0",
        "2a00::1, 0, 3333",
        "2a01:4f8::1, 0, 24940",
        "2a0f:ffff::1, 0, 3333",
        "2a10::, 0, 0",
        "::, 0, 0",
        "ffff::, 0, 0",
    })
    void eachAddressHasTheAsnTheEncodersTrieGave(String address, int golden, int nested) throws IOException {
        InetAddress ip = InetAddress.getByName(address);
        assertEquals(golden, map(GOLDEN).lookup(ip));
        assertEquals(nested, map(NESTED).lookup(ip));
        if (golden != 0) {
            assertEquals(golden, map(GOLDEN_FILL).lookup(ip));
        }
        if (nested != 0) {
            assertEquals(nested, map(NESTED_FILL).lookup(ip));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4", "2001:db8::1", "8.8.8.8", "2001:db9::"})
    void theEncodersGoldenMapAnswersAsTheHandAssembledOne(String address) throws IOException {
        InetAddress ip = InetAddress.getByName(address);
        assertEquals(Asmap.of(AsmapTest.goldenMap()).lookup(ip), map(GOLDEN).lookup(ip));
    }
}
