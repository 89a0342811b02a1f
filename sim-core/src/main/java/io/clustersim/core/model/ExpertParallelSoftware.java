package io.clustersim.core.model;

import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.Precision;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the software runs the expert-parallel all-to-all: what overlaps it, in which precision
 * tokens travel (DeepSeek-V3 dispatches in FP8 and combines in BF16, arXiv 2412.19437 §3.3.2),
 * whether the dispatcher sends a token once per destination domain (DeepEP) or once per copy, and
 * whether the experts' GEMMs run as one grouped kernel or a kernel per expert.
 *
 * <pre>{@code
 * ExpertParallelSoftware deepseek = new ExpertParallelSoftware(EpOverlap.DUALPIPE, Precision.FP8, Precision.BF16,
 *         EpDispatcher.DEEPEP);
 * }</pre>
 *
 * @param overlap    what hides the all-to-all
 * @param dispatch   precision of the tokens sent to the experts (and of their gradients' return)
 * @param combine    precision of the expert outputs sent back (and of their gradients)
 * @param dispatcher how a token's copies cross the fabric
 * @param expertGemm how the local experts' GEMMs are launched
 * @param expertBias how the experts' biases are added, for models whose experts have them
 */
public record ExpertParallelSoftware(EpOverlap overlap, Precision dispatch, Precision combine,
                                     EpDispatcher dispatcher, ExpertGemm expertGemm, ExpertBias expertBias) {

    /** Exposed all-to-all in BF16 both ways, every copy sent, the experts' GEMMs as one grouped kernel. */
    public static final ExpertParallelSoftware DEFAULT =
            new ExpertParallelSoftware(EpOverlap.NONE, Precision.BF16, Precision.BF16, EpDispatcher.ALL_TO_ALL);

    public ExpertParallelSoftware {
        Objects.requireNonNull(overlap, "overlap");
        Objects.requireNonNull(dispatch, "dispatch");
        Objects.requireNonNull(combine, "combine");
        Objects.requireNonNull(dispatcher, "dispatcher");
        Objects.requireNonNull(expertGemm, "expertGemm");
        Objects.requireNonNull(expertBias, "expertBias");
    }

    /** With the experts' biases in their GEMMs ({@link ExpertBias#FUSED}). */
    public ExpertParallelSoftware(EpOverlap overlap, Precision dispatch, Precision combine, EpDispatcher dispatcher,
                                  ExpertGemm expertGemm) {
        this(overlap, dispatch, combine, dispatcher, expertGemm, ExpertBias.FUSED);
    }

    /** With {@code dispatcher}; the experts' GEMMs as one grouped kernel. */
    public ExpertParallelSoftware(EpOverlap overlap, Precision dispatch, Precision combine, EpDispatcher dispatcher) {
        this(overlap, dispatch, combine, dispatcher, ExpertGemm.GROUPED);
    }

    /** The overlap and precisions with NCCL's all-to-all dispatcher (every copy sent). */
    public ExpertParallelSoftware(EpOverlap overlap, Precision dispatch, Precision combine) {
        this(overlap, dispatch, combine, EpDispatcher.ALL_TO_ALL);
    }

    /** The same software with {@code dispatcher}. */
    public ExpertParallelSoftware withDispatcher(EpDispatcher dispatcher) {
        return new ExpertParallelSoftware(overlap, dispatch, combine, dispatcher, expertGemm, expertBias);
    }

    /** The same software with the experts' GEMMs launched as {@code expertGemm}. */
    public ExpertParallelSoftware withExpertGemm(ExpertGemm expertGemm) {
        return new ExpertParallelSoftware(overlap, dispatch, combine, dispatcher, expertGemm, expertBias);
    }

    /** The same software with the experts' biases added as {@code expertBias}. */
    public ExpertParallelSoftware withExpertBias(ExpertBias expertBias) {
        return new ExpertParallelSoftware(overlap, dispatch, combine, dispatcher, expertGemm, expertBias);
    }

    /**
     * Bytes of one element sent in {@code precision}: 2 for BF16, 1 for the 8-bit formats (their scales,
     * one per 32 or 128 elements, left out), NVFP4's half byte plus its FP8 scale per 16 elements.
     */
    public static double elementBytes(Precision precision) {
        return switch (precision) {
            case BF16 -> 2;
            case NVFP4 -> 0.5 + 1.0 / 16;
            default -> 1;
        };
    }

    /**
     * Why {@code chip} cannot take this dispatch or combine format: the experts compute on the tokens
     * dispatched, and produce what is combined, in a format the chip has no peak for (the check the
     * model's own precision gets). Empty when it can.
     */
    public Optional<Problem> formatProblemOn(ChipSpec chip) {
        for (var side : List.of(java.util.Map.entry("software.ep-dispatch", dispatch),
                java.util.Map.entry("software.ep-combine", combine))) {
            if (!chip.supports(side.getValue())) {
                return Optional.of(new Problem(side.getKey(), chip.displayName() + " has no " + side.getValue().key()
                        + " peak in the catalog, so its experts cannot run on tokens in " + side.getValue().key()
                        + "; it runs " + String.join(", ", chip.formats().stream().map(Precision::key).toList())));
            }
        }
        return Optional.empty();
    }

    /**
     * Why a pipelined {@code plan} cannot run this schedule: DualPipe feeds micro-batches from both
     * ends and "only requires that the pipeline stages and micro-batches be divisible by 2"
     * (arXiv 2412.19437 §3.2.1); it has no interleaved chunks. Empty when it can, and for the other
     * schedules.
     */
    public List<Problem> problems(ParallelismPlan plan) {
        if (overlap != EpOverlap.DUALPIPE || plan.pipeline() == 1) {
            return List.of();
        }
        List<Problem> out = new ArrayList<>(0);
        if (plan.pipeline() % 2 != 0) {
            out.add(new Problem("parallelism.pp", "pp = " + plan.pipeline() + ": DualPipe (software.ep-overlap) feeds"
                    + " micro-batches from both ends of the pipeline and needs an even number of stages"));
        }
        if (plan.virtualStages() > 1) {
            out.add(new Problem("parallelism.virtual-stages", "DualPipe (software.ep-overlap) has no interleaved"
                    + " schedule: virtual-stages must be 1"));
        }
        if (plan.microBatchesPerReplica() % 2 != 0) {
            out.add(new Problem("parallelism.global-batch", "DualPipe (software.ep-overlap) feeds half the"
                    + " micro-batches from each end and needs an even number per replica; there are "
                    + plan.microBatchesPerReplica()));
        }
        return out;
    }
}
