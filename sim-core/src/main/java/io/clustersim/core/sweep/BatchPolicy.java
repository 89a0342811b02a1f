package io.clustersim.core.sweep;

/**
 * What happens to the global batch when a sweep changes the number of chips (and so the number of
 * data-parallel replicas).
 */
public enum BatchPolicy {
    /**
     * Every replica keeps its micro-batch and its micro-batches per step, so the global batch grows
     * with the replicas (weak scaling; the usual way to use more chips). Past the critical batch
     * the extra tokens are charged (the reference batch stays the base scenario's).
     */
    PER_REPLICA,
    /**
     * The global batch stays the base scenario's; the replicas share it (strong scaling). A point
     * whose replicas do not divide it into whole micro-batches cannot run.
     */
    GLOBAL
}
