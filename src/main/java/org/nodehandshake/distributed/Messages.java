package org.nodehandshake.distributed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON of the jobs and results topics. Everything read from Kafka is untrusted input (anyone who can
 * write to the topic can write anything): the size is checked before parsing, the parser is bounded (nesting,
 * string lengths), and every message is validated before it is used; a message that is not valid is
 * {@link Read.Refused} with the reason, never an exception.
 */
public final class Messages {

    /** The message format; a message of another version is refused. */
    public static final int VERSION = 1;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Set<String> OUTCOMES = Set.of("SUCCESS", "PARTIAL", "FAILED");
    private static final int MAX_TEXT = 4096;

    private final ObjectMapper mapper;
    private final int maxBytes;
    private final int maxAddresses;

    /**
     * @param maxBytes the largest message read; a larger one is refused unread
     * @param maxAddresses the most addresses one seed's observation may list (the per-seed cap)
     */
    public Messages(int maxBytes, int maxAddresses) {
        this.maxBytes = maxBytes;
        this.maxAddresses = maxAddresses;
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // later versions may add fields
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxStringLength(64 * 1024).maxNumberLength(32).maxDocumentLength(maxBytes)
                .build());
    }

    /** The outcome of reading one message: the message, or why it was refused. */
    public sealed interface Read<T> {
        /** Goes on with an accepted message; a refusal stays one. */
        default <U> Read<U> flatMap(java.util.function.Function<T, Read<U>> next) {
            if (this instanceof Accepted<T> accepted) {
                return next.apply(accepted.message());
            }
            return new Refused<>(((Refused<T>) this).reason());
        }

        record Accepted<T>(T message) implements Read<T> {
        }

        record Refused<T>(String reason) implements Read<T> {
        }
    }

    public byte[] write(Object message) {
        try {
            return mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not writable as JSON: " + message.getClass().getSimpleName(), e);
        }
    }

    public Read<CheckJob> readJob(byte[] bytes) {
        return read(bytes, CheckJob.class).flatMap(job -> {
            if (job.version() != VERSION) {
                return refused("version " + job.version() + " (expected " + VERSION + ")");
            }
            if (!validId(job.runId()) || !validId(job.jobId())) {
                return refused("runId and jobId: 1-64 letters, digits, '-'");
            }
            if (job.vantage() == null || !KafkaSettings.VANTAGE_NAME.matcher(job.vantage()).matches()) {
                return refused("not a vantage name: " + shortened(job.vantage()));
            }
            if (!validText(job.seed()) || !validText(job.network())) {
                return refused("seed and network are required");
            }
            return new Read.Accepted<>(job);
        });
    }

    public Read<CheckResult> readResult(byte[] bytes) {
        return read(bytes, CheckResult.class).flatMap(result -> {
            if (result.version() != VERSION) {
                return refused("version " + result.version() + " (expected " + VERSION + ")");
            }
            if (!validId(result.runId()) || !validId(result.jobId())) {
                return refused("runId and jobId: 1-64 letters, digits, '-'");
            }
            if (result.vantage() == null || !KafkaSettings.VANTAGE_NAME.matcher(result.vantage()).matches()) {
                return refused("not a vantage name: " + shortened(result.vantage()));
            }
            if (result.observation() == null) {
                return refused("no observation");
            }
            return observationProblem(result.observation()).<Read<CheckResult>>map(Messages::refused)
                    .orElse(new Read.Accepted<>(result));
        });
    }

    /** What makes an observation unusable, first problem only. */
    private java.util.Optional<String> observationProblem(SeedObservation o) {
        if (!validText(o.seed()) || !validText(o.network())) {
            return java.util.Optional.of("observation: seed and network are required");
        }
        if (o.port() < 1 || o.port() > 65535) {
            return java.util.Optional.of("observation: port out of range: " + o.port());
        }
        if (o.addresses().size() > maxAddresses || o.results().size() > o.addresses().size()) {
            return java.util.Optional.of("observation: " + o.addresses().size() + " addresses and " + o.results().size()
                    + " results (at most " + maxAddresses + " addresses, one result each)");
        }
        Set<String> addresses = new HashSet<>();
        for (String address : o.addresses()) {
            if (address == null || !ADDRESS.matcher(address).matches() || !addresses.add(address)) {
                return java.util.Optional.of("observation: not a distinct IP address: " + shortened(address));
            }
        }
        Set<String> answered = new HashSet<>();
        for (ObservedResult r : o.results()) {
            if (r == null || r.address() == null || !addresses.contains(r.address()) || !answered.add(r.address())) {
                return java.util.Optional.of("observation: a result for an address not listed, or twice");
            }
            if (!OUTCOMES.contains(r.outcome()) || !validText(r.stage())) {
                return java.util.Optional.of("observation: not an outcome: " + shortened(r.outcome()));
            }
        }
        return java.util.Optional.empty();
    }

    private <T> Read<T> read(byte[] bytes, Class<T> type) {
        if (bytes == null) {
            return refused("empty message");
        }
        if (bytes.length > maxBytes) {
            return refused(bytes.length + " bytes (at most " + maxBytes + ", handshake.kafka.max-message-bytes)");
        }
        try {
            T message = mapper.readValue(bytes, type);
            return message == null ? refused("null") : new Read.Accepted<>(message);
        } catch (IOException | RuntimeException e) {
            return refused("not a " + type.getSimpleName() + ": " + shortened(e.getMessage()));
        }
    }

    private static <T> Read<T> refused(String reason) {
        return new Read.Refused<>(reason);
    }

    private static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    private static boolean validText(String text) {
        return text != null && !text.isBlank() && text.length() <= MAX_TEXT;
    }

    /** A peer's text in a log line: one line, at most 200 characters. */
    static String shortened(String text) {
        if (text == null) {
            return "null";
        }
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

}
