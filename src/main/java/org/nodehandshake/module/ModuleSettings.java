package org.nodehandshake.module;

import java.time.Clock;
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

    /** A property's trimmed value; empty when unset or blank. */
    public Optional<String> property(String key) {
        return properties.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }
}
