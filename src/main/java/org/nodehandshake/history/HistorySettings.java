package org.nodehandshake.history;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code handshake.history.*} properties, read and checked once at start: a value that is not usable
 * throws {@link IllegalArgumentException} with a message that starts with its key.
 *
 * @param enabled {@code handshake.history.enabled}: record runs and add uptime and trends to reports
 * @param url {@code handshake.history.url}: a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL; empty means
 *     the SQLite file {@value #DEFAULT_FILE} in the report directory
 * @param user {@code handshake.history.user} (PostgreSQL)
 * @param password {@code handshake.history.password} (PostgreSQL); never logged nor reported
 * @param retentionDays {@code handshake.history.retention-days}: rows older than this are deleted
 * @param timeout {@code handshake.history.timeout-ms}: how long to wait for a lock or a connection
 */
public record HistorySettings(boolean enabled, Optional<String> url, Optional<String> user, Optional<String> password,
                              int retentionDays, Duration timeout) {

    public static final String DEFAULT_FILE = "history.db";
    public static final int DEFAULT_RETENTION_DAYS = 35;
    public static final int MAX_RETENTION_DAYS = 3650;
    public static final long DEFAULT_TIMEOUT_MS = 5000;

    public static final HistorySettings DISABLED =
            new HistorySettings(false, Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_RETENTION_DAYS,
                    Duration.ofMillis(DEFAULT_TIMEOUT_MS));

    public HistorySettings {
        url.ifPresent(u -> {
            if (!isSqlite(u) && !isPostgres(u)) {
                throw new IllegalArgumentException(
                        "handshake.history.url: not a jdbc:sqlite: or jdbc:postgresql: URL: " + redacted(u));
            }
        });
    }

    /** The properties of a lookup (Camel's properties component, a test's map). */
    public static HistorySettings from(Function<String, Optional<String>> properties) {
        Function<String, Optional<String>> text = key -> properties.apply(key).map(String::trim).filter(v -> !v.isEmpty());
        boolean enabled = text.apply("handshake.history.enabled").map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("handshake.history.enabled: expected true or false: " + v);
        }).orElse(true);
        return new HistorySettings(enabled, text.apply("handshake.history.url"), text.apply("handshake.history.user"),
                properties.apply("handshake.history.password").filter(p -> !p.isEmpty()),
                (int) number(text, "handshake.history.retention-days", DEFAULT_RETENTION_DAYS, 1, MAX_RETENTION_DAYS),
                Duration.ofMillis(number(text, "handshake.history.timeout-ms", DEFAULT_TIMEOUT_MS, 1, 600_000)));
    }

    private static long number(Function<String, Optional<String>> text, String key, long fallback, long min, long max) {
        Optional<String> value = text.apply(key);
        if (value.isEmpty()) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(value.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a number: " + value.get());
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(key + " out of range: " + value.get() + " (expected: " + min + "-" + max + ")");
        }
        return n;
    }

    /** The JDBC URL to open: the configured one, or the SQLite file in the report directory. */
    public String jdbcUrl(Path reportDir) {
        return url.orElse("jdbc:sqlite:" + reportDir.resolve(DEFAULT_FILE));
    }

    public boolean postgres() {
        return url.map(HistorySettings::isPostgres).orElse(false);
    }

    static boolean isSqlite(String url) {
        return url.regionMatches(true, 0, "jdbc:sqlite:", 0, "jdbc:sqlite:".length());
    }

    static boolean isPostgres(String url) {
        return url.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length());
    }

    /** A URL as it may be shown: without its query (where pgjdbc also takes a password). */
    public static String redacted(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
