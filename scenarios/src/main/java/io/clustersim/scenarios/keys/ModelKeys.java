package io.clustersim.scenarios.keys;

import io.clustersim.core.model.Architecture;
import io.clustersim.core.model.RopeScaling;
import io.clustersim.core.model.Routing;
import io.clustersim.topology.Precision;

import java.util.List;

import static io.clustersim.scenarios.keys.ScenarioKey.choice;
import static io.clustersim.scenarios.keys.ScenarioKey.of;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.BOOLEAN;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.INTEGER;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.NUMBER;

/** The {@code model.*} keys: the transformer's shape (or a shape family), MoE and MLA. */
final class ModelKeys {

    private ModelKeys() {
    }

    static final List<ScenarioKey> KEYS = List.of(
            choice("model.architecture", Architecture.class).byDefault("gpt")
                    .means("gpt (GELU MLP, biases, LayerNorm, learned positions, tied embeddings) or llama (SwiGLU, no"
                            + " biases, RMSNorm, rotary, untied).")
                    .notes("`gpt` (GELU MLP, biases, LayerNorm, learned positions, tied embeddings) or `llama` (SwiGLU, no "
                            + "biases, RMSNorm, rotary, untied) (default: `gpt`)"),
            of("model.layers", INTEGER).min(1).byDefault("required, unless a shape family is given")
                    .means("Transformer blocks.")
                    .notes("(`model.layers`, `model.hidden`, `model.heads`) shape (default: required, unless a shape family "
                            + "is given)"),
            of("model.hidden", INTEGER).min(1).byDefault("required, unless a shape family is given")
                    .means("Model width (hidden size)."),
            of("model.heads", INTEGER).min(1).byDefault("required, unless a shape family is given")
                    .means("Attention heads."),
            of("model.kv-heads", INTEGER).min(0).byDefault("= heads")
                    .means("Key/value heads (grouped-query attention; 1 = multi-query).")
                    .notes("key/value heads (grouped-query attention; 1 = multi-query) (default: = heads)"),
            of("model.ffn-hidden", INTEGER).min(1).byDefault("4 × hidden (gpt); required (llama)")
                    .means("MLP inner width; a llama model states its own, never 4 × hidden.")
                    .excludes("model.aspect-ratio")
                    .notes("MLP inner width. Required for `llama`, whose width is never 4 × hidden: Llama's rule is m · "
                            + "⌈⌊multiplier · ⌊8/3 · hidden⌋⌋ / m⌉ (11,008 for hidden 4,096 with m 256, multiplier 1; 28,672 "
                            + "for hidden 8,192 with m 4,096, multiplier 1.3), so state the model's own (default: 4 × hidden "
                            + "(`gpt`); — (`llama`))"),
            of("model.vocab", INTEGER).min(1).required().means("Vocabulary size.")
                    .notes("(`model.vocab`, `model.seq-len`) vocabulary, sequence length (tokens) (default: required)"),
            of("model.seq-len", INTEGER).min(1).required().means("Sequence length, tokens."),
            choice("model.precision", Precision.class).byDefault("bf16")
                    .means("Number format of the layers' matrix multiplications; the chip must have a peak for it.")
                    .notes("number format of the layers' matrix multiplications: `bf16`; `fp8` (tensor-wise, current "
                            + "scaling), `fp8-delayed` (tensor-wise, delayed scaling), `fp8-block128` (1×128 / 128×128 blocks, "
                            + "DeepSeek-V3's recipe), `mxfp8` (32-element blocks), `nvfp4`. Attention's score/value products, "
                            + "the output layer and the router stay BF16; the cast work is costed at HBM bandwidth "
                            + "(`PrecisionBytes`). A chip without a peak for the format refuses it at this key (`clustersim "
                            + "catalog` lists each chip's formats) (default: `bf16`)"),
            of("model.params", NUMBER).above(0).byDefault("not checked")
                    .means("Parameter count the source states (refused if the shape gives more than 3% off); with a"
                            + " shape family, the size to build.")
                    .notes("parameter count the source states; refused if the shape gives more than 3% off. With a shape "
                            + "family: the size to build (the target then sizes only the data) (default: not checked)"),
            of("model.aspect-ratio", NUMBER).above(0).byDefault("a stated shape")
                    .means("Shape family: hidden / layers; the tool sizes layers and width for the target.")
                    .excludes("model.layers", "model.hidden", "model.heads")
                    .notes("(`model.aspect-ratio`, `model.head-dim`, `model.ffn-ratio`) a *shape family* instead of a shape "
                            + "(no layers/hidden/heads): hidden / layers, head width, MLP width / hidden (required for "
                            + "`llama`: about 8/3 × its multiplier, 3.5 for Llama 3 70B); with `kv-heads` (0 or absent = as "
                            + "many as heads), `vocab`, `seq-len`, `architecture`, `precision`. The tool picks layers and "
                            + "width for the size the target (or `model.params`) asks — see [Targets and plan "
                            + "search](targets-and-plans.md) (default: —, 128, 4)"),
            of("model.head-dim", INTEGER).min(1).byDefault("hidden / heads; 128 in a shape family")
                    .means("Width of one attention head (Q, K, V and output widths follow heads × head-dim).")
                    .notes("width of one attention head when heads × head-dim ≠ hidden (PaLM-, Gemma-, MaxText-style "
                            + "heads): Q, K, V and output widths, attention FLOPs and activations follow heads × head-dim "
                            + "(default: hidden / heads)"),
            of("model.ffn-ratio", NUMBER).above(0).byDefault("4; required for a llama family")
                    .means("Shape family: MLP width over hidden.").needs("model.aspect-ratio"),
            of("model.sliding-window", INTEGER).min(0).byDefault("no window")
                    .means("Local attention: a query of a local layer attends to at most this many keys.")
                    .excludes("model.aspect-ratio")
                    .notes("(`model.sliding-window`, `model.global-every`) local attention: a query of a local layer "
                            + "attends to at most this many keys; every `global-every`-th layer is global (Gemma 2: 2, Gemma "
                            + "3: 6; 0 = every layer local, Mistral). Attention FLOPs (model and executed) and, without flash "
                            + "attention, score memory follow the keys attended: w − w²/(2s) per query under the causal mask "
                            + "(default: no window)"),
            of("model.global-every", INTEGER).min(0).byDefault("0 (every layer local)")
                    .means("With a window, every global-every-th layer attends globally (Gemma 2: 2, Gemma 3: 6).")
                    .excludes("model.aspect-ratio"),
            of("model.swiglu-clamp", NUMBER).min(0).byDefault("0 (no clamp)")
                    .means("A clamped SwiGLU's bound (gpt-oss: 7): the gate at most it, the linear half within ± it.")
                    .excludes("model.aspect-ratio")
                    .notes("a clamped SwiGLU's bound (gpt-oss: 7; 0 = plain SwiGLU): free where the framework fuses it; "
                            + "under `megatron` and `nemo` Megatron-Core clamps in kernels of its own before its fused "
                            + "activation — 4 passes of the activation's input forward, 3 backward, again when the "
                            + "activation is rerun; `architecture = llama` only (default: 0)"),
            choice("model.rope-scaling", RopeScaling.class).byDefault("none")
                    .means("How the rotary embedding is scaled: none (plain RoPE) or yarn (gpt-oss).")
                    .excludes("model.aspect-ratio")
                    .notes("`none` or `yarn` (gpt-oss): under `megatron` and `nemo` YaRN runs unfused (Megatron-Bridge "
                            + "turns RoPE fusion off for any embedding but plain RoPE): 10 passes over Q and K where the "
                            + "fused kernel makes 2, forward and backward; with `model.mla` it stays fused (Megatron's MLA "
                            + "scales its rope dims inside the kernel); `architecture = llama` only (default: `none`)"),
            of("model.moe.experts", INTEGER).min(1).byDefault("dense model; required in model.moe")
                    .means("Routed experts of a mixture-of-experts MLP.")
                    .notes("(`model.moe.experts`, `.top-k`, `.shared-experts`, `.expert-ffn-hidden`, `.every`, "
                            + "`.first-dense`) mixture-of-experts MLP: routed experts, experts per token, always-active shared "
                            + "experts (each as wide as a routed one), one expert's FFN width; after the first `first-dense` "
                            + "layers (whose MLP is `model.ffn-hidden` wide), every `every`-th layer is MoE (default: dense; "
                            + "—, —, 0, —, 1, 0)"),
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
                            + " all-to-all.").excludes("model.moe.capacity-factor")
                    .notes("(`model.moe.imbalance` *or* `.capacity-factor`) the most-loaded expert rank's tokens over the "
                            + "mean (≥ 1): it sets the pace of the expert GEMMs and of the all-to-all; a capacity factor "
                            + "bounds it (dropped tokens padded to capacity) (default: 1 (balanced, as the published "
                            + "benchmarks force))"),
            of("model.moe.capacity-factor", NUMBER).min(1).byDefault("1 (balanced)")
                    .means("Expert capacity over the mean load (dropped tokens padded to it); bounds the imbalance.")
                    .excludes("model.moe.imbalance"),
            of("model.moe.node-limit", INTEGER).min(0).byDefault("0 (no limit)")
                    .means("Node-limited routing: a token's experts lie in at most this many scale-up domains"
                            + " (DeepSeek-V3: 4).")
                    .notes("node-limited routing: a token's experts lie in at most this many scale-up domains and it "
                            + "crosses the scale-out fabric once per domain, forwarded inside (DeepSeek-V3: 4); 0 = no limit: "
                            + "every expert copy travels on its own under NCCL's all-to-all, once per domain and rank "
                            + "reached under `software.ep-dispatcher = deepep` (default: 0)"),
            of("model.moe.expert-bias", BOOLEAN).byDefault("false")
                    .means("Whether the experts' linear layers carry biases (gpt-oss).")
                    .notes("whether the experts' linear layers carry biases (gpt-oss); what adding them costs is the "
                            + "software's (`software.expert-bias`: in the GEMMs, or per expert as Megatron-Core and NeMo "
                            + "Automodel do) (default: false)"),
            choice("model.moe.routing", Routing.class).byDefault("random")
                    .means("Which experts a token's top-k are: distinct uniform draws, or consecutive experts.")
                    .notes("`random` (a token's k distinct experts drawn uniformly: learned routers, and the "
                            + "force-balanced routing of Megatron-Core's benchmarks, which draws random logits) or "
                            + "`contiguous` (token t visits experts t·k … t·k + k − 1 mod E, so one or two neighbouring "
                            + "ranks of one domain: NeMo Automodel's `FakeBalancedGate`, `fake_balanced_gate: true` in "
                            + "its benchmark configurations). It sets how many ranks and domains a per-rank dispatcher "
                            + "(`software.ep-dispatcher = deepep`) sends a token to (default: `random`)"),
            of("model.mla.q-lora-rank", INTEGER).min(0).byDefault("0 (no query compression)")
                    .means("Multi-head latent attention: query compression rank.")
                    .notes("(`model.mla.q-lora-rank`, `.kv-lora-rank`, `.qk-nope-head-dim`, `.qk-rope-head-dim`, "
                            + "`.v-head-dim`) multi-head latent attention (DeepSeek-V2/V3, Kimi K2): query and KV compression "
                            + "ranks (q 0 = no query compression), per-head widths with and without rotary embedding, value "
                            + "head width; `kv-heads` is then ignored (default: ordinary attention)"),
            of("model.mla.kv-lora-rank", INTEGER).min(1).byDefault("required in model.mla")
                    .means("Multi-head latent attention: key/value compression rank."),
            of("model.mla.qk-nope-head-dim", INTEGER).min(0).byDefault("required in model.mla")
                    .means("Per-head query/key width without rotary embedding (with the rotary width, > 0)."),
            of("model.mla.qk-rope-head-dim", INTEGER).min(0).byDefault("required in model.mla")
                    .means("Per-head query/key width with rotary embedding (with the width without, > 0)."),
            of("model.mla.v-head-dim", INTEGER).min(1).byDefault("required in model.mla")
                    .means("Value head width."),
            of("model.mtp-modules", INTEGER).min(0).byDefault("0")
                    .means("Multi-token prediction modules (DeepSeek-V3: 1), counted apart from model.params.")
                    .notes("multi-token prediction modules (DeepSeek-V3: 1): each a 2h→h projection, one more block and a "
                            + "pass through the shared output layer on the last pipeline stage; its parameters are counted "
                            + "apart from `model.params` (published counts leave them out) (default: 0)"));
}
