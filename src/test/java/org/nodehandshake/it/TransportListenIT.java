package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.it.ResponderIT.awaitLine;
import static org.nodehandshake.it.ResponderIT.freePort;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportSchema;

/**
 * The packaged jar on both sides: a {@code --listen} process and one-shot checks against it, over v2
 * (the listener's default serves v2 and v1 on one port and announces NODE_P2P_V2), over v1 on the same
 * port, and {@code auto} against a listener started with {@code --listen-transport v1}.
 */
class TransportListenIT {

    static final String LISTEN_IP = "127.0.0.203";
    static final long NODE_P2P_V2 = 1L << 11;

    /** The one-shot's result against a listener started with {@code listenArgs}, and the listener's results. */
    private record Run(JsonNode outbound, List<JsonNode> inbound) {
    }

    private static Run run(Path dir, List<String> listenArgs, String... checkArgs) throws Exception {
        int port = freePort(LISTEN_IP);
        Path out = dir.resolve("listener.out");
        Path listenReports = dir.resolve("listen-reports");
        List<String> args = new ArrayList<>(List.of("--listen", LISTEN_IP + ":" + port, "--network", "regtest",
                "--timeout", "5000", "--report-dir", listenReports.toString()));
        args.addAll(listenArgs);
        Process listener = Jar.start(out, args.toArray(String[]::new));
        Thread hook = Processes.killOnExit(listener);
        try {
            awaitLine(out, "Listening for inbound regtest handshakes on " + LISTEN_IP + ":" + port, listener);
            Path reports = dir.resolve("reports");
            List<String> check = new ArrayList<>(List.of(LISTEN_IP, Integer.toString(port), "5000", "--network", "regtest",
                    "--report-dir", reports.toString()));
            check.addAll(List.of(checkArgs));
            Processes.Result result = Jar.run(check.toArray(String[]::new));
            System.out.println(result.stdout());
            JsonNode outbound = ReportSchema.assertValid(reports.resolve("latest.json")).at("/seeds/0/results/0");
            listener.destroy();
            assertTrue(listener.waitFor(30, TimeUnit.SECONDS), "stopped after SIGTERM");
            List<JsonNode> inbound = new ArrayList<>();
            ReportSchema.assertValid(listenReports.resolve("listener-latest.json")).at("/listener/results").forEach(inbound::add);
            return new Run(outbound, inbound);
        } finally {
            Processes.stop(listener, Duration.ofSeconds(1));
            Processes.forget(hook);
        }
    }

    @Test
    void v2BothWaysWithTheJar(@TempDir Path dir) throws Exception {
        Run run = run(dir, List.of(), "--transport", "v2");
        assertEquals("SUCCESS", run.outbound().get("outcome").asText(), run.outbound().toString());
        assertEquals("v2", run.outbound().get("transport").asText());
        BigInteger services = run.outbound().at("/peer/services").bigIntegerValue();
        assertEquals(NODE_P2P_V2, services.longValue() & NODE_P2P_V2, "a listener serving v2 announces NODE_P2P_V2");
        JsonNode in = run.inbound().get(0);
        assertEquals("SUCCESS", in.get("outcome").asText(), in.toString());
        assertEquals("v2", in.get("transport").asText());
    }

    @Test
    void v1OnTheSamePort(@TempDir Path dir) throws Exception {
        Run run = run(dir, List.of(), "--transport", "v1");
        assertEquals("SUCCESS", run.outbound().get("outcome").asText(), run.outbound().toString());
        assertEquals("v1", run.outbound().get("transport").asText());
        assertEquals("v1", run.inbound().get(0).get("transport").asText());
    }

    @Test
    void autoAgainstAListenerServingV1Only(@TempDir Path dir) throws Exception {
        Run run = run(dir, List.of("--listen-transport", "v1"));
        assertEquals("SUCCESS", run.outbound().get("outcome").asText(), run.outbound().toString());
        assertEquals("v1", run.outbound().get("transport").asText());
        assertTrue(run.outbound().get("v2Refused").asBoolean(), run.outbound().toString());
        assertEquals(0, run.outbound().at("/peer/services").asLong() & NODE_P2P_V2, "v1 only: no NODE_P2P_V2");
    }
}
