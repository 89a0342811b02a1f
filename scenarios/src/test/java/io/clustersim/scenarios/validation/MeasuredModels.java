package io.clustersim.scenarios.validation;

import java.util.Map;
import java.util.Optional;

/**
 * The shapes of the models the measured-throughput tables name, copied from
 * {@code docs/reference/measured-throughput/models.md} (which cites the source of every value).
 * Dense models in {@link #find}; mixtures of experts in {@link #findMoe} (their attention and
 * dense-layer shape as a {@link Shape}, the expert layout as a {@link MoeLayout}); a model whose
 * shape is unknown, or that the format cannot state (hybrid Mamba models), is listed with the reason.
 *
 * <pre>{@code
 * MeasuredModels.Shape llama = MeasuredModels.find("DGX-H100", "Llama3-70B").orElseThrow();
 * }</pre>
 */
final class MeasuredModels {

    private MeasuredModels() {
    }

    /**
     * A dense decoder's shape.
     *
     * @param architecture {@code gpt} (two-matrix MLP) or {@code llama} (gated three-matrix MLP)
     * @param headDim      width of one attention head (may differ from hidden / heads)
     * @param source       where models.md took it from
     * @param assumption   what is assumed beyond models.md (null when nothing)
     */
    record Shape(String architecture, int layers, int hidden, int heads, int kvHeads, int headDim, int ffn, int vocab,
                 String source, String assumption) {
    }

    /** Models of the tables that are mixtures of experts (issue 11's rows). */
    static final java.util.Set<String> MOE = java.util.Set.of("DeepSeek-V3", "Qwen3-30B-A3B", "Qwen3-235B-A22B",
            "gpt-oss-120b", "gpt-oss-20b", "Mixtral-8x7B", "Mixtral-8x22B", "Llama4-Scout", "Llama4-Scout-17B-16E",
            "Llama4-Maverick-17B-128E", "Kimi-K2", "Nemotron-3-Nano", "Nemotron-3-Super", "Nemotron-3-Ultra",
            "Gemma4-26B-A4B");

    /**
     * The expert layout of an MoE model (models.md, "Mixture-of-experts models").
     *
     * @param experts     routed experts
     * @param topK        experts per token
     * @param shared      shared experts (as wide as a routed one)
     * @param expertFfn   one expert's FFN width
     * @param firstDense  leading dense layers (their FFN is the Shape's)
     * @param mla         q-lora, kv-lora, qk-nope, qk-rope, v head dims of multi-head latent
     *                    attention, or null
     * @param assumption  what is assumed beyond models.md (null when nothing)
     */
    record MoeLayout(int experts, int topK, int shared, int expertFfn, int firstDense, Mla mla, String assumption) {
    }

    /** Multi-head latent attention's ranks and head widths. */
    record Mla(int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim) {
    }

    /**
     * An MoE model: attention and dense shape, expert layout, and what else of its shape a scenario
     * states ({@code null}: nothing).
     */
    record MoeModel(Shape shape, MoeLayout moe, Extras extras) {
        MoeModel(Shape shape, MoeLayout moe) {
            this(shape, moe, null);
        }
    }

    /**
     * Shape beyond the layout: alternating sliding-window layers ({@code model.sliding-window},
     * {@code .global-every}), a clamped SwiGLU ({@code model.swiglu-clamp}), YaRN RoPE
     * ({@code model.rope-scaling}) and expert biases ({@code model.moe.expert-bias}).
     */
    record Extras(int slidingWindow, int globalEvery, double swigluClamp, String ropeScaling, boolean expertBias) {
    }

    /**
     * gpt-oss (models.md: sliding window 128 on alternating layers, "sigmoid,linear" gating with clamp
     * limit 7.0, attention and MLP bias; YaRN: Megatron-Bridge's GPTOSSProvider,
     * src/megatron/bridge/models/gpt_oss/gpt_oss_provider.py @ v0.3.1, position_embedding_type "yarn").
     */
    private static final Extras GPT_OSS_SHAPE = new Extras(128, 2, 7.0, "yarn", true);

    private static final String MT = "AI-Hypercomputer/maxtext configs/models/";
    private static final String MLA_V3 = "MLA q_lora 1536, kv_lora 512, qk_nope 128, qk_rope 64, v_head 128";
    private static final Mla DSV3_MLA = new Mla(1_536, 512, 128, 64, 128);
    private static final String GPT_OSS = "attention sinks not stated (cuDNN's fused attention computes them inside"
            + " its kernel: Transformer Engine 2.12 transformer_engine/pytorch/attention/dot_product_attention/utils.py"
            + " @ 5671fd3 keeps FusedAttention for softmax_type learnable); attention biases not stated (added in the"
            + " linear layers' epilogue)";

    /** The MoE models of the tables whose shape models.md gives. */
    private static final Map<String, MoeModel> MOE_SHAPES = Map.of(
            "DeepSeek-V3", new MoeModel(new Shape("llama", 61, 7168, 128, 128, 56, 18432, 129280,
                    "HF deepseek-ai/DeepSeek-V3 config; " + MT + "deepseek3-671b.yml (" + MLA_V3 + ")", null),
                    new MoeLayout(256, 8, 1, 2048, 3, DSV3_MLA, null)),
            "Kimi-K2", new MoeModel(new Shape("llama", 61, 7168, 64, 64, 112, 18432, 163840, MT + "kimi-k2-1t.yml ("
                    + MLA_V3 + ")", null), new MoeLayout(384, 8, 1, 2048, 1, DSV3_MLA,
                    "Muon (software.optimizer = muon) where the row's page note says so; Adam otherwise (not stated)")),
            "Qwen3-30B-A3B", new MoeModel(new Shape("llama", 48, 2048, 32, 4, 128, 768, 151936, MT + "qwen3-30b-a3b.yml", null),
                    new MoeLayout(128, 8, 0, 768, 0, null, null)),
            "Qwen3-235B-A22B", new MoeModel(new Shape("llama", 94, 4096, 64, 4, 128, 1536, 151936, MT + "qwen3-235b-a22b.yml",
                    null), new MoeLayout(128, 8, 0, 1536, 0, null, null)),
            "gpt-oss-120b", new MoeModel(new Shape("llama", 36, 2880, 64, 8, 64, 2880, 201088, MT + "gpt-oss-120b.yml", null),
                    new MoeLayout(128, 4, 0, 2880, 0, null, GPT_OSS), GPT_OSS_SHAPE),
            "gpt-oss-20b", new MoeModel(new Shape("llama", 24, 2880, 64, 8, 64, 2880, 201088, MT + "gpt-oss-20b.yml", null),
                    new MoeLayout(32, 4, 0, 2880, 0, null, GPT_OSS), GPT_OSS_SHAPE),
            "Mixtral-8x7B", new MoeModel(new Shape("llama", 32, 4096, 32, 8, 128, 14336, 32000,
                    "NVIDIA/NeMo MixtralConfig8x7B; " + MT + "mixtral-8x7b.yml", null), new MoeLayout(8, 2, 0, 14336, 0, null, null)),
            "Mixtral-8x22B", new MoeModel(new Shape("llama", 56, 6144, 48, 8, 128, 16384, 32768,
                    "NVIDIA/NeMo MixtralConfig8x22B; " + MT + "mixtral-8x22b.yml", null), new MoeLayout(8, 2, 0, 16384, 0, null, null)),
            "Llama4-Scout", new MoeModel(new Shape("llama", 48, 5120, 40, 8, 128, 16384, 202048,
                    "NVIDIA/NeMo Llama4Experts16Config; " + MT + "llama4-17b-16e.yml", null), new MoeLayout(16, 1, 1, 8192, 0,
                    null, "head dim unknown in models.md: hidden / heads = 128; QK-norm, NoPE layers and the 8,192-token"
                    + " chunked attention (= the sequence) change nothing the step model prices")));

    /** MoE models the format cannot state, with the reason. */
    static final Map<String, String> MOE_NOT_EXPRESSIBLE = Map.of(
            "Nemotron-3-Nano", "hybrid Mamba-2/attention/MoE layers: Mamba layers have no equivalent",
            "Nemotron-3-Super", "hybrid Mamba-2 \"LatentMoE\" model, sizes unknown (models.md)",
            "Nemotron-3-Ultra", "hybrid Mamba-2 model, shape unknown (models.md)");

    /** An MoE model's shape, when models.md gives it. */
    static Optional<MoeModel> findMoe(String model) {
        return Optional.ofNullable(MOE_SHAPES.get(model));
    }

    /** Dense models whose shape (at the time of measurement) models.md marks unknown. */
    static final Map<String, String> UNKNOWN = Map.of(
            "MaxText-1160B", "shape unknown: no config script found (models.md)",
            "MaxText-22B", "shape at measurement unknown: the 2023 script's scale rule and the 2024 script disagree (models.md)",
            "MaxText-52B", "shape at measurement unknown (models.md)");

    private static final String NEMO_GPT = "NVIDIA/NeMo nemo/collections/llm/gpt/model/base.py @ 8cfedd72";
    private static final String NEMO_LLAMA = "NVIDIA/NeMo nemo/collections/llm/gpt/model/llama.py @ 8cfedd72";
    private static final String NEMO_NEMOTRON = "NVIDIA/NeMo nemo/collections/llm/gpt/model/nemotron.py @ 8cfedd72";
    private static final String GPT2_VOCAB = "vocabulary 50,304 assumed: models.md has it for GPT3-175B (MaxText config);"
            + " NeMo's GPT-3 configs use the same GPT-2 BPE tokenizer (50,257 padded to a multiple of 128)";
    private static final String NEMOTRON_VOCAB = "vocabulary 256,000 assumed: the Nemotron-4 15B and 340B reports state a"
            + " 256,000-token SentencePiece vocabulary (models.md: tokenizer-defined, unknown)";
    private static final String NEMOTRON_MLP = "squared-ReLU non-gated MLP, untied embeddings, partial RoPE: the gpt"
            + " recipe's two-matrix MLP (FLOPs the same; tied embeddings and learned positions change only the parameter count)";
    private static final String MAXTEXT_V5E = "AI-Hypercomputer/maxtext MaxText/configs/base.yml @ d47cede2 with"
            + " largest_job/*.sh global_parameter_scale (dims derived by MaxText's scale rule, models.md)";
    private static final String MAXTEXT_V5P = "AI-Hypercomputer/maxtext MaxText/configs/base.yml @ 04262f3c with"
            + " configs/v5p/*.sh global_parameter_scale (dims derived by MaxText's scale rule, models.md)";
    private static final String RELU_TIED = "ReLU non-gated MLP, tied embeddings, rotary positions: the gpt recipe's"
            + " two-matrix MLP (FLOPs the same; learned positions and biases change only the parameter count)";

    private static final Map<String, Shape> BY_NAME = Map.ofEntries(
            Map.entry("GPT3-5B", new Shape("gpt", 24, 4096, 32, 32, 128, 16384, 50304, NEMO_GPT + " GPTConfig5B", GPT2_VOCAB)),
            Map.entry("GPT3-20B", new Shape("gpt", 44, 6144, 48, 48, 128, 24576, 50304, NEMO_GPT + " GPTConfig20B", GPT2_VOCAB)),
            Map.entry("GPT3-175B", new Shape("gpt", 96, 12288, 96, 96, 128, 49152, 50304,
                    NEMO_GPT + " GPTConfig175B; maxtext configs/models/gpt3-175b.yml", null)),
            Map.entry("Llama2-7B", new Shape("llama", 32, 4096, 32, 32, 128, 11008, 32000, NEMO_LLAMA + " Llama2Config7B", null)),
            Map.entry("Llama2-13B", new Shape("llama", 40, 5120, 40, 40, 128, 13824, 32000, NEMO_LLAMA + " Llama2Config13B", null)),
            Map.entry("Llama2-70B", new Shape("llama", 80, 8192, 64, 8, 128, 28672, 32000, NEMO_LLAMA + " Llama2Config70B", null)),
            Map.entry("Llama3-8B", new Shape("llama", 32, 4096, 32, 8, 128, 14336, 128256, NEMO_LLAMA + " Llama3Config8B", null)),
            Map.entry("Llama3.1-8B", new Shape("llama", 32, 4096, 32, 8, 128, 14336, 128256, NEMO_LLAMA + " Llama31Config8B", null)),
            Map.entry("Llama3-70B", new Shape("llama", 80, 8192, 64, 8, 128, 28672, 128256, NEMO_LLAMA + " Llama3Config70B", null)),
            Map.entry("Llama3.1-70B", new Shape("llama", 80, 8192, 64, 8, 128, 28672, 128256, NEMO_LLAMA + " Llama31Config70B", null)),
            Map.entry("Llama3.1-405B", new Shape("llama", 126, 16384, 128, 8, 128, 53248, 128256,
                    NEMO_LLAMA + " Llama31Config405B", null)),
            Map.entry("Mistral-7B", new Shape("llama", 32, 4096, 32, 8, 128, 14336, 32000,
                    "maxtext configs/models/mistral-7b.yml", null)),
            Map.entry("Nemotron-8B", new Shape("gpt", 32, 4096, 32, 32, 128, 16384, 256000,
                    NEMO_NEMOTRON + " Nemotron3Config8B", NEMOTRON_MLP + "; " + NEMOTRON_VOCAB)),
            Map.entry("Nemotron-22B", new Shape("gpt", 40, 6144, 48, 48, 128, 24576, 256000,
                    NEMO_NEMOTRON + " Nemotron3Config22B", NEMOTRON_MLP + "; " + NEMOTRON_VOCAB)),
            Map.entry("Nemotron-4-15B", new Shape("gpt", 32, 6144, 48, 8, 128, 24576, 256000,
                    NEMO_NEMOTRON + " Nemotron4Config15B", NEMOTRON_MLP + "; " + NEMOTRON_VOCAB)),
            Map.entry("Nemotron-4-340B", new Shape("gpt", 96, 18432, 96, 8, 192, 73728, 256000,
                    NEMO_NEMOTRON + " Nemotron4Config340B", NEMOTRON_MLP + "; " + NEMOTRON_VOCAB)));

    /** MaxText's synthetic "NNB" models differ between the v5e and the v5p tables. */
    private static final Map<String, Shape> MAXTEXT_V5E_SHAPES = Map.of(
            "MaxText-16B", new Shape("gpt", 32, 5120, 32, 32, 256, 32768, 32768, MAXTEXT_V5E, RELU_TIED),
            "MaxText-32B", new Shape("gpt", 32, 10240, 32, 32, 256, 32768, 32768, MAXTEXT_V5E, RELU_TIED),
            "MaxText-64B", new Shape("gpt", 64, 10240, 32, 32, 256, 32768, 32768, MAXTEXT_V5E, RELU_TIED),
            "MaxText-128B", new Shape("gpt", 64, 10240, 64, 64, 256, 65536, 32768, MAXTEXT_V5E, RELU_TIED));
    private static final Map<String, Shape> MAXTEXT_V5P_SHAPES = Map.of(
            "MaxText-32B", new Shape("llama", 32, 8192, 64, 64, 128, 28672, 32000, MAXTEXT_V5P, null),
            "MaxText-64B", new Shape("llama", 64, 8192, 64, 64, 128, 28672, 32000, MAXTEXT_V5P, null),
            "MaxText-128B", new Shape("llama", 64, 8192, 128, 128, 128, 57344, 32000, MAXTEXT_V5P, null),
            "MaxText-256B", new Shape("llama", 64, 16384, 128, 128, 128, 57344, 32000, MAXTEXT_V5P, null),
            "MaxText-512B", new Shape("llama", 128, 16384, 128, 128, 128, 57344, 32000, MAXTEXT_V5P, null),
            "MaxText-1024B", new Shape("llama", 128, 16384, 256, 256, 128, 114688, 32000, MAXTEXT_V5P, null));

    /** The shape of {@code model} as measured on {@code system}, when it is a known dense model. */
    static Optional<Shape> find(String system, String model) {
        if (model.startsWith("MaxText-")) {
            if (system.equals("TPU v5e")) {
                return Optional.ofNullable(MAXTEXT_V5E_SHAPES.get(model));
            }
            if (system.equals("TPU v5p")) {
                return Optional.ofNullable(MAXTEXT_V5P_SHAPES.get(model));
            }
            return Optional.empty();
        }
        return Optional.ofNullable(BY_NAME.get(model));
    }

    /**
     * Model FLOPs of one training token by MaxText's own formula at the time its TPU tables were
     * published ({@code calculate_tflops_training_per_device}): 3 × (2 × every weight matrix's
     * multiply-adds, with the MLP counting one input matrix per activation, plus the logits), plus
     * 3 × 4·s·heads·head-dim per layer for attention counted in full (not causal-halved).
     */
    static double maxtextFlopsPerToken(Shape m, int seq) {
        return flopsPerToken(m, seq, 1.0);
    }

    /**
     * The same formula with attention counted for the unmasked half only ({@code causalShare} 0.5) or
     * in full (1): NVIDIA's NeMo and Megatron-Bridge performance pages count in full up to the 25.07
     * containers (Megatron-LM's and NeMo 2.0's formulas of the time) and causal-halved from 25.09
     * (Megatron-Bridge), as every dense row that publishes tokens/s and TFLOP/s both shows
     * ({@code MeasuredValidationTest.nvidiaFlopConventionsHoldOnTheRowsThatPublishBoth}).
     */
    static double flopsPerToken(Shape m, int seq, double causalShare) {
        int mlpIn = m.architecture().equals("llama") ? 2 : 1;
        double ffn = 2.0 * m.ffn() * m.hidden() * (mlpIn + 1);
        double qkv = 2.0 * m.hidden() * (m.heads() + 2.0 * m.kvHeads()) * m.headDim();
        double proj = 2.0 * m.hidden() * m.heads() * m.headDim();
        double attention = 4.0 * seq * m.heads() * m.headDim() * causalShare;
        double embedding = 2.0 * m.hidden() * m.vocab();
        return 3 * ((ffn + qkv + proj + attention) * m.layers() + embedding);
    }
}
