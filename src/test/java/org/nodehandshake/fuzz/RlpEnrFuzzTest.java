package org.nodehandshake.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.nodehandshake.ethereum.Enr;
import org.nodehandshake.ethereum.InvalidEnrException;
import org.nodehandshake.ethereum.MalformedRlpException;
import org.nodehandshake.ethereum.Rlp;

/**
 * The RLP reader and the EIP-778 node-record parser on any input. RLP: an item within the item and
 * depth limits that writes back to exactly the bytes read (the reader accepts canonical RLP only), or
 * {@link MalformedRlpException}. ENR: a record that is at most 300 bytes, has a 64-byte-key identity
 * and reads again equal from its own text, or {@link InvalidEnrException} with one of its documented
 * reasons. Nothing else may escape. Records are also built validly signed from fuzzer-chosen pairs and
 * then optionally broken at one byte, so that the parser is reached past the signature check.
 */
class RlpEnrFuzzTest {

    static {
        FuzzWire.quietLogging();
    }

    private static final Set<String> ENR_REASONS = Set.of(InvalidEnrException.MALFORMED, InvalidEnrException.TOO_LARGE,
            InvalidEnrException.UNSORTED_KEYS, InvalidEnrException.DUPLICATE_KEY, InvalidEnrException.UNKNOWN_SCHEME,
            InvalidEnrException.BAD_KEY, InvalidEnrException.BAD_SIGNATURE, InvalidEnrException.BAD_FIELD);
    /** One fixed key: signing costs the same whatever the key, and a fixed one keeps runs reproducible. */
    private static final BigInteger KEY = new BigInteger(
            "b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291", 16);
    private static final String[] KEYS = {"id", "ip", "ip6", "tcp", "udp", "tcp6", "udp6", "eth", "secp256k1", "snap", "z"};

    @FuzzTest(maxDuration = "20s")
    void read(FuzzedDataProvider data) throws Exception {
        switch (data.consumeInt(0, 3)) {
            case 0 -> rlp(data.consumeRemainingAsBytes());
            case 1 -> enrBytes(data.consumeRemainingAsBytes());
            case 2 -> enrText("enr:" + data.consumeRemainingAsAsciiString());
            default -> builtRecord(data);
        }
    }

    private static void rlp(byte[] input) throws Exception {
        Rlp.Item item;
        try {
            item = Rlp.decode(input, 512);
        } catch (MalformedRlpException e) {
            return;
        }
        assertArrayEquals(input, Rlp.encode(item), "canonical RLP writes back to the bytes read");
        assertTrue(depth(item) <= Rlp.MAX_DEPTH + 1);
        // a prefix read stops at the same place on the same bytes
        assertEquals(input.length, Rlp.decodePrefix(input, 512).length());
    }

    private static int depth(Rlp.Item item) {
        if (item instanceof Rlp.Items list) {
            int max = 0;
            for (Rlp.Item child : list.items()) {
                max = Math.max(max, depth(child));
            }
            return 1 + max;
        }
        return 1;
    }

    private static void enrBytes(byte[] input) throws Exception {
        Enr enr;
        try {
            enr = Enr.decode(input);
        } catch (InvalidEnrException e) {
            assertDocumented(e);
            return;
        }
        assertRecord(enr);
    }

    private static void enrText(String text) throws Exception {
        Enr enr;
        try {
            enr = Enr.parse(text);
        } catch (InvalidEnrException e) {
            assertDocumented(e);
            return;
        }
        assertEquals(text, enr.text(), "one record, one text");
        assertRecord(enr);
    }

    /** A valid v4 record from fuzzer-chosen pairs (sorted by the builder), optionally with one byte changed. */
    private static void builtRecord(FuzzedDataProvider data) throws Exception {
        Enr.Builder builder = Enr.builder(data.consumeLong() & Long.MAX_VALUE);
        if (data.consumeBoolean()) {
            builder.ip(InetAddress.getByAddress(padded(data.consumeBytes(4), 4)));
        }
        if (data.consumeBoolean()) {
            builder.tcp(data.consumeInt(1, 65535));
        }
        int extra = data.consumeInt(0, 4);
        for (int i = 0; i < extra; i++) {
            builder.set(data.pickValue(KEYS), item(data, 0));
        }
        byte[] encoded;
        try {
            encoded = builder.sign(KEY).encoded();
        } catch (IllegalArgumentException e) {
            // the builder refuses to sign what does not hold (a known field of the wrong shape): the parser
            // still gets the pairs, under a signature of zeros
            encoded = builder.encodeWith(new byte[64]);
        }
        if (data.consumeBoolean() && encoded.length > 0) {
            encoded[data.consumeInt(0, encoded.length - 1)] ^= (byte) data.consumeInt(1, 255);
        }
        if (data.consumeBoolean()) {
            enrText("enr:" + Base64.getUrlEncoder().withoutPadding().encodeToString(encoded));
        } else {
            enrBytes(encoded);
        }
    }

    private static Rlp.Item item(FuzzedDataProvider data, int depth) {
        if (depth < 3 && data.consumeInt(0, 3) == 0) {
            List<Rlp.Item> items = new ArrayList<>();
            int n = data.consumeInt(0, 4);
            for (int i = 0; i < n; i++) {
                items.add(item(data, depth + 1));
            }
            return Rlp.list(items);
        }
        return data.consumeBoolean() ? Rlp.number(data.consumeInt(0, 70000)) : Rlp.bytes(data.consumeBytes(data.consumeInt(0, 40)));
    }

    private static byte[] padded(byte[] b, int length) {
        return Arrays.copyOf(b, length);
    }

    private static void assertDocumented(InvalidEnrException e) {
        assertTrue(ENR_REASONS.contains(e.reason()), "undocumented reason " + e.reason() + ": " + e.getMessage());
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a refusal says why");
    }

    private static void assertRecord(Enr enr) throws Exception {
        assertTrue(enr.encoded().length <= Enr.MAX_SIZE);
        assertEquals(128, enr.publicKeyHex().length());
        assertEquals(64, enr.nodeIdHex().length());
        enr.tcp().ifPresent(p -> assertTrue(p >= 1 && p <= 65535));
        enr.udp().ifPresent(p -> assertTrue(p >= 1 && p <= 65535));
        enr.tcpEndpoint().ifPresent(e -> assertTrue(e.getPort() >= 1 && e.getPort() <= 65535));
        enr.eth().ifPresent(f -> assertEquals(4, f.hash().length));
        Enr again = Enr.parse(enr.text());
        assertEquals(enr, again);
        assertArrayEquals(enr.encoded(), again.encoded());
        assertEquals(enr.seq(), again.seq());
    }
}
