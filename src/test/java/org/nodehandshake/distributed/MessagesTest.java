package org.nodehandshake.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The messages of the jobs and results topics: what is read back is what was written; each rule refuses on its own. */
class MessagesTest {

    static final String RUN = "11111111-2222-3333-4444-555555555555";
    static final String JOB = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    final Messages messages = new Messages(64 * 1024, 4);

    static ObservedResult result(String address, String outcome) {
        return new ObservedResult(address, 8333, outcome, null, null, "concluded", 3L, 5L,
                Map.of("userAgent", "/x:1/"), List.of(), Map.of(), 100L, Map.of("userAgents", List.of("/x:1/")));
    }

    static SeedObservation observation(List<String> addresses, List<ObservedResult> results) {
        return new SeedObservation("seed.example", "regtest", 8333, addresses, null, 0, null, Map.of(), Map.of(), null,
                results);
    }

    static CheckResult checkResult(SeedObservation observation) {
        return new CheckResult(Messages.VERSION, RUN, JOB, "east", "seed.example:8333@regtest", observation);
    }

    private String refusal(Messages.Read<?> read) {
        return assertInstanceOf(Messages.Read.Refused.class, read).reason();
    }

    private String refusalOf(String json) {
        return refusal(messages.readResult(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aJobReadsBackAsWritten() {
        CheckJob job = new CheckJob(Messages.VERSION, RUN, JOB, "east", "seed.example", 8333, "regtest", "x9", Map.of());
        assertEquals(job, assertInstanceOf(Messages.Read.Accepted.class, messages.readJob(messages.write(job))).message());
    }

    @Test
    void aResultReadsBackAsWritten() {
        CheckResult result = checkResult(observation(List.of("1.1.1.1", "2001:db8::1"),
                List.of(result("1.1.1.1", "SUCCESS"), result("2001:db8::1", "FAILED"))));
        assertEquals(result, assertInstanceOf(Messages.Read.Accepted.class, messages.readResult(messages.write(result)))
                .message());
    }

    @Test
    void aResultOverTheCapIsRefusedUnread() {
        byte[] big = new byte[64 * 1024 + 1];
        assertTrue(refusal(messages.readResult(big)).contains("at most 65536"), "refused by size");
    }

    @Test
    void notJsonIsRefused() {
        assertTrue(refusalOf("{not json").startsWith("not a CheckResult"));
    }

    @Test
    void anotherVersionIsRefused() {
        assertTrue(refusalOf("{\"version\":2,\"runId\":\"" + RUN + "\",\"jobId\":\"" + JOB + "\",\"vantage\":\"east\"}")
                .startsWith("version 2"));
    }

    @Test
    void anIdThatIsNoIdIsRefused() {
        assertTrue(refusalOf("{\"version\":1,\"runId\":\"../../x\",\"jobId\":\"" + JOB + "\",\"vantage\":\"east\"}")
                .startsWith("runId and jobId"));
    }

    @Test
    void aVantageThatIsNoNameIsRefused() {
        assertTrue(refusalOf("{\"version\":1,\"runId\":\"" + RUN + "\",\"jobId\":\"" + JOB + "\",\"vantage\":\"a b\"}")
                .startsWith("not a vantage name"));
    }

    @Test
    void aResultWithoutObservationIsRefused() {
        assertEquals("no observation", refusal(messages.readResult(messages.write(checkResult(null)))));
    }

    @Test
    void moreAddressesThanThePerSeedCapAreRefused() {
        List<String> five = List.of("1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4", "1.1.1.5");
        assertTrue(refusal(messages.readResult(messages.write(checkResult(observation(five, List.of())))))
                .contains("at most 4 addresses"));
    }

    @Test
    void anAddressThatIsNoIpAddressIsRefused() {
        assertTrue(refusal(messages.readResult(messages.write(checkResult(observation(List.of("evil.example"),
                List.of()))))).contains("not a distinct IP address"));
    }

    @Test
    void anAddressListedTwiceIsRefused() {
        assertTrue(refusal(messages.readResult(messages.write(checkResult(observation(List.of("1.1.1.1", "1.1.1.1"),
                List.of()))))).contains("not a distinct IP address"));
    }

    @Test
    void aResultForAnAddressNotListedIsRefused() {
        assertTrue(refusal(messages.readResult(messages.write(checkResult(observation(List.of("1.1.1.1"),
                List.of(result("9.9.9.9", "SUCCESS"))))))).contains("not listed"));
    }

    @Test
    void anOutcomeOutsideTheVocabularyIsRefused() {
        assertTrue(refusal(messages.readResult(messages.write(checkResult(observation(List.of("1.1.1.1"),
                List.of(result("1.1.1.1", "GREAT"))))))).contains("not an outcome: GREAT"));
    }

    @Test
    void nestingBeyondTheParsersBoundIsRefused() {
        String deep = "[".repeat(100) + "]".repeat(100);
        assertTrue(refusalOf("{\"version\":1,\"observation\":{\"discovery\":{\"x\":" + deep + "}}}")
                .startsWith("not a CheckResult"));
    }

    @Test
    void aJobWithoutSeedIsRefused() {
        CheckJob job = new CheckJob(Messages.VERSION, RUN, JOB, "east", null, 8333, "regtest", null, Map.of());
        assertEquals("seed and network are required", refusal(messages.readJob(messages.write(job))));
    }
}
