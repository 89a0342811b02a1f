package io.clustersim.scenarios.validation;

import java.util.Map;
import java.util.Optional;

/**
 * The shapes of the models the measured-throughput tables name, copied from
 * {@code docs/reference/measured-throughput/models.md} (which cites the source of every value).
 * Dense models only: a mixture-of-experts model is known by name and left to the MoE harness
 * (issue 11); a model whose shape is unknown is listed with the reason.
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
        int mlpIn = m.architecture().equals("llama") ? 2 : 1;
        double ffn = 2.0 * m.ffn() * m.hidden() * (mlpIn + 1);
        double qkv = 2.0 * m.hidden() * (m.heads() + 2.0 * m.kvHeads()) * m.headDim();
        double proj = 2.0 * m.hidden() * m.heads() * m.headDim();
        double attention = 4.0 * seq * m.heads() * m.headDim();
        double embedding = 2.0 * m.hidden() * m.vocab();
        return 3 * ((ffn + qkv + proj + attention) * m.layers() + embedding);
    }
}
