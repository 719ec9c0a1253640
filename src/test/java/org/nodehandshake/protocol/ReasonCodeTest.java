package org.nodehandshake.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The vocabulary itself: codes and stage labels are distinct kebab-case words, printed as the report
 * prints them; every code is produced somewhere in the code base and asserted by some test.
 *
 * <p>Where each code is asserted (fast suite unless marked verify):
 * <ul>
 *   <li>non-routable: HandshakerConnectFailureTest; LitecoinSeedIT (verify)
 *   <li>connect-refused: HandshakerConnectFailureTest (500 connects), CheckSeedsRouteTest; ITs
 *   <li>connect-timeout: HandshakerConnectFailureTest (a real one on loopback: a full accept queue),
 *       HandshakeSessionTest, SessionSupervisorTest
 *   <li>connect-unreachable: HandshakerConnectFailureTest, as the mapping of the channel's exception
 *       only. A real one cannot be produced here: every loopback address has a route, and the tests
 *       send nothing beyond 127.0.0.0/8 (nor change the host's firewall to fake an ICMP answer).
 *   <li>connect-failed: HandshakerConnectFailureTest (an event loop shut down; the mapping)
 *   <li>timeout: SessionSupervisorTest, HandshakeSessionTest, both handler tests, ListenRouteTest; the
 *       hostile-peer suites (verify)
 *   <li>closed-by-peer: SessionSupervisorTest; the hostile-peer suites, MoneroSeedIT (verify)
 *   <li>reset-by-peer, io-error, internal-error: HandshakeSessionTest, both handler tests
 *   <li>wrong-network, bad-checksum, oversized-frame, malformed-frame, too-many-bytes: the decoder tests,
 *       the handler tests; too-many-frames: HandshakeBudgetTest and the handler tests
 *   <li>malformed-message, obsolete-version, self-connection, protocol-violation: the handler tests;
 *       refused-by-peer: MoneroHandshakeHandlerTest
 *   <li>v2-refused: V2LoopbackTest (our v1-only responder); LitecoinTransportIT (verify)
 * </ul>
 */
class ReasonCodeTest {

    private static final String KEBAB = "[a-z0-9]+(-[a-z0-9]+)*";

    @Test
    void codesAreDistinctKebabCaseWordsPrintedAsTheyAre() {
        Set<String> seen = new TreeSet<>();
        for (ReasonCode code : ReasonCode.values()) {
            assertTrue(code.code().matches(KEBAB), code.code());
            assertEquals(code.name().toLowerCase().replace('_', '-'), code.code(), "the code is the constant's name");
            assertEquals(code.code(), code.toString());
            assertTrue(seen.add(code.code()), "twice: " + code.code());
        }
    }

    @Test
    void stageLabelsAreDistinctKebabCaseWordsInTheirOrder() {
        assertEquals(List.of("none", "connect", "connected", "sent", "peer-hello", "concluded"),
                Arrays.stream(Stage.values()).map(Stage::label).toList());
        for (Stage stage : Stage.values()) {
            assertTrue(stage.label().matches(KEBAB), stage.label());
            assertEquals(stage.label(), stage.toString());
        }
    }

    @Test
    void everyCodeIsProducedByTheCodeBase() {
        Set<String> unused = unmentioned(Path.of("src/main/java"), null);
        assertEquals(Set.of(), unused, "codes no main code produces");
    }

    /**
     * A reminder, not a proof: a code that no test source names (this one aside) has no test asserting
     * it. The list above says which tests do.
     */
    @Test
    void everyCodeIsNamedByATest() {
        Set<String> unused = unmentioned(Path.of("src/test/java"), Path.of("src/test/java/org/nodehandshake/protocol/ReasonCodeTest.java"));
        assertEquals(Set.of(), unused, "codes no test names");
    }

    private static Set<String> unmentioned(Path root, Path except) {
        String all;
        try (Stream<Path> files = Files.walk(root)) {
            all = files.filter(p -> p.toString().endsWith(".java") && !p.equals(except))
                    .map(ReasonCodeTest::read).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> unused = new TreeSet<>();
        for (ReasonCode code : ReasonCode.values()) {
            if (!all.contains("ReasonCode." + code.name())) {
                unused.add(code.name());
            }
        }
        return unused;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
