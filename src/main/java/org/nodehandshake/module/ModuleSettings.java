package org.nodehandshake.module;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a protocol module may read when it builds a handshake: the {@code handshake.*} properties (its
 * own keys among them, e.g. a user agent) and the clock.
 */
public record ModuleSettings(Function<String, Optional<String>> properties, Clock clock) {

    public ModuleSettings {
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(clock, "clock");
    }

    /** These settings with {@code values} (property key -> value) in place of what the properties say for those keys. */
    public ModuleSettings overlay(Map<String, String> values) {
        Map<String, String> over = Map.copyOf(values);
        return new ModuleSettings(key -> over.containsKey(key) ? Optional.of(over.get(key)) : properties.apply(key), clock);
    }

    /** A property's trimmed value; empty when unset or blank. */
    public Optional<String> property(String key) {
        return properties.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** A whole-number property within {@code min..max}, {@code fallback} when unset; see {@link #number(String, Optional, long, long, long)}. */
    public long number(String key, long fallback, long min, long max) {
        return number(key, property(key), fallback, min, max);
    }

    /**
     * The one way every layer reads a whole-number setting: {@code fallback} when absent; otherwise a
     * number within {@code min..max}, or an {@link IllegalArgumentException} whose message starts with the
     * key (so that the command line can name its option instead).
     */
    public static long number(String key, Optional<String> text, long fallback, long min, long max) {
        if (text.isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a number: " + text.get());
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " out of range: " + text.get() + " (expected: " + min + "-" + max + ")");
        }
        return value;
    }

    /** A true/false property, {@code fallback} when unset; see {@link #bool(String, Optional, boolean)}. */
    public boolean bool(String key, boolean fallback) {
        return bool(key, property(key), fallback);
    }

    /**
     * The one way every layer reads a true/false setting: {@code fallback} when absent; otherwise
     * {@code true} or {@code false} in any case, or an {@link IllegalArgumentException} whose message starts
     * with the key.
     */
    public static boolean bool(String key, Optional<String> text, boolean fallback) {
        return text.map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + ": expected true or false: " + v);
        }).orElse(fallback);
    }
}
