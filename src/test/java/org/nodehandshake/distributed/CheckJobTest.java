package org.nodehandshake.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.module.ProtocolRegistry;

/** A seed entry's own settings ({@code ;transport=v1}) travel with its job and are checked again by the worker. */
class CheckJobTest {

    static final ProtocolRegistry REGISTRY = ProtocolRegistry.builtIn();
    final Messages messages = new Messages(64 * 1024, 4);

    @Test
    void anEntrysSettingsTravelWithItsJobAndKeyItsResults() {
        Seed entry = REGISTRY.parseSeed("seed.example/x9;transport=v1", REGISTRY.requireNetwork("regtest"));
        CheckJob job = CheckJob.of(MessagesTest.RUN, MessagesTest.JOB, "east", entry);
        CheckJob read = (CheckJob) assertInstanceOf(Messages.Read.Accepted.class,
                messages.readJob(messages.write(job))).message();
        assertEquals(job, read);
        assertEquals(entry, read.toSeed(REGISTRY));
        assertEquals("seed.example;transport=v1:18444@regtest/x9", read.seedKey());
    }

    @Test
    void aJobWithoutSettingsIsTheBareEntry() {
        String json = "{\"version\":1,\"runId\":\"" + MessagesTest.RUN + "\",\"jobId\":\"" + MessagesTest.JOB
                + "\",\"vantage\":\"east\",\"seed\":\"seed.example\",\"port\":18444,\"network\":\"regtest\"}";
        CheckJob read = (CheckJob) assertInstanceOf(Messages.Read.Accepted.class,
                messages.readJob(json.getBytes(StandardCharsets.UTF_8))).message();
        assertEquals(Map.of(), read.settings());
        assertEquals(REGISTRY.parseSeed("seed.example", REGISTRY.requireNetwork("regtest")), read.toSeed(REGISTRY));
        assertEquals("seed.example:18444@regtest", read.seedKey());
    }

    @Test
    void aSettingTheNetworkDoesNotTakeIsRefusedByTheWorker() {
        CheckJob job = new CheckJob(1, MessagesTest.RUN, MessagesTest.JOB, "east", "seed.example", 18080, "monero", null,
                Map.of("transport", "v1"));
        assertThrows(IllegalArgumentException.class, () -> job.toSeed(REGISTRY));
    }

    @Test
    void aSettingWithABadValueIsRefusedByTheWorker() {
        CheckJob job = new CheckJob(1, MessagesTest.RUN, MessagesTest.JOB, "east", "seed.example", 18444, "regtest", null,
                Map.of("transport", "<v1>"));
        assertThrows(IllegalArgumentException.class, () -> job.toSeed(REGISTRY));
    }
}
