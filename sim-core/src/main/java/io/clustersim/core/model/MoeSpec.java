package io.clustersim.core.model;

/**
 * Mixture-of-experts MLP: which layers have one, how many experts, how many each token visits, and
 * how evenly the router spreads the tokens.
 *
 * <pre>{@code
 * // DeepSeek-V3: 256 routed experts, top-8, 1 shared, expert FFN 2048, first 3 layers dense,
 * // each token sent to at most 4 nodes
 * MoeSpec dsv3 = new MoeSpec(256, 8, 1, 2_048, 1, 3, 1.0, 4);
 * int moeLayers = dsv3.moeLayers(61); // 58
 * }</pre>
 *
 * @param experts          routed experts per MoE layer
 * @param topK             routed experts each token visits
 * @param sharedExperts    always-active experts per MoE layer (DeepSeek style), 0 for none; each
 *                         as wide as a routed expert
 * @param expertFfnHidden  inner width of one expert's MLP
 * @param layerFrequency   after the first dense layers, every {@code layerFrequency}-th layer is an
 *                         MoE layer (1 = all)
 * @param firstDense       leading layers that are dense (DeepSeek-V3: 3, Kimi K2: 1), whose MLP has
 *                         the model's dense FFN width
 * @param imbalance        the most-loaded expert's tokens over the mean (≥ 1; 1 = balanced, as the
 *                         published benchmark rows force; a capacity factor bounds it): the
 *                         slowest expert rank sets the pace of the layer
 * @param nodeLimit        node-limited routing: a token's experts lie in at most this many scale-up
 *                         domains (DeepSeek-V3: 4), and it crosses the scale-out fabric once per
 *                         domain; 0 for unlimited routing, where every expert copy is sent on its own
 * @param routing          which experts a token's top-k are ({@link Routing}: distinct uniform draws, or
 *                         consecutive experts as NeMo Automodel's benchmark gate picks them); with
 *                         {@code nodeLimit}, how far a token's copies spread ({@link ExpertReach})
 * @param expertBias       whether the experts' linear layers carry biases (gpt-oss); how the
 *                         software adds them is {@link ExpertBias} (Megatron-Core: the second per
 *                         expert; NeMo Automodel: both)
 */
public record MoeSpec(int experts, int topK, int sharedExperts, int expertFfnHidden, int layerFrequency,
                      int firstDense, double imbalance, int nodeLimit, Routing routing, boolean expertBias) {

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
        if (firstDense < 0) {
            throw new IllegalArgumentException("first-dense must be >= 0, was " + firstDense);
        }
        if (!(imbalance >= 1) || !Double.isFinite(imbalance)) {
            throw new IllegalArgumentException("imbalance (the most-loaded expert over the mean) must be >= 1, was "
                    + imbalance);
        }
        if (nodeLimit < 0) {
            throw new IllegalArgumentException("node-limit must be >= 0 (0 = unlimited), was " + nodeLimit);
        }
        java.util.Objects.requireNonNull(routing, "routing");
    }

    /** Experts without biases. */
    public MoeSpec(int experts, int topK, int sharedExperts, int expertFfnHidden, int layerFrequency,
                   int firstDense, double imbalance, int nodeLimit, Routing routing) {
        this(experts, topK, sharedExperts, expertFfnHidden, layerFrequency, firstDense, imbalance, nodeLimit,
                routing, false);
    }

    /** Random routing ({@link Routing#RANDOM}), as learned and force-balanced routers spread tokens; no biases. */
    public MoeSpec(int experts, int topK, int sharedExperts, int expertFfnHidden, int layerFrequency,
                   int firstDense, double imbalance, int nodeLimit) {
        this(experts, topK, sharedExperts, expertFfnHidden, layerFrequency, firstDense, imbalance, nodeLimit,
                Routing.RANDOM, false);
    }

    /** Every layer (after none dense) of {@code layerFrequency}, balanced, unlimited routing. */
    public MoeSpec(int experts, int topK, int sharedExperts, int expertFfnHidden, int layerFrequency) {
        this(experts, topK, sharedExperts, expertFfnHidden, layerFrequency, 0, 1.0, 0);
    }

    /** MoE layers among {@code layers}: every {@code layerFrequency}-th after the first dense ones. */
    public int moeLayers(int layers) {
        return Math.max(0, layers - firstDense) / layerFrequency;
    }
}
