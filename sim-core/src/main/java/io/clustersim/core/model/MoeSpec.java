package io.clustersim.core.model;

/**
 * Mixture-of-experts MLP: which layers have one, how many experts, how many each token visits.
 *
 * @param experts          routed experts per MoE layer
 * @param topK             routed experts each token visits
 * @param sharedExperts    always-active experts per MoE layer (DeepSeek style), 0 for none
 * @param expertFfnHidden  inner width of one expert's MLP
 * @param layerFrequency   every {@code layerFrequency}-th layer is an MoE layer (1 = all)
 */
public record MoeSpec(int experts, int topK, int sharedExperts, int expertFfnHidden, int layerFrequency) {

    public MoeSpec {
        // each message names its own field first: the scenario loader points at that key's line
        if (experts <= 0) {
            throw new IllegalArgumentException("experts must be > 0, was " + experts);
        }
        if (topK <= 0 || topK > experts) {
            throw new IllegalArgumentException("top-k must be in 1.." + experts + " (the experts), was " + topK);
        }
        if (sharedExperts < 0) {
            throw new IllegalArgumentException("shared-experts must be >= 0, was " + sharedExperts);
        }
        if (expertFfnHidden <= 0) {
            throw new IllegalArgumentException("expert-ffn-hidden must be > 0, was " + expertFfnHidden);
        }
        if (layerFrequency <= 0) {
            throw new IllegalArgumentException("every (MoE layer frequency) must be > 0, was " + layerFrequency);
        }
    }

    /** MoE layers among {@code layers}. */
    public int moeLayers(int layers) {
        return layers / layerFrequency;
    }
}
