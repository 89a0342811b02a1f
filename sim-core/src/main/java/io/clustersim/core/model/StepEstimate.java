package io.clustersim.core.model;

import java.util.List;
import java.util.Map;

/**
 * Time, FLOPs and memory of one optimizer step of one plan.
 *
 * <p>FLOP conventions: {@link #mfu()}, {@link #hfu()} and {@link #tflopsPerChip()} count the
 * attention score and value products in full (Megatron-LM, PaLM, MaxText); the {@code causal}
 * variants count the unmasked half only (what causal attention computes; Llama 3's convention).
 * Both count no recomputation in model FLOPs; HFU adds what recomputation redoes.
 *
 * @param seconds                wall time of one step, seconds
 * @param breakdownSeconds       where the step's time goes (compute, exposed communication,
 *                               pipeline bubble, ...); sums to {@code seconds}
 * @param modelFlopsPerStep      model FLOPs of the step (no recomputation)
 * @param hardwareFlopsPerStep   FLOPs the hardware executes (with recomputation)
 * @param tokensPerStep          tokens per step (global batch × sequence length)
 * @param chips                  chips the step runs on
 * @param peakFlopsPerChip       dense peak of one chip at the model's precision, FLOP/s
 * @param memory                 memory per chip
 * @param attentionFlopsPerStep  of the model FLOPs, those of attention's score and value products
 *                               counted in full
 * @param recomputedAttentionFlopsPerStep of the hardware FLOPs' recomputation, those of attention's
 *                               score and value products counted in full
 * @param computeBreakdownSeconds what the {@code compute} term of {@code breakdownSeconds} is made of
 *                               ({@link #COMPUTE_PARTS}); sums to it; empty where the model does not
 *                               split it
 */
public record StepEstimate(
        double seconds,
        Map<String, Double> breakdownSeconds,
        double modelFlopsPerStep,
        double hardwareFlopsPerStep,
        double tokensPerStep,
        long chips,
        double peakFlopsPerChip,
        MemoryEstimate memory,
        double attentionFlopsPerStep,
        double recomputedAttentionFlopsPerStep,
        Map<String, Double> computeBreakdownSeconds) {

    /**
     * The parts of the compute term, in report order: the attention projections (QKV, output; MLA's
     * down and up projections), the attention core (score and value products: flash attention, or
     * the unfused products and softmax), the MLP (a dense layer's, or the MoE block's router,
     * permutation, routed and shared experts), memory-bound work (norms, residuals, activations,
     * rotary embeddings, quantisation casts), recomputation, and the last stage's output layer with
     * cross-entropy (and multi-token prediction modules) when that stage sets the pace. Each is
     * forward and backward of the bottleneck stage over the step's micro-batches, seconds.
     */
    public static final List<String> COMPUTE_PARTS = List.of("attentionProjections", "attentionCore", "mlp",
            "memoryBound", "recomputation", "outputLayer");

    public StepEstimate {
        breakdownSeconds = FrozenMap.of(breakdownSeconds);
        computeBreakdownSeconds = FrozenMap.of(computeBreakdownSeconds);
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("step time must be > 0, was " + seconds);
        }
    }

    /** Without an attention split: the causal variants equal the full ones. */
    public StepEstimate(double seconds, Map<String, Double> breakdownSeconds, double modelFlopsPerStep,
                        double hardwareFlopsPerStep, double tokensPerStep, long chips, double peakFlopsPerChip,
                        MemoryEstimate memory) {
        this(seconds, breakdownSeconds, modelFlopsPerStep, hardwareFlopsPerStep, tokensPerStep, chips, peakFlopsPerChip,
                memory, 0, 0, Map.of());
    }

    /** MFU with causal attention counted at half (the masked scores are not work), in [0, 1]. */
    public double mfuCausal() {
        return (modelFlopsPerStep - attentionFlopsPerStep / 2) / (seconds * chips * peakFlopsPerChip);
    }

    /** HFU with causal attention (also where recomputed) counted at half, in [0, 1]. */
    public double hfuCausal() {
        return (hardwareFlopsPerStep - (attentionFlopsPerStep + recomputedAttentionFlopsPerStep) / 2)
                / (seconds * chips * peakFlopsPerChip);
    }

    /** Model TFLOP/s per chip with causal attention counted at half. */
    public double tflopsPerChipCausal() {
        return (modelFlopsPerStep - attentionFlopsPerStep / 2) / seconds / chips / 1e12;
    }

    /** Model FLOPs utilisation: model FLOP/s over the peak of all chips, in [0, 1]. */
    public double mfu() {
        return modelFlopsPerStep / (seconds * chips * peakFlopsPerChip);
    }

    /** Hardware FLOPs utilisation (counts recomputation), in [0, 1]. */
    public double hfu() {
        return hardwareFlopsPerStep / (seconds * chips * peakFlopsPerChip);
    }

    /** Achieved model TFLOP/s per chip (10^12 FLOP/s), as papers report it. */
    public double tflopsPerChip() {
        return modelFlopsPerStep / seconds / chips / 1e12;
    }

    /** Training tokens per second over the whole job. */
    public double tokensPerSecond() {
        return tokensPerStep / seconds;
    }
}
