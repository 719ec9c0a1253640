package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.testing.DnsmasqServer;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportSchema;
import org.nodehandshake.testing.SilentListener;

/**
 * All at once, not one after another: a seed with 100 addresses, half of them silent until the
 * deadline, half refusing, ends in about one timeout. Coarse bound only; speed is measured in bench/.
 */
class ConcurrentSweepIT {

    static final int PORT = 18444;
    static final int TIMEOUT_MS = 3000;

    @Test
    void hundredAddressesHalfSilentEndWithinOneTimeout(@TempDir Path reports) throws Exception {
        List<String> addresses = new ArrayList<>();
        List<SilentListener> silent = new ArrayList<>();
        DnsmasqServer dns = null;
        try {
            for (int i = 1; i <= 100; i++) {
                String ip = "127.0.1." + i;
                addresses.add(ip);
                if (i % 2 == 0) {
                    silent.add(new SilentListener(ip, PORT));
                }
            }
            dns = DnsmasqServer.start("127.0.0.32", Map.of("many.test", addresses), Map.of());

            Processes.Result run = LitecoinSeedIT.runJar("many.test", Integer.toString(PORT), Integer.toString(TIMEOUT_MS),
                    "--network", "regtest", "--dns-server", dns.address(), "--allow-private",
                    "--report-dir", reports.toString());

            assertEquals(1, run.exitCode(), run::toString);
            JsonNode report = ReportSchema.assertValid(reports.resolve("latest.json"));
            JsonNode results = report.at("/seeds/0/results");
            assertEquals(100, results.size());
            Set<String> seen = new HashSet<>();
            int timedOut = 0;
            int refused = 0;
            for (JsonNode r : results) {
                assertTrue(seen.add(r.get("address").asText()), "each address once");
                String code = r.get("reasonCode").asText();
                String stage = r.get("stage").asText();
                timedOut += code.equals("timeout") && stage.equals("sent") ? 1 : 0;
                refused += code.equals("connect-refused") && stage.equals("connect") ? 1 : 0;
            }
            assertEquals(new HashSet<>(addresses), seen);
            assertEquals(50, timedOut);
            assertEquals(50, refused);
            long runMillis = Duration.between(Instant.parse(report.get("startedAt").asText()),
                    Instant.parse(report.get("finishedAt").asText())).toMillis();
            System.out.println("ConcurrentSweepIT: 100 addresses (50 silent, 50 refusing), timeout "
                    + TIMEOUT_MS + " ms: run took " + runMillis + " ms");
            assertTrue(runMillis < 2L * TIMEOUT_MS, "100 handshakes took " + runMillis + " ms");
        } finally {
            for (SilentListener s : silent) {
                s.close();
            }
            if (dns != null) {
                dns.close();
            }
        }
    }
}
