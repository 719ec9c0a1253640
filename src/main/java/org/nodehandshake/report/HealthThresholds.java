package org.nodehandshake.report;

/**
 * When a seed counts as HEALTHY, DEGRADED or DOWN ({@code handshake.health.*}).
 *
 * @param healthySuccessRate at least this share of the seed's addresses concluded a handshake
 * @param healthyMinAddresses and the seed handed out at least this many addresses
 * @param behindBlocks a node whose start height is more than this many blocks below the best height
 *     seen in the run counts as behind
 */
public record HealthThresholds(double healthySuccessRate, int healthyMinAddresses, int behindBlocks) {

    public static final HealthThresholds DEFAULTS = new HealthThresholds(0.5, 5, 6);

    public HealthThresholds {
        if (healthySuccessRate < 0 || healthySuccessRate > 1) {
            throw new IllegalArgumentException("handshake.health.healthy-success-rate must be within 0..1");
        }
        if (healthyMinAddresses < 0 || behindBlocks < 0) {
            throw new IllegalArgumentException("handshake.health.* thresholds must not be negative");
        }
    }
}
