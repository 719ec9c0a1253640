package org.nodehandshake.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real Prometheus server (Debian's {@code prometheus}) on a 127.0.0.x address, scraping one target every
 * two seconds, its data in a temporary directory; {@link #query} asks its HTTP API. Stopped and its directory
 * deleted by {@link #close}, which a try-with-resources runs even when the test fails.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String address;
    private final Path dir;
    private final Process process;
    private final Thread killHook;

    private PrometheusServer(String address, Path dir, Process process) {
        this.address = address;
        this.dir = dir;
        this.process = process;
        this.killHook = Processes.killOnExit(process);
    }

    /** Starts Prometheus on {@code ip:port} scraping {@code target} ({@code host:port}, path /metrics) as job {@code job}. */
    public static PrometheusServer start(String ip, int port, String job, String target) throws Exception {
        Path prometheus = RealBinaries.require("prometheus", "prometheus");
        Path dir = Files.createTempDirectory("prometheus-");
        Path config = Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
                "global:",
                "  scrape_interval: 2s",
                "  scrape_timeout: 2s",
                "  evaluation_interval: 1s",
                "scrape_configs:",
                "  - job_name: " + job,
                "    static_configs:",
                "      - targets: ['" + target + "']",
                ""));
        String address = ip + ":" + port;
        Process process = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=" + address)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        PrometheusServer server = new PrometheusServer(address, dir, process);
        try {
            server.awaitReady(Duration.ofSeconds(30));
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("prometheus exited: " + log());
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("prometheus not ready after " + timeout + ": " + log());
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + pathAndQuery))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One sample of an instant vector: its labels and value. */
    public record Sample(JsonNode metric, double value) {
        public String label(String name) {
            return metric.path(name).asText();
        }
    }

    /** {@code /api/v1/query}: the instant vector of a PromQL expression now. */
    public List<Sample> query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IOException("query " + promql + " failed: " + response.body());
        }
        List<Sample> samples = new ArrayList<>();
        for (JsonNode result : body.at("/data/result")) {
            samples.add(new Sample(result.get("metric"), Double.parseDouble(result.at("/value/1").asText())));
        }
        return samples;
    }

    /** The one sample of {@code promql}, once there is exactly one (waiting for the scrapes, at most {@code timeout}). */
    public Optional<Sample> awaitOne(String promql, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Sample> samples = query(promql);
            if (samples.size() == 1) {
                return Optional.of(samples.get(0));
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            Thread.sleep(200);
        }
    }

    public String log() throws IOException {
        Path log = dir.resolve("prometheus.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Processes.forget(killHook);
        Processes.deleteTree(dir);
    }
}
