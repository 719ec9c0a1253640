package org.nodehandshake.camel;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code handshake.*} value that is not valid, found while {@link HandshakeBeans} reads the settings
 * and builds the protocols: {@link HandshakeSettings}' or a protocol module's
 * {@link IllegalArgumentException}, told apart from Camel's own failures. Its message starts with the key.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final Pattern KEY = Pattern.compile("^(handshake\\.[A-Za-z0-9.-]*[A-Za-z0-9])[: ]");

    InvalidSettingException(IllegalArgumentException cause) {
        super(cause.getMessage(), cause);
    }

    /** The key the message starts with, if it does. */
    public Optional<String> key() {
        Matcher m = KEY.matcher(String.valueOf(getMessage()));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
