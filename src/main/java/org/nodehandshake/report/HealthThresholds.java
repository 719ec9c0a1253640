package org.nodehandshake.report;

/**
 * When a seed counts as HEALTHY, DEGRADED or DOWN ({@code handshake.health.*}).
 *
 * @param healthySuccessRate at least this share of the seed's addresses concluded a handshake
 * @param healthyMinAddresses and the seed handed out at least this many addresses
 * @param behindBlocks a node whose start height is more than this many blocks below the best height
 *     seen in the run counts as behind
 * @param maxBehindShare and no more than this share of the nodes that claimed a height are behind
 * @param maxFilterMismatchShare and no more than this share of the nodes that concluded a handshake with a
 *     filtered seed lack a service the filter asked for
 * @param maxGroupShare and no more than this share of the seed's addresses sit in one network group
 */
public record HealthThresholds(double healthySuccessRate, int healthyMinAddresses, int behindBlocks,
                               double maxBehindShare, double maxFilterMismatchShare, double maxGroupShare) {

    public static final HealthThresholds DEFAULTS = new HealthThresholds(0.5, 5, 6, 0.25, 0.1, 0.5);

    public HealthThresholds {
        if (healthySuccessRate < 0 || healthySuccessRate > 1) {
            throw new IllegalArgumentException("handshake.health.healthy-success-rate must be within 0..1");
        }
        if (healthyMinAddresses < 0 || behindBlocks < 0) {
            throw new IllegalArgumentException("handshake.health.* thresholds must not be negative");
        }
        if (!within01(maxBehindShare) || !within01(maxFilterMismatchShare) || !within01(maxGroupShare)) {
            throw new IllegalArgumentException("handshake.health.max-*-share must be within 0..1");
        }
    }

    /** The first three thresholds, the shares at their defaults. */
    public HealthThresholds(double healthySuccessRate, int healthyMinAddresses, int behindBlocks) {
        this(healthySuccessRate, healthyMinAddresses, behindBlocks, 0.25, 0.1, 0.5);
    }

    private static boolean within01(double share) {
        return share >= 0 && share <= 1;
    }
}
