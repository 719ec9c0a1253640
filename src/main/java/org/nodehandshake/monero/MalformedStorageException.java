package org.nodehandshake.monero;

/**
 * A body that is not a portable storage blob we accept. The message names the rule that broke and,
 * where it helps, the field path ({@code node_data.network_id}) and the byte offset in the body.
 */
public final class MalformedStorageException extends Exception {

    public MalformedStorageException(String message) {
        super(message);
    }
}
