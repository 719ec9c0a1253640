package org.nodehandshake.history;

/**
 * The run report's {@code history} section: where the run was recorded, and why not when it was not.
 *
 * @param store {@code sqlite} or {@code postgresql}
 * @param location the database file, or the server URL without its query (no credentials)
 * @param error null when the run was recorded and read back; otherwise the one line that was logged
 */
public record HistoryStatus(String store, String location, String error) {
}
