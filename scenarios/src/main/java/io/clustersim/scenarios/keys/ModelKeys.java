package io.clustersim.scenarios.keys;

import io.clustersim.core.model.Architecture;
import io.clustersim.topology.Precision;

import java.util.List;

import static io.clustersim.scenarios.keys.ScenarioKey.choice;
import static io.clustersim.scenarios.keys.ScenarioKey.of;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.INTEGER;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.NUMBER;

/** The {@code model.*} keys: the transformer's shape (or a shape family), MoE and MLA. */
final class ModelKeys {

    private ModelKeys() {
    }

    static final List<ScenarioKey> KEYS = List.of(
            choice("model.architecture", Architecture.class).byDefault("gpt")
                    .means("gpt (GELU MLP, biases, LayerNorm, learned positions, tied embeddings) or llama (SwiGLU, no"
                            + " biases, RMSNorm, rotary, untied)."),
            of("model.layers", INTEGER).min(1).byDefault("required, unless a shape family is given")
                    .means("Transformer blocks."),
            of("model.hidden", INTEGER).min(1).byDefault("required, unless a shape family is given")
                    .means("Model width (hidden size)."),
            of("model.heads", INTEGER).min(1).byDefault("required, unless a shape family is given")
                    .means("Attention heads."),
            of("model.kv-heads", INTEGER).min(0).byDefault("= heads")
                    .means("Key/value heads (grouped-query attention; 1 = multi-query)."),
            of("model.ffn-hidden", INTEGER).min(1).byDefault("4 × hidden (gpt); required (llama)")
                    .means("MLP inner width; a llama model states its own, never 4 × hidden.")
                    .excludes("model.aspect-ratio"),
            of("model.vocab", INTEGER).min(1).required().means("Vocabulary size."),
            of("model.seq-len", INTEGER).min(1).required().means("Sequence length, tokens."),
            choice("model.precision", Precision.class).byDefault("bf16")
                    .means("Number format of the layers' matrix multiplications; the chip must have a peak for it."),
            of("model.params", NUMBER).above(0).byDefault("not checked")
                    .means("Parameter count the source states (refused if the shape gives more than 3% off); with a"
                            + " shape family, the size to build."),
            of("model.aspect-ratio", NUMBER).above(0).byDefault("a stated shape")
                    .means("Shape family: hidden / layers; the tool sizes layers and width for the target.")
                    .excludes("model.layers", "model.hidden", "model.heads"),
            of("model.head-dim", INTEGER).min(1).byDefault("hidden / heads; 128 in a shape family")
                    .means("Width of one attention head (Q, K, V and output widths follow heads × head-dim)."),
            of("model.ffn-ratio", NUMBER).above(0).byDefault("4; required for a llama family")
                    .means("Shape family: MLP width over hidden.").needs("model.aspect-ratio"),
            of("model.sliding-window", INTEGER).min(0).byDefault("no window")
                    .means("Local attention: a query of a local layer attends to at most this many keys.")
                    .excludes("model.aspect-ratio"),
            of("model.global-every", INTEGER).min(0).byDefault("0 (every layer local)")
                    .means("With a window, every global-every-th layer attends globally (Gemma 2: 2, Gemma 3: 6).")
                    .excludes("model.aspect-ratio"),
            of("model.moe.experts", INTEGER).min(1).byDefault("dense model; required in model.moe")
                    .means("Routed experts of a mixture-of-experts MLP."),
            of("model.moe.top-k", INTEGER).min(1).byDefault("required in model.moe").means("Experts per token."),
            of("model.moe.shared-experts", INTEGER).min(0).byDefault("0")
                    .means("Always-active shared experts, each as wide as a routed one."),
            of("model.moe.expert-ffn-hidden", INTEGER).min(1).byDefault("required in model.moe")
                    .means("One expert's FFN width."),
            of("model.moe.every", INTEGER).min(1).byDefault("1").means("Every every-th layer is MoE."),
            of("model.moe.first-dense", INTEGER).min(0).byDefault("0")
                    .means("Leading dense layers (MLP model.ffn-hidden wide) before the MoE layers."),
            of("model.moe.imbalance", NUMBER).min(1).byDefault("1 (balanced)")
                    .means("The most-loaded expert rank's tokens over the mean; it paces the expert GEMMs and the"
                            + " all-to-all.").excludes("model.moe.capacity-factor"),
            of("model.moe.capacity-factor", NUMBER).min(1).byDefault("1 (balanced)")
                    .means("Expert capacity over the mean load (dropped tokens padded to it); bounds the imbalance.")
                    .excludes("model.moe.imbalance"),
            of("model.moe.node-limit", INTEGER).min(0).byDefault("0 (no limit)")
                    .means("Node-limited routing: a token's experts lie in at most this many scale-up domains"
                            + " (DeepSeek-V3: 4)."),
            of("model.mla.q-lora-rank", INTEGER).min(0).byDefault("0 (no query compression)")
                    .means("Multi-head latent attention: query compression rank."),
            of("model.mla.kv-lora-rank", INTEGER).min(1).byDefault("required in model.mla")
                    .means("Multi-head latent attention: key/value compression rank."),
            of("model.mla.qk-nope-head-dim", INTEGER).min(1).byDefault("required in model.mla")
                    .means("Per-head query/key width without rotary embedding."),
            of("model.mla.qk-rope-head-dim", INTEGER).min(1).byDefault("required in model.mla")
                    .means("Per-head query/key width with rotary embedding."),
            of("model.mla.v-head-dim", INTEGER).min(1).byDefault("required in model.mla")
                    .means("Value head width."),
            of("model.mtp-modules", INTEGER).min(0).byDefault("0")
                    .means("Multi-token prediction modules (DeepSeek-V3: 1), counted apart from model.params."));
}
