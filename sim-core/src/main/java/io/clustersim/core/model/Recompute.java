package io.clustersim.core.model;

/** Activation recomputation (Korthikanti et al. 2022). */
public enum Recompute {
    /** Keep every activation for backward. */
    NONE,
    /** Recompute only the attention core (scores, softmax, dropout): drops the s² activations. */
    SELECTIVE,
    /** Keep only each layer's input; recompute the whole forward pass in backward. */
    FULL
}
