package org.nodehandshake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The asmap interpreter and its sanity check against a hand-assembled map: 1.2.0.0/16 -> AS13335,
 * 2001:db8::/32 -> AS64512, everything else 0.
 */
class AsmapTest {

    /** ::ffff:1.2.0.0 and 2001:db8:: as bytes. */
    private static final int[] MAPPED = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2};
    private static final int[] DOC = {0x20, 0x01, 0x0d, 0xb8};

    /**
     * Both prefixes start with the bits 00; the third bit tells them apart (0 for ::ffff:0:0/96, 1 for
     * 2001::); the rest of each prefix is matched, then its ASN returned; a mismatch answers the
     * default, 0.
     */
    static byte[] goldenMap() {
        AsmapAssembler ipv4 = new AsmapAssembler().matchAll(AsmapAssembler.bits(3, 112, MAPPED)).ret(13335);
        AsmapAssembler ipv6 = new AsmapAssembler().matchAll(AsmapAssembler.bits(3, 32, DOC)).ret(64512);
        return new AsmapAssembler().match("00").jump(ipv4, ipv6).bytes();
    }

    /** The assembled bytes, pinned: a change to the assembler that changes them shows here. */
    static final String GOLDEN_HEX =
            "8b0e7d7f80fd01f607d81f607f80fd01f607d81f607f80fdc1f7ffdfff637f883d84056d7f80fd21f6b7dd1bf2fe07";

    @Test
    void theGoldenMapIsTheseBytes() {
        assertEquals(GOLDEN_HEX, HexFormat.of().formatHex(goldenMap()));
    }

    @ParameterizedTest
    @CsvSource({
        "1.2.3.4, 13335",
        "1.2.0.0, 13335",
        "1.2.255.255, 13335",
        "::ffff:1.2.3.4, 13335",
        "2002:102:304::1, 13335", // 6to4 of 1.2.3.4
        "2001:0:4136:e378:8000:63bf:fefd:fcfb, 13335", // Teredo of 1.2.3.4 (inverted)
        "64:ff9b::102:304, 13335", // NAT64 of 1.2.3.4
        "1.3.0.0, 0",
        "1.1.255.255, 0",
        "8.8.8.8, 0",
        "0.0.0.0, 0",
        "2001:db8::1, 64512",
        "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, 64512",
        "2001:db9::, 0",
        "2001:db7::, 0",
        "2a01:4f8::1, 0",
        "::, 0",
        "ffff::, 0",
    })
    void eachAddressHasItsAsn(String address, int asn) throws IOException {
        assertEquals(asn, Asmap.of(goldenMap()).lookup(InetAddress.getByName(address)));
    }

    @Test
    void theInputIsTheRaw128BitsOfAnIpv6Address() {
        Asmap map = Asmap.of(goldenMap());
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 1;
        mapped[13] = 2;
        assertEquals(13335, map.lookup(mapped));
        assertEquals("Asmap[" + goldenMap().length + " bytes]", map.toString());
        assertThrows(IllegalArgumentException.class, () -> map.lookup(new byte[4]));
    }

    @Test
    void theGoldenMapPassesTheSanityCheckAndNoShorterPrefixDoes() {
        byte[] map = goldenMap();
        assertTrue(Asmap.sanityCheck(map, 128));
        for (int n = 0; n < map.length; n++) {
            assertFalse(Asmap.sanityCheck(Arrays.copyOf(map, n), 128), n + " of " + map.length + " bytes");
        }
    }

    @Test
    void aTruncatedFileIsRefused() {
        byte[] map = goldenMap();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Asmap.of(Arrays.copyOf(map, map.length - 1)));
        assertTrue(e.getMessage().startsWith("not a valid asmap"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Asmap.of(new byte[0]));
    }

    @Test
    void paddingMustBeZeroAndShort() {
        AsmapAssembler one = new AsmapAssembler().ret(7);
        assertTrue(one.bitCount() % 8 != 0, "there is padding to set");
        byte[] map = one.bytes();
        assertTrue(Asmap.sanityCheck(map, 128));
        assertEquals(7, Asmap.of(map).lookup(new byte[16]));
        byte[] nonzero = map.clone();
        nonzero[nonzero.length - 1] |= (byte) 0x80;
        assertFalse(Asmap.sanityCheck(nonzero, 128), "a padding bit set");
        assertFalse(Asmap.sanityCheck(Arrays.copyOf(map, map.length + 1), 128), "a whole byte of padding");
    }

    @Test
    void programsTheCheckRefuses() {
        // a RETURN right after a DEFAULT, two DEFAULTs in a row
        assertFalse(Asmap.sanityCheck(new AsmapAssembler().defaultAsn(5).ret(6).bytes(), 128));
        assertFalse(Asmap.sanityCheck(new AsmapAssembler().defaultAsn(5).defaultAsn(6).match("1").ret(6).bytes(), 128));
        // two short MATCHes in a row
        assertFalse(Asmap.sanityCheck(new AsmapAssembler().match("1").match("0").ret(6).bytes(), 128));
        // more input consumed than there is: 17 MATCHes of 8 bits = 136 > 128
        AsmapAssembler tooLong = new AsmapAssembler();
        for (int i = 0; i < 17; i++) {
            tooLong.match("00000000");
        }
        assertFalse(Asmap.sanityCheck(tooLong.ret(1).bytes(), 128));
        // the same for 8 input bits: only one of 8 bits fits
        assertTrue(Asmap.sanityCheck(new AsmapAssembler().match("00000000").ret(1).bytes(), 8));
        assertFalse(Asmap.sanityCheck(new AsmapAssembler().match("00000000").match("0").ret(1).bytes(), 8));
        // no RETURN at all
        assertFalse(Asmap.sanityCheck(new AsmapAssembler().defaultAsn(5).match("1").bytes(), 128));
        // a DEFAULT then a MATCH then a RETURN is fine, and the default answers a mismatch
        byte[] withDefault = new AsmapAssembler().defaultAsn(5).match("1").ret(6).bytes();
        assertTrue(Asmap.sanityCheck(withDefault, 128));
        byte[] high = new byte[16];
        high[0] = (byte) 0x80;
        assertEquals(6, Asmap.of(withDefault).lookup(high));
        assertEquals(5, Asmap.of(withDefault).lookup(new byte[16]));
    }

    @Test
    void largeAsnsAndJumpsRoundTrip() {
        long asn = (1L << 25) - (1L << 15); // the largest ASN the code can write
        AsmapAssembler zero = new AsmapAssembler().ret(asn);
        AsmapAssembler one = new AsmapAssembler().ret(1);
        byte[] map = new AsmapAssembler().jump(zero, one).bytes();
        assertEquals((int) asn, Asmap.of(map).lookup(new byte[16]));
        byte[] high = new byte[16];
        high[0] = (byte) 0x80;
        assertEquals(1, Asmap.of(map).lookup(high));
    }

    @Test
    void aFileIsReadAndCheckedOnce(@TempDir Path dir) throws IOException {
        Path good = Files.write(dir.resolve("good.map"), goldenMap());
        assertEquals(13335, Asmap.read(good).lookup(InetAddress.getByName("1.2.3.4")));
        Path truncated = Files.write(dir.resolve("cut.map"), Arrays.copyOf(goldenMap(), 5));
        String message = assertThrows(IllegalArgumentException.class, () -> Asmap.read(truncated)).getMessage();
        assertTrue(message.startsWith("asmap file " + truncated + ": not a valid asmap"), message);
        String missing = assertThrows(IllegalArgumentException.class, () -> Asmap.read(dir.resolve("none"))).getMessage();
        assertEquals("no asmap file " + dir.resolve("none"), missing);
        Path huge = Files.write(dir.resolve("huge.map"), new byte[Asmap.MAX_FILE_BYTES + 1]);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Asmap.read(huge)).getMessage()
                .contains("larger than 8388608 bytes"));
    }

    @Test
    void groupsByAsnWhereMappedAndByPrefixElsewhere() throws IOException {
        AddressGroups groups = AddressGroups.of(Asmap.of(goldenMap()));
        assertEquals("asmap", groups.grouping());
        assertEquals("prefix", AddressGroups.PREFIX.grouping());
        Map<String, Integer> counts = groups.countOf(List.of("1.2.3.4", "8.8.8.8", "1.2.200.1", "2001:db8::1",
                "2001:db8:1::2", "2002:102:304::1", "8.8.4.4", "2001:db9::1", "seed.example"));
        assertEquals(List.of("AS13335", "8.8.0.0/16", "AS64512", "2001:db9::/32"), List.copyOf(counts.keySet()));
        assertEquals(List.of(3, 2, 2, 1), List.copyOf(counts.values()));
        assertEquals("1.2.0.0/16", AddressGroups.PREFIX.groupOf(InetAddress.getByName("1.2.3.4")));
    }
}
