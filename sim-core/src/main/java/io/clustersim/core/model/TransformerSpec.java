package io.clustersim.core.model;

import io.clustersim.topology.Precision;

import java.util.Objects;

/**
 * A decoder-only transformer, dense or mixture-of-experts: shape, vocabulary, sequence length and
 * compute precision; optionally multi-head latent attention and multi-token prediction modules.
 *
 * <pre>{@code
 * TransformerSpec llama405b = TransformerSpec.builder()
 *         .architecture(Architecture.LLAMA).layers(126).hidden(16_384).heads(128).kvHeads(8)
 *         .ffnHidden(53_248).vocab(128_256).seqLen(8_192).build();
 * double n = llama405b.parameterCount(); // ~4.06e11
 * }</pre>
 *
 * @param architecture layer recipe (parameter counting)
 * @param layers       transformer layers
 * @param hidden       model (embedding) width
 * @param heads        attention (query) heads
 * @param kvHeads      key/value heads (grouped-query attention; = heads for multi-head attention;
 *                     1 for multi-query attention)
 * @param headDim      width of one attention head; hidden / heads unless stated (PaLM- and
 *                     Gemma-style models have heads·headDim ≠ hidden)
 * @param ffnHidden    inner width of the MLP
 * @param vocab        vocabulary size
 * @param seqLen       training sequence length, tokens
 * @param precision    precision of the matrix multiplications
 * @param moe          mixture-of-experts MLP, or {@code null} for a dense model
 * @param mla          multi-head latent attention, or {@code null} for ordinary (grouped-query)
 *                     attention; with MLA {@code kvHeads} is ignored (every head has its own key
 *                     and value, decompressed from the latent)
 * @param mtpModules   multi-token prediction modules (DeepSeek-V3: 1): each adds a projection and
 *                     one more transformer block (MoE for an MoE model) whose output shares the
 *                     output layer, run on the last pipeline stage; its parameters are not part of
 *                     {@link #parameterCount()} (published counts leave them out) but are of
 *                     {@link #mtpParameterCount()}
 * @param slidingWindow keys a query of a local (sliding-window) layer attends to, at most; 0 when
 *                     every layer attends to the whole causal prefix
 * @param globalEvery  with a window: every {@code globalEvery}-th layer is global (full causal
 *                     attention) and the others local — Gemma 2: 2, Gemma 3: 6; 0 = every layer
 *                     local (Mistral 7B)
 * @param swigluClamp  the bound gpt-oss clamps its SwiGLU inputs to (gate at most, linear half within
 *                     ± it: 7), or 0 for a plain SwiGLU; what it costs depends on the framework
 *                     ({@link Framework#clampsSwigluApart()})
 * @param ropeScaling  how the rotary embedding is scaled ({@link RopeScaling}): YaRN is applied
 *                     unfused by Megatron-Core ({@link Framework#fusesYarnRope()})
 */
public record TransformerSpec(
        Architecture architecture,
        int layers,
        int hidden,
        int heads,
        int kvHeads,
        int headDim,
        int ffnHidden,
        int vocab,
        int seqLen,
        Precision precision,
        MoeSpec moe,
        MlaSpec mla,
        int mtpModules,
        int slidingWindow,
        int globalEvery,
        double swigluClamp,
        RopeScaling ropeScaling) {

    public TransformerSpec {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(precision, "precision");
        requirePositive("layers", layers);
        requirePositive("hidden", hidden);
        requirePositive("heads", heads);
        requirePositive("kv-heads", kvHeads);
        requirePositive("head-dim", headDim);
        requirePositive("ffn-hidden", ffnHidden);
        requirePositive("vocab", vocab);
        requirePositive("seq-len", seqLen);
        if (slidingWindow < 0 || globalEvery < 0) {
            throw new IllegalArgumentException("sliding-window and global-every must be >= 0");
        }
        if (globalEvery > 0 && slidingWindow == 0) {
            throw new IllegalArgumentException("global-every needs a sliding-window");
        }
        if (!(swigluClamp >= 0) || !Double.isFinite(swigluClamp)) {
            throw new IllegalArgumentException("swiglu-clamp must be >= 0 (0 = none), was " + swigluClamp);
        }
        Objects.requireNonNull(ropeScaling, "ropeScaling");
        if (architecture == Architecture.GPT && swigluClamp > 0) {
            throw new IllegalArgumentException("swiglu-clamp needs a SwiGLU MLP (architecture llama); gpt's MLP is GELU");
        }
        if (architecture == Architecture.GPT && ropeScaling != RopeScaling.NONE) {
            throw new IllegalArgumentException("rope-scaling needs rotary positions (architecture llama); gpt's are learned");
        }
        if (mtpModules < 0) {
            throw new IllegalArgumentException("mtp-modules must be >= 0, was " + mtpModules);
        }
        if (moe != null && moe.firstDense() >= layers) {
            throw new IllegalArgumentException("first-dense (" + moe.firstDense() + ") must be less than the layers ("
                    + layers + ")");
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("kv-heads (" + kvHeads + ") must divide heads (" + heads + ")");
        }
    }

    private static void requirePositive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be > 0, was " + value);
        }
    }

    /** Width of the queries (and of the attention output) of all heads together: heads · headDim. */
    public int qDim() {
        return heads * headDim;
    }

    /** Width of the keys (and of the values) of all KV heads together. */
    public int kvDim() {
        return kvHeads * headDim;
    }

    /** Layers that attend through the sliding window (0 without one). */
    public int localLayers() {
        if (slidingWindow == 0) {
            return 0;
        }
        return globalEvery == 0 ? layers : layers - layers / globalEvery;
    }

    /**
     * Keys per query of one layer in the full-count convention (every query against every key:
     * {@code s} for a global layer), averaged over the layers: a local layer with window {@code w < s}
     * attends w − w²/(2s) keys on average under the causal mask, counted twice as the full-count
     * convention counts the causal s/2 as s — {@code 2w − w²/s}.
     */
    public double attentionSpanTokens() {
        double s = seqLen;
        if (slidingWindow == 0 || slidingWindow >= seqLen) {
            return s;
        }
        double w = slidingWindow;
        double local = 2 * w - w * w / s;
        int localLayers = localLayers();
        return (localLayers * local + (layers - localLayers) * s) / layers;
    }

    /** Whether this is a mixture-of-experts model. */
    public boolean isMoe() {
        return moe != null;
    }

    /** MLP weight matrices of one expert or dense MLP: 2 (GELU) or 3 (SwiGLU). */
    public int mlpMatrices() {
        return architecture == Architecture.LLAMA ? 3 : 2;
    }

    /** Whether attention is multi-head latent attention. */
    public boolean isMla() {
        return mla != null;
    }

    /** Per-head width of queries and keys (what attention scores contract over). */
    public int qkHeadDim() {
        return mla != null ? mla.qkHeadDim() : headDim();
    }

    /** Per-head width of values (and of the attention output before the output projection). */
    public int vHeadDim() {
        return mla != null ? mla.vHeadDim() : headDim();
    }

    /** Parameters of one layer's attention block and norms (everything but the MLP). */
    public double attentionParametersPerLayer() {
        double h = hidden;
        if (mla != null) {
            return mla.parameters(h, heads) + 2 * h; // two RMSNorms
        }
        double q = qDim();
        double kv = kvDim();
        return switch (architecture) {
            // QKV + out projection with biases, two LayerNorms (scale + bias)
            case GPT -> (h * (q + 2 * kv) + (q + 2 * kv)) + (q * h + h) + 4 * h;
            // no biases, two RMSNorms (scale only)
            case LLAMA -> h * (q + 2 * kv) + q * h + 2 * h;
        };
    }

    /** Parameters of one MLP of inner width {@code ffn} (biases for GPT). */
    public double mlpParameters(double ffn) {
        double h = hidden;
        return architecture == Architecture.GPT ? 2 * h * ffn + ffn + h : 3 * h * ffn;
    }

    /** Parameters of one dense (non-MoE) layer. */
    public double parametersPerLayer() {
        return attentionParametersPerLayer() + mlpParameters(ffnHidden);
    }

    /** MoE layers (0 for a dense model). */
    public int moeLayers() {
        return moe == null ? 0 : moe.moeLayers(layers);
    }

    /** Parameters of one MoE layer: attention, router, routed and shared experts. */
    public double parametersPerMoeLayer() {
        return attentionParametersPerLayer() + (double) hidden * moe.experts()
                + (moe.experts() + moe.sharedExperts()) * mlpParameters(moe.expertFfnHidden());
    }

    /** Parameters one token uses in one MoE layer (top-k and shared experts only). */
    public double activeParametersPerMoeLayer() {
        return attentionParametersPerLayer() + (double) hidden * moe.experts()
                + (moe.topK() + moe.sharedExperts()) * mlpParameters(moe.expertFfnHidden());
    }

    /** Parameters of the embeddings, position embeddings, output layer and final norm. */
    public double embeddingParameters() {
        double h = hidden;
        return switch (architecture) {
            case GPT -> (double) vocab * h + (double) seqLen * h + 2 * h;
            case LLAMA -> 2.0 * vocab * h + h;
        };
    }

    /**
     * Parameters of the multi-token prediction modules: per module two RMSNorms (of the hidden state
     * and of the next token's embedding), the 2h → h projection, one transformer block (an MoE
     * layer for an MoE model), and its own final norm; embedding and output layer are shared.
     */
    public double mtpParameterCount() {
        double h = hidden;
        double block = moeLayers() > 0 ? parametersPerMoeLayer() : parametersPerLayer();
        return mtpModules * (3 * h + 2 * h * h + block);
    }

    /** Parameters one token uses in the multi-token prediction modules. */
    public double activeMtpParameterCount() {
        double h = hidden;
        double block = moeLayers() > 0 ? activeParametersPerMoeLayer() : parametersPerLayer();
        return mtpModules * (3 * h + 2 * h * h + block);
    }

    /** Total parameters N (without the multi-token prediction modules, as published counts give it). */
    public double parameterCount() {
        int moeLayers = moeLayers();
        double moePart = moeLayers == 0 ? 0 : moeLayers * parametersPerMoeLayer();
        return (layers - moeLayers) * parametersPerLayer() + moePart + embeddingParameters();
    }

    /** Parameters one token uses (equals {@link #parameterCount()} for a dense model). */
    public double activeParameterCount() {
        int moeLayers = moeLayers();
        double moePart = moeLayers == 0 ? 0 : moeLayers * activeParametersPerMoeLayer();
        return (layers - moeLayers) * parametersPerLayer() + moePart + embeddingParameters();
    }

    /**
     * Model FLOPs of one training token with causal attention counted at half (only the unmasked
     * scores and values): {@link #modelFlopsPerToken()} less 6·q·s per layer (q = heads·headDim). Some reports (Llama 3's
     * MFU, for one, judging by its long-context row) use this convention.
     */
    public double causalModelFlopsPerToken() {
        return modelFlopsPerToken() - attentionFlopsPerToken() / 2;
    }

    /**
     * Model FLOPs of one training token's attention score and value products, counted in full
     * (forward and backward), over the layers and multi-token-prediction modules: 12·h·s per layer
     * for heads of width h/heads ({@link #attentionCoreFlopsPerToken()} in general).
     */
    public double attentionFlopsPerToken() {
        return attentionCoreFlopsPerToken() * (layers + mtpModules);
    }

    /**
     * Training FLOPs of one layer's attention core per token with nothing masked: scores over
     * query/key width and values over value width, forward 2·span each (span: {@link #attentionSpanTokens()},
     * s without a sliding window), backward twice that.
     */
    public double attentionCoreFlopsPerToken() {
        return 6.0 * attentionSpanTokens() * heads * (qkHeadDim() + vHeadDim());
    }

    /**
     * Model FLOPs of one training token (forward and backward, no recomputation): 6 per active
     * weight of the layers and the output layer, plus 12·q·s for attention scores and values per
     * layer (q = heads·headDim, = h for the usual shape; {@link #attentionCoreFlopsPerToken()} in
     * general, with s the mean span under sliding windows) — the convention of Megatron-LM
     * (Narayanan et al. 2021) and PaLM's MFU. Multi-token prediction modules count as one more layer
     * each plus their projection and output layer, as Megatron-LM's FLOP count does.
     */
    public double modelFlopsPerToken() {
        double activeLayerWeights = activeParameterCount() - embeddingParameters() + activeMtpParameterCount();
        double logits = (double) vocab * hidden * (1 + mtpModules);
        return 6 * (activeLayerWeights + logits) + attentionFlopsPerToken();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the defaults of a GPT-style model in BF16 (kv-heads = heads, FFN = 4 hidden). */
    public static final class Builder {
        private Architecture architecture = Architecture.GPT;
        private int layers;
        private int hidden;
        private int heads;
        private Integer kvHeads;
        private Integer headDim;
        private Integer ffnHidden;
        private int vocab = 51_200;
        private int seqLen = 2_048;
        private Precision precision = Precision.BF16;
        private MoeSpec moe;
        private MlaSpec mla;
        private int mtpModules;
        private int slidingWindow, globalEvery;
        private double swigluClamp;
        private RopeScaling ropeScaling = RopeScaling.NONE;

        public Builder architecture(Architecture value) { this.architecture = value; return this; }
        public Builder layers(int value) { this.layers = value; return this; }
        public Builder hidden(int value) { this.hidden = value; return this; }
        public Builder heads(int value) { this.heads = value; return this; }
        public Builder kvHeads(int value) { this.kvHeads = value; return this; }
        public Builder headDim(int value) { this.headDim = value; return this; }
        public Builder ffnHidden(int value) { this.ffnHidden = value; return this; }
        public Builder vocab(int value) { this.vocab = value; return this; }
        public Builder seqLen(int value) { this.seqLen = value; return this; }
        public Builder precision(Precision value) { this.precision = value; return this; }
        public Builder moe(MoeSpec value) { this.moe = value; return this; }
        public Builder mla(MlaSpec value) { this.mla = value; return this; }
        public Builder mtpModules(int value) { this.mtpModules = value; return this; }
        public Builder slidingWindow(int value) { this.slidingWindow = value; return this; }
        public Builder globalEvery(int value) { this.globalEvery = value; return this; }
        public Builder swigluClamp(double value) { this.swigluClamp = value; return this; }
        public Builder ropeScaling(RopeScaling value) { this.ropeScaling = value; return this; }

        /** Builds; without a stated head width, heads must divide hidden. */
        public TransformerSpec build() {
            if (headDim == null && heads > 0 && hidden % heads != 0) {
                throw new IllegalArgumentException("heads (" + heads + ") must divide hidden (" + hidden
                        + "), or state head-dim");
            }
            return new TransformerSpec(architecture, layers, hidden, heads,
                    kvHeads == null ? heads : kvHeads, headDim == null ? (heads > 0 ? hidden / heads : 1) : headDim,
                    ffnHidden == null ? 4 * hidden : ffnHidden, vocab, seqLen, precision, moe, mla, mtpModules,
                    slidingWindow, globalEvery, swigluClamp, ropeScaling);
        }
    }
}
