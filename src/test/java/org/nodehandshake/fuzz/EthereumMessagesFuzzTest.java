package org.nodehandshake.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import org.nodehandshake.ethereum.DisconnectReason;
import org.nodehandshake.ethereum.EthStatus;
import org.nodehandshake.ethereum.Hello;
import org.nodehandshake.ethereum.MalformedRlpException;
import org.nodehandshake.ethereum.Rlp;
import org.nodehandshake.ethereum.Snappy;

/**
 * The devp2p message readers on any input: Hello, eth/68 and eth/69 Status, Disconnect, and the Snappy
 * block decoder. Each gives a value that keeps its promises (within its limits, written back and read
 * again equal) or its own checked exception ({@link MalformedRlpException}, {@link Snappy.SnappyException}),
 * never anything else. Half the time the input is built as RLP from fuzzer-chosen items, to reach past
 * the first list header.
 */
class EthereumMessagesFuzzTest {

    static {
        FuzzWire.quietLogging();
    }

    private static final int SNAPPY_CAP = 4096;

    @FuzzTest(maxDuration = "20s")
    void read(FuzzedDataProvider data) throws Exception {
        int target = data.consumeInt(0, 4);
        byte[] input = data.consumeBoolean() ? Rlp.encode(item(data, 0)) : data.consumeRemainingAsBytes();
        switch (target) {
            case 0 -> hello(input);
            case 1 -> status(input, 68);
            case 2 -> status(input, 69);
            case 3 -> disconnect(input);
            default -> snappy(input);
        }
    }

    /** An RLP value from fuzzer choices: lists up to 4 deep, strings of any bytes. */
    private static Rlp.Item item(FuzzedDataProvider data, int depth) {
        if (depth < 4 && data.remainingBytes() > 0 && data.consumeInt(0, 3) == 0) {
            List<Rlp.Item> items = new ArrayList<>();
            int n = data.consumeInt(0, 8);
            for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
                items.add(item(data, depth + 1));
            }
            return Rlp.list(items);
        }
        return switch (data.consumeInt(0, 3)) {
            case 0 -> Rlp.number(data.consumeLong() & Long.MAX_VALUE);
            case 1 -> Rlp.bytes(data.consumeBytes(data.consumeInt(0, 80)));
            case 2 -> Rlp.text(data.consumeAsciiString(40));
            default -> Rlp.bytes(new byte[] {(byte) data.consumeInt(0, 255)});
        };
    }

    private static void hello(byte[] input) throws Exception {
        Hello hello;
        try {
            hello = Hello.decode(input);
        } catch (MalformedRlpException e) {
            return;
        }
        assertTrue(hello.capabilities().size() <= Hello.MAX_CAPABILITIES);
        assertTrue(hello.clientId().length() <= Hello.MAX_CLIENT_ID);
        assertTrue(hello.clientId().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable for the report");
        assertEquals(64, hello.nodeId().length);
        assertTrue(hello.listenPort() >= 0 && hello.listenPort() <= 65535);
        assertEquals(hello, Hello.decode(hello.encode()));
    }

    private static void status(byte[] input, int version) throws Exception {
        EthStatus status;
        try {
            status = EthStatus.decode(input, version);
        } catch (MalformedRlpException e) {
            return;
        }
        assertEquals(version, status.version());
        assertEquals(32, status.genesis().length);
        assertEquals(32, status.headHash().length);
        assertEquals(version == 68, status.totalDifficulty().isPresent());
        byte[] again = status.encode();
        assertArrayEquals(again, EthStatus.decode(again, version).encode());
    }

    private static void disconnect(byte[] input) {
        try {
            DisconnectReason.decode(input);
        } catch (MalformedRlpException e) {
            // refused: the handshake reports "unreadable reason"
        }
    }

    private static void snappy(byte[] input) throws Exception {
        byte[] out;
        try {
            out = Snappy.decompress(input, SNAPPY_CAP);
        } catch (Snappy.SnappyException e) {
            return;
        }
        assertTrue(out.length <= SNAPPY_CAP);
        assertEquals(out.length, Snappy.declaredLength(input));
        assertArrayEquals(out, Snappy.decompress(Snappy.compress(out), SNAPPY_CAP));
    }
}
