package io.clustersim.core.model;

/**
 * Multi-head latent attention (DeepSeek-V2/V3, Kimi K2): queries and keys/values pass through
 * low-rank compressions, and each head's query and key split into a part with rotary position
 * embedding and a part without. Training materialises every head's full key and value from the
 * compressed latent, so the attention core is ordinary attention with head width
 * {@code qkNopeHeadDim + qkRopeHeadDim} for scores and {@code vHeadDim} for values.
 *
 * <pre>{@code
 * MlaSpec dsv3 = new MlaSpec(1_536, 512, 128, 64, 128); // DeepSeek-V3 (arXiv 2412.19437, §4.2)
 * int qk = dsv3.qkHeadDim(); // 192
 * }</pre>
 *
 * @param qLoraRank     query compression rank (0: queries projected directly from the hidden state)
 * @param kvLoraRank    key/value compression rank (the latent a KV cache would keep)
 * @param qkNopeHeadDim per-head query/key width without rotary embedding
 * @param qkRopeHeadDim per-head query width with rotary embedding (the key's rotary part is one
 *                      vector shared by all heads)
 * @param vHeadDim      per-head value width
 */
public record MlaSpec(int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim) {

    public MlaSpec {
        // each message names its own field first: the scenario loader points at that key's line
        if (qLoraRank < 0) {
            throw new IllegalArgumentException("q-lora-rank must be >= 0 (0 = no query compression), was " + qLoraRank);
        }
        if (kvLoraRank <= 0) {
            throw new IllegalArgumentException("kv-lora-rank must be > 0, was " + kvLoraRank);
        }
        if (qkNopeHeadDim < 0) {
            throw new IllegalArgumentException("qk-nope-head-dim must be >= 0, was " + qkNopeHeadDim);
        }
        if (qkRopeHeadDim < 0 || qkNopeHeadDim + qkRopeHeadDim == 0) {
            throw new IllegalArgumentException("qk-rope-head-dim must be >= 0 and the query/key head width > 0, was "
                    + qkRopeHeadDim);
        }
        if (vHeadDim <= 0) {
            throw new IllegalArgumentException("v-head-dim must be > 0, was " + vHeadDim);
        }
    }

    /** Per-head width of queries and keys (scores contract over it). */
    public int qkHeadDim() {
        return qkNopeHeadDim + qkRopeHeadDim;
    }

    /**
     * Parameters of one layer's attention for {@code hidden} and {@code heads}: query down/up
     * projections (and the latent's RMSNorm), the joint KV down projection (latent plus the shared
     * rotary key), its norm, the KV up projection, and the output projection; no biases.
     */
    public double parameters(double hidden, double heads) {
        double qDown = qLoraRank > 0 ? hidden * qLoraRank + qLoraRank : 0; // with the latent's norm
        double kvDown = hidden * (kvLoraRank + qkRopeHeadDim) + kvLoraRank;
        double out = heads * vHeadDim * hidden;
        return qDown + upProjectionParameters(hidden, heads) + kvDown + out;
    }

    /**
     * Parameters of the up-projections, what Megatron's {@code mla_up_proj} recomputation reruns: the
     * query's (from the latent, or from the hidden state without query compression) and the keys'
     * and values' from the KV latent.
     */
    public double upProjectionParameters(double hidden, double heads) {
        double qUp = (qLoraRank > 0 ? qLoraRank : hidden) * heads * qkHeadDim();
        double kvUp = (double) kvLoraRank * heads * (qkNopeHeadDim + vHeadDim);
        return qUp + kvUp;
    }
}
