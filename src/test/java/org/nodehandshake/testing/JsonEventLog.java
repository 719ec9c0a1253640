package org.nodehandshake.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The JSON-lines event file a real peer's script writes (one object per line, {@code "event"} naming it),
 * read while the peer runs: what the ethereumjs and js-libp2p harnesses share.
 */
public final class JsonEventLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Process process;

    public JsonEventLog(Path file, Process process) {
        this.file = file;
        this.process = process;
    }

    /** Every event printed so far, in order (a partly written last line is left for the next call). */
    public List<JsonNode> events() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        for (String line : text.split("\n", -1)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                events.add(JSON.readTree(line));
            } catch (IOException e) {
                break; // the line being written
            }
        }
        return events;
    }

    /** The events named {@code event}. */
    public List<JsonNode> events(String event) throws IOException {
        return events().stream().filter(named(event)).toList();
    }

    /** Waits for an event that matches; empty at the deadline or when the peer exited without one. */
    public Optional<JsonNode> awaitEvent(Predicate<JsonNode> matches, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            Optional<JsonNode> found = events().stream().filter(matches).findFirst();
            if (found.isPresent()) {
                return found;
            }
            if (!process.isAlive()) {
                return events().stream().filter(matches).findFirst();
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    public static Predicate<JsonNode> named(String event) {
        return e -> event.equals(e.path("event").asText());
    }
}
