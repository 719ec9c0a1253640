package org.nodehandshake.module;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A command-line option a protocol adds: {@code --name VALUE} sets {@code property}, which the module
 * reads (and validates) when it builds its handshake. The CLI lists these in its help and parses them
 * like its own.
 *
 * @param name the option, e.g. {@code --user-agent}
 * @param valueName what the help calls its value, e.g. {@code UA}
 * @param property the {@code handshake.*} property it sets
 * @param help one line for the help text, naming the protocols it applies to and the default
 * @param problem what is wrong with a value, empty when it is fine: the module's own check, which the
 *     CLI asks before anything starts and the module applies again to the property
 */
public record ModuleOption(String name, String valueName, String property, String help,
                           Function<String, Optional<String>> problem) {

    private static final Pattern NAME = Pattern.compile("--[a-z][a-z0-9-]*");

    public ModuleOption {
        Objects.requireNonNull(valueName, "valueName");
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(problem, "problem");
        if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
            throw new IllegalArgumentException("an option is --lower-case-words: " + name);
        }
        if (!property.startsWith("handshake.")) {
            throw new IllegalArgumentException("a module option sets a handshake.* property: " + property);
        }
    }
}
