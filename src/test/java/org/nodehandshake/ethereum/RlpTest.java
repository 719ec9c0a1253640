package org.nodehandshake.ethereum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RLP: the examples of the Ethereum wiki's RLP page (and go-ethereum's rlp tests), then each refusal. */
class RlpTest {

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    private static String hexOf(Rlp.Item item) {
        return HexFormat.of().formatHex(Rlp.encode(item));
    }

    private static Rlp.Item decode(String h) throws MalformedRlpException {
        return Rlp.decode(hex(h), 1000);
    }

    @Test
    void theWikiExamplesEncode() {
        assertEquals("83646f67", hexOf(Rlp.text("dog")));
        assertEquals("c88363617483646f67", hexOf(Rlp.list(Rlp.text("cat"), Rlp.text("dog"))));
        assertEquals("80", hexOf(Rlp.text("")));
        assertEquals("c0", hexOf(Rlp.list()));
        assertEquals("80", hexOf(Rlp.number(0)));
        assertEquals("00", hexOf(Rlp.bytes(new byte[] {0})));
        assertEquals("0f", hexOf(Rlp.number(15)));
        assertEquals("820400", hexOf(Rlp.number(1024)));
        assertEquals("c7c0c1c0c3c0c1c0", hexOf(Rlp.list(Rlp.list(), Rlp.list(Rlp.list()),
                Rlp.list(Rlp.list(), Rlp.list(Rlp.list())))));
        assertEquals("b8384c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e7365637465747572206164697069736963696e6720656c6974",
                hexOf(Rlp.text("Lorem ipsum dolor sit amet, consectetur adipisicing elit")));
    }

    @Test
    void theWikiExamplesDecodeBack() throws Exception {
        assertEquals("dog", decode("83646f67").text("s"));
        assertEquals(2, decode("c88363617483646f67").list("l").size());
        assertEquals(1024, decode("820400").number("n"));
        assertEquals(0, decode("80").number("n"));
        assertEquals(Rlp.list(Rlp.list(), Rlp.list(Rlp.list()), Rlp.list(Rlp.list(), Rlp.list(Rlp.list()))),
                decode("c7c0c1c0c3c0c1c0"));
    }

    @Test
    void longListsUseTheLongForm() throws Exception {
        Rlp.Item[] sixty = new Rlp.Item[60];
        java.util.Arrays.fill(sixty, Rlp.number(1));
        byte[] encoded = Rlp.encode(Rlp.list(sixty));
        assertEquals(0xf8, encoded[0] & 0xff);
        assertEquals(60, encoded[1]);
        assertEquals(60, Rlp.decode(encoded, 100).list("l").size());
    }

    @Test
    void bigNumbersRoundTrip() throws Exception {
        BigInteger td = new BigInteger("58750003716598352816469");
        assertEquals(td, Rlp.decode(Rlp.encode(Rlp.number(td)), 1).bigNumber("td"));
    }

    @Test
    void aPrefixLeavesTheRestAlone() throws Exception {
        Rlp.Decoded d = Rlp.decodePrefix(hex("c28080" + "0000ff"), 10);
        assertEquals(3, d.length());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
        "8100",         // a single byte below 0x80 must encode as itself
        "817f",
        "b80100",       // long form for a short string
        "b90000",       // length with a leading zero
        "83646f",       // declares 3 bytes, 2 left
        "c3646f",       // list declares 3 bytes, 2 left
        "bbffffffff",   // declares 4 GiB
        "bcffffffffff", // a 5-byte length
        "",             // nothing
        "c18364",       // child runs past its list
    })
    void malformedInputIsRefused(String input) {
        assertThrows(MalformedRlpException.class, () -> decode(input));
    }

    @Test
    void trailingBytesAreRefused() {
        MalformedRlpException e = assertThrows(MalformedRlpException.class, () -> decode("8000"));
        assertTrue(e.getMessage().contains("1 bytes after"), e.getMessage());
    }

    @Test
    void depthIsBounded() {
        byte[] deep = new byte[Rlp.MAX_DEPTH + 2];
        for (int i = 0; i < deep.length; i++) {
            deep[i] = (byte) (0xc0 + deep.length - 1 - i);
        }
        assertThrows(MalformedRlpException.class, () -> Rlp.decode(deep, 1000));
    }

    @Test
    void itemCountIsBounded() {
        Rlp.Item[] many = new Rlp.Item[50];
        java.util.Arrays.fill(many, Rlp.number(1));
        byte[] encoded = Rlp.encode(Rlp.list(many));
        assertThrows(MalformedRlpException.class, () -> Rlp.decode(encoded, 50)); // 51 items with the list
    }

    @Test
    void integersAreCanonical() throws Exception {
        assertThrows(MalformedRlpException.class, () -> decode("820001").number("n"));
        assertThrows(MalformedRlpException.class, () -> decode("89010000000000000000").number("n"));
        assertArrayEquals(new byte[] {1, 0}, decode("820100").bytes("b"));
    }

    @Test
    void listsAndStringsAreNotConfused() throws Exception {
        assertThrows(MalformedRlpException.class, () -> decode("c0").bytes("b"));
        assertThrows(MalformedRlpException.class, () -> decode("80").list("l"));
    }
}
