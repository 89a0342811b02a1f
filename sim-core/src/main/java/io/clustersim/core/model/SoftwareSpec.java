package io.clustersim.core.model;

/**
 * What the training software does, as far as step time is concerned.
 *
 * @param flashAttention       fused attention that never writes the s×s scores to HBM (and skips
 *                             the masked half of causal attention)
 * @param overlapGradReduce    data-parallel gradient reduction overlapped with backward
 */
public record SoftwareSpec(boolean flashAttention, boolean overlapGradReduce) {

    /** A current stack: flash attention, gradient reduction overlapped with backward. */
    public static SoftwareSpec modern() {
        return new SoftwareSpec(true, true);
    }
}
