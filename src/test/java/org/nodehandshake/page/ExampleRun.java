package org.nodehandshake.page;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.nodehandshake.bitcoin.BitcoinPeer;
import org.nodehandshake.history.HistoryStatus;
import org.nodehandshake.history.NodeUptime;
import org.nodehandshake.history.SeedTrend;
import org.nodehandshake.report.DnsReport;
import org.nodehandshake.report.HealthThresholds;
import org.nodehandshake.report.ResultReport;
import org.nodehandshake.report.RunReport;
import org.nodehandshake.report.SeedHealth;
import org.nodehandshake.report.SeedReport;
import org.nodehandshake.report.Summary;

/**
 * A realistic example run for the README's screenshot and the renderer's tests: four mainnet DNS seeds, one
 * HEALTHY, two DEGRADED (a low success rate with a filter mismatch; nodes behind), one DOWN (SERVFAIL), each with
 * a week of history. The addresses are documentation ranges (RFC 5737, RFC 3849): made up, never contacted. A fixed
 * random seed makes it the same every time.
 */
public final class ExampleRun {

    static final List<String> TALLIES = List.of("userAgents", "protocolVersions", "services");
    static final Instant STARTED = Instant.parse("2026-12-02T04:00:00.112Z");
    static final long BEST = 926_114;
    private static final String[] AGENTS = {"/Satoshi:29.0.0/", "/Satoshi:29.0.0/", "/Satoshi:28.1.0/",
            "/Satoshi:28.1.0/", "/Satoshi:27.2.0/", "/Satoshi:29.0.0/", "/Satoshi:26.0.0/", "/Satoshi:28.0.0/",
            "/Satoshi:29.0.0(bitcore)/", "/btcwire:0.5.0/btcd:0.24.2/", "/Satoshi:25.1.0/Knots:20250305/"};

    private ExampleRun() {
    }

    public static RunReport report() {
        Random random = new Random(15);
        List<SeedReport> seeds = List.of(
                seed(random, "seed.bitcoin.sipa.be", null, 25, 22, 1, 0),
                seed(random, "dnsseed.bluematt.me", "x9", 12, 5, 0, 0),
                down("seed.btc.petertodd.net"),
                seed(random, "seed.bitcoin.jonasschnelli.ch", null, 8, 7, 0, 3));
        RunReport run = RunReport.of(STARTED, STARTED.plusMillis(5_412), seeds, HealthThresholds.DEFAULTS, TALLIES);
        List<SeedReport> recorded = new ArrayList<>();
        int i = 0;
        for (SeedReport seed : run.seeds()) {
            recorded.add(seed.withHistory(seed.results().stream()
                    .map(r -> r.contacted() ? r.withUptime(uptime(r)) : r).toList(), trend(i++, seed)));
        }
        return run.withHistory(recorded, new HistoryStatus("sqlite", "reports/history.db", null)).withReportWriteFailures(0);
    }

    /** A resolved seed: {@code success} SUCCESS, {@code partial} PARTIAL, the rest FAILED; {@code behind} nodes 20 blocks back. */
    static SeedReport seed(Random random, String name, String filter, int addresses, int success, int partial, int behind) {
        List<String> literals = new ArrayList<>();
        List<ResultReport> results = new ArrayList<>();
        String[] failures = {"timeout", "connect-refused", "connect-timeout", "timeout", "reset-by-peer", "closed-by-peer",
                "timeout"};
        for (int i = 0; i < addresses; i++) {
            String address = i % 5 == 4 ? "2001:db8:" + Integer.toHexString(0x100 + random.nextInt(3000)) + "::"
                    + Integer.toHexString(random.nextInt(65535))
                    : (i % 3 == 0 ? "192.0.2." : i % 3 == 1 ? "198.51.100." : "203.0.113.") + (1 + random.nextInt(250));
            if (literals.contains(address)) {
                i--;
                continue;
            }
            literals.add(address);
            long connect = 18 + random.nextInt(160);
            if (i < success) {
                long height = i < behind ? BEST - 20 : BEST - random.nextInt(2);
                long services = i % 3 == 2 ? 0x409 : 0xc09;
                List<String> missing = filter != null && i == 1 ? List.of("NODE_WITNESS") : List.of();
                if (!missing.isEmpty()) {
                    services = 0x401;
                }
                BitcoinPeer peer = new BitcoinPeer(70016, AGENTS[random.nextInt(AGENTS.length)], services, height, true);
                results.add(new ResultReport(address, 8333, "SUCCESS", null, null, "concluded", connect,
                        connect + 40 + random.nextInt(300), peer.report(List.of("version", "wtxidrelay", "sendaddrv2", "verack")),
                        missing, Map.of(), Optional.of(peer), null));
            } else if (i < success + partial) {
                BitcoinPeer peer = new BitcoinPeer(70016, "/Satoshi:28.1.0/", 0x409, BEST, true);
                results.add(new ResultReport(address, 8333, "PARTIAL", "timed out after 5000 ms waiting for verack",
                        "timeout", "peer-hello", connect, null, peer.report(List.of("version")), Optional.of(peer)));
            } else {
                String code = failures[(i - success) % failures.length];
                boolean connected = !code.startsWith("connect");
                results.add(new ResultReport(address, 8333, "FAILED", reason(code), code, connected ? "sent" : "connect",
                        connected ? connect : null, null, null, Optional.empty()));
            }
        }
        int failed = addresses - success - partial;
        Map<String, DnsReport> dns = new LinkedHashMap<>();
        int ipv6 = (int) literals.stream().filter(a -> a.contains(":")).count();
        dns.put("A", new DnsReport("NOERROR", 20 + random.nextInt(60), addresses - ipv6, 60L, 3600L, false, false, null,
                "unsigned", null, null));
        dns.put("AAAA", new DnsReport("NOERROR", 20 + random.nextInt(60), ipv6, 60L, 3600L, false, false, null,
                "unsigned", null, null));
        return new SeedReport(name, "bitcoin", 8333, literals, null, new Summary(success, partial, failed), results, 0,
                filter, null, Map.of(), dns, ipv6 == 0, null, null);
    }

    static SeedReport down(String name) {
        Map<String, DnsReport> dns = new LinkedHashMap<>();
        dns.put("A", new DnsReport("SERVFAIL", 1_204, 0, null, null, false, false, null, "unsigned", null, null));
        dns.put("AAAA", new DnsReport("SERVFAIL", 1_198, 0, null, null, false, false, null, "unsigned", null, null));
        return new SeedReport(name, "bitcoin", 8333, List.of(),
                "DNS lookup of " + name + " returned no addresses (A: SERVFAIL; AAAA: SERVFAIL)", new Summary(0, 0, 0),
                List.of(), 0, null, null, Map.of(), dns, null, null, null);
    }

    private static String reason(String code) {
        return switch (code) {
            case "timeout" -> "timed out after 5000 ms waiting for version";
            case "connect-refused" -> "connection refused";
            case "connect-timeout" -> "no TCP connection within 5000 ms";
            case "reset-by-peer" -> "connection reset by peer";
            default -> "peer closed the connection before its version";
        };
    }

    private static NodeUptime uptime(ResultReport r) {
        double day = "SUCCESS".equals(r.outcome()) ? 0.958 : 0.25;
        return new NodeUptime(day, day, day, Math.min(1, day + 0.01), day, 1_008, "2026-11-02T04:10:00.503Z",
                "SUCCESS".equals(r.outcome()) ? STARTED.toString() : "2026-12-01T22:10:00.244Z");
    }

    /** A day of runs every 10 minutes (144) and a week (1,008), shaped per seed. */
    private static SeedTrend trend(int index, SeedReport seed) {
        SeedHealth health = seed.health();
        return switch (index) {
            case 0 -> new SeedTrend(window(144, Map.of("HEALTHY", 141, "DEGRADED", 3), 0.872, 0.64, 0.96, 0.04),
                    window(1_008, Map.of("HEALTHY", 990, "DEGRADED", 18), 0.861, 0.52, 0.96, 0.02));
            case 1 -> new SeedTrend(window(144, Map.of("HEALTHY", 40, "DEGRADED", 104), 0.498, 0.333, 0.75, -0.25),
                    window(1_008, Map.of("HEALTHY", 650, "DEGRADED", 340, "DOWN", 18), 0.611, 0.0, 0.833, -0.333));
            case 2 -> new SeedTrend(window(144, Map.of("DEGRADED", 20, "DOWN", 124), 0.061, 0.0, 0.6, -0.6),
                    window(1_008, Map.of("HEALTHY", 700, "DEGRADED", 184, "DOWN", 124), 0.574, 0.0, 0.9, -0.8));
            default -> new SeedTrend(window(144, Map.of("HEALTHY", 96, "DEGRADED", 48), 0.79, 0.5, 1.0, -0.125),
                    window(1_008, Map.of("HEALTHY", 930, "DEGRADED", 78), 0.842, 0.5, 1.0, health.successRate() - 0.875));
        };
    }

    private static SeedTrend.Window window(int runs, Map<String, Integer> verdicts, double mean, double min, double max,
                                           double change) {
        return new SeedTrend.Window(runs, verdicts, mean, min, max, Math.round(change * 1000) / 1000.0);
    }
}
