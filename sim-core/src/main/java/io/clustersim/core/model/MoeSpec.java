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
        if (experts <= 0 || topK <= 0 || topK > experts) {
            throw new IllegalArgumentException("moe needs experts > 0 and 0 < top-k <= experts (experts=" + experts
                    + ", top-k=" + topK + ")");
        }
        if (sharedExperts < 0 || expertFfnHidden <= 0 || layerFrequency <= 0) {
            throw new IllegalArgumentException("moe shared-experts must be >= 0, expert-ffn-hidden and every > 0");
        }
    }

    /** MoE layers among {@code layers}. */
    public int moeLayers(int layers) {
        return layers / layerFrequency;
    }
}
