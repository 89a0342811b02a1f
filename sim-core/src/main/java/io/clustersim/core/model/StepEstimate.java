package io.clustersim.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Time, FLOPs and memory of one optimizer step of one plan.
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
 */
public record StepEstimate(
        double seconds,
        Map<String, Double> breakdownSeconds,
        double modelFlopsPerStep,
        double hardwareFlopsPerStep,
        double tokensPerStep,
        long chips,
        double peakFlopsPerChip,
        MemoryEstimate memory) {

    public StepEstimate {
        breakdownSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(breakdownSeconds));
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("step time must be > 0, was " + seconds);
        }
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
