package io.clustersim.core.model;

import io.clustersim.topology.Precision;

import java.util.Objects;

/**
 * A dense decoder-only transformer: shape, vocabulary, sequence length and compute precision.
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
 * @param kvHeads      key/value heads (grouped-query attention; = heads for multi-head attention)
 * @param ffnHidden    inner width of the MLP
 * @param vocab        vocabulary size
 * @param seqLen       training sequence length, tokens
 * @param precision    precision of the matrix multiplications
 */
public record TransformerSpec(
        Architecture architecture,
        int layers,
        int hidden,
        int heads,
        int kvHeads,
        int ffnHidden,
        int vocab,
        int seqLen,
        Precision precision) {

    public TransformerSpec {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(precision, "precision");
        requirePositive("layers", layers);
        requirePositive("hidden", hidden);
        requirePositive("heads", heads);
        requirePositive("kv-heads", kvHeads);
        requirePositive("ffn-hidden", ffnHidden);
        requirePositive("vocab", vocab);
        requirePositive("seq-len", seqLen);
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("hidden (" + hidden + ") must be divisible by heads (" + heads + ")");
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("heads (" + heads + ") must be divisible by kv-heads (" + kvHeads + ")");
        }
    }

    private static void requirePositive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be > 0, was " + value);
        }
    }

    /** Width of one attention head. */
    public int headDim() {
        return hidden / heads;
    }

    /** Parameters of one transformer layer (attention, MLP, norms, biases). */
    public double parametersPerLayer() {
        double h = hidden;
        double kv = (double) kvHeads * headDim();
        double f = ffnHidden;
        return switch (architecture) {
            // QKV + out projection with biases, 2-matrix MLP with biases, two LayerNorms (scale+bias)
            case GPT -> (h * (h + 2 * kv) + (h + 2 * kv)) + (h * h + h) + (2 * h * f + f + h) + 4 * h;
            // no biases, SwiGLU has gate, up and down matrices, two RMSNorms (scale only)
            case LLAMA -> h * (h + 2 * kv) + h * h + 3 * h * f + 2 * h;
        };
    }

    /** Parameters of the embeddings, position embeddings, output layer and final norm. */
    public double embeddingParameters() {
        double h = hidden;
        return switch (architecture) {
            case GPT -> (double) vocab * h + (double) seqLen * h + 2 * h;
            case LLAMA -> 2.0 * vocab * h + h;
        };
    }

    /** Total parameters N. */
    public double parameterCount() {
        return layers * parametersPerLayer() + embeddingParameters();
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
        private Integer ffnHidden;
        private int vocab = 51_200;
        private int seqLen = 2_048;
        private Precision precision = Precision.BF16;

        public Builder architecture(Architecture value) { this.architecture = value; return this; }
        public Builder layers(int value) { this.layers = value; return this; }
        public Builder hidden(int value) { this.hidden = value; return this; }
        public Builder heads(int value) { this.heads = value; return this; }
        public Builder kvHeads(int value) { this.kvHeads = value; return this; }
        public Builder ffnHidden(int value) { this.ffnHidden = value; return this; }
        public Builder vocab(int value) { this.vocab = value; return this; }
        public Builder seqLen(int value) { this.seqLen = value; return this; }
        public Builder precision(Precision value) { this.precision = value; return this; }

        public TransformerSpec build() {
            return new TransformerSpec(architecture, layers, hidden, heads,
                    kvHeads == null ? heads : kvHeads, ffnHidden == null ? 4 * hidden : ffnHidden,
                    vocab, seqLen, precision);
        }
    }
}
