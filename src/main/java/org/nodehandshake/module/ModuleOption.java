package org.nodehandshake.module;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A command-line option a protocol adds: {@code --name VALUE} sets {@code property}, which the module
 * reads and validates when it builds its handshake (once, at start: a bad value is a usage error). The CLI lists these in its help and parses them
 * like its own.
 *
 * @param name the option, e.g. {@code --user-agent}
 * @param valueName what the help calls its value, e.g. {@code UA}
 * @param property the {@code handshake.*} property it sets
 * @param help one line for the help text, naming the protocols it applies to and the default
 */
public record ModuleOption(String name, String valueName, String property, String help) {

    private static final Pattern NAME = Pattern.compile("--[a-z][a-z0-9-]*");

    public ModuleOption {
        Objects.requireNonNull(valueName, "valueName");
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(help, "help");
        if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
            throw new IllegalArgumentException("an option is --lower-case-words: " + name);
        }
        if (!property.startsWith("handshake.")) {
            throw new IllegalArgumentException("a module option sets a handshake.* property: " + property);
        }
    }
}
