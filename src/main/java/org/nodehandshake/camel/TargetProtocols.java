package org.nodehandshake.camel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.module.ModuleSettings;
import org.nodehandshake.module.ProtocolModule;
import org.nodehandshake.module.ProtocolRegistry;
import org.nodehandshake.protocol.HandshakeProtocol;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Network;

/**
 * The handshake for each target: its network's module builds it from the run's settings overlaid with the
 * target's seed-entry settings ({@code ;transport=v1} sets the module's property for that entry only). Each
 * distinct (network, settings) is built once and shared; {@link HandshakeBeans} builds those of the
 * configured seeds at start, so a bad value fails the start, and any other on first use, checked the same way.
 */
final class TargetProtocols implements Function<HandshakeTarget, HandshakeProtocol> {

    private record Choice(Network network, Map<String, String> settings) {
    }

    private final ProtocolRegistry registry;
    private final ModuleSettings runSettings;
    private final Map<Choice, HandshakeProtocol> built = new ConcurrentHashMap<>();

    TargetProtocols(ProtocolRegistry registry, ModuleSettings runSettings) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.runSettings = Objects.requireNonNull(runSettings, "runSettings");
    }

    @Override
    public HandshakeProtocol apply(HandshakeTarget target) {
        return of(target.network(), target.settings());
    }

    /** The network's handshake with the run's settings alone. */
    HandshakeProtocol of(Network network) {
        return of(network, Map.of());
    }

    /**
     * The network's handshake with these entry settings (short name -> value). Invalid values throw
     * {@link IllegalArgumentException}; an entry's refusal names the setting by its short name.
     */
    HandshakeProtocol of(Network network, Map<String, String> entrySettings) {
        return built.computeIfAbsent(new Choice(network, Map.copyOf(entrySettings)), this::build);
    }

    /** Builds the seed's handshake now; an invalid value is refused naming {@code source} and the entry. */
    void check(String source, Seed seed) {
        try {
            of(seed.network(), seed.settings());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": '" + seed.label() + "': " + e.getMessage(), e);
        }
    }

    private HandshakeProtocol build(Choice choice) {
        ProtocolModule module = registry.moduleOf(choice.network());
        if (choice.settings().isEmpty()) {
            return module.handshake(choice.network(), runSettings);
        }
        Map<String, String> accepted = module.seedSettings();
        Map<String, String> properties = new LinkedHashMap<>();
        choice.settings().forEach((name, value) -> {
            String key = accepted.get(name);
            if (key == null) {
                throw new IllegalArgumentException("unknown setting " + name + " for " + choice.network().id());
            }
            properties.put(key, value);
        });
        try {
            return module.handshake(choice.network(), runSettings.overlay(properties));
        } catch (IllegalArgumentException e) {
            // The module names its property; the entry said the short name.
            String message = String.valueOf(e.getMessage());
            for (Map.Entry<String, String> setting : accepted.entrySet()) {
                message = message.replace(setting.getValue(), setting.getKey());
            }
            throw new IllegalArgumentException(message, e);
        }
    }
}
