package org.nodehandshake.history;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One node's (network, address, port) uptime from the history, this run included: per window the share of
 * the runs that checked it in which its handshake concluded (null when no run in the window checked it), the
 * windows DNS seeders judge nodes by (2 h, 8 h, a day, a week, a month); when it was first and last seen up (SUCCESS), null if never within
 * the retention; and how many runs checked it within the retention.
 */
@JsonPropertyOrder({"2h", "8h", "1d", "7d", "30d", "checks", "firstSeen", "lastSeen"})
public record NodeUptime(
        @JsonProperty("2h") Double twoHours,
        @JsonProperty("8h") Double eightHours,
        @JsonProperty("1d") Double day,
        @JsonProperty("7d") Double week,
        @JsonProperty("30d") Double month,
        int checks,
        String firstSeen,
        String lastSeen) {
}
