package io.clustersim.core.model;

import io.clustersim.topology.Precision;

import java.util.Objects;

/**
 * How the software runs the expert-parallel all-to-all: what overlaps it, and in which precision
 * tokens travel (DeepSeek-V3 dispatches in FP8 and combines in BF16, arXiv 2412.19437 §3.3.2).
 *
 * <pre>{@code
 * ExpertParallelSoftware deepseek = new ExpertParallelSoftware(EpOverlap.DUALPIPE, Precision.FP8, Precision.BF16);
 * }</pre>
 *
 * @param overlap  what hides the all-to-all
 * @param dispatch precision of the tokens sent to the experts (and of their gradients' return)
 * @param combine  precision of the expert outputs sent back (and of their gradients)
 */
public record ExpertParallelSoftware(EpOverlap overlap, Precision dispatch, Precision combine) {

    /** Exposed all-to-all in BF16 both ways (Megatron-Core's default). */
    public static final ExpertParallelSoftware DEFAULT =
            new ExpertParallelSoftware(EpOverlap.NONE, Precision.BF16, Precision.BF16);

    public ExpertParallelSoftware {
        Objects.requireNonNull(overlap, "overlap");
        Objects.requireNonNull(dispatch, "dispatch");
        Objects.requireNonNull(combine, "combine");
    }

    /** Bytes of one element sent in {@code precision}: 2 for BF16, 1 for the 8-bit formats. */
    public static double elementBytes(Precision precision) {
        return precision == Precision.BF16 ? 2 : 1;
    }
}
