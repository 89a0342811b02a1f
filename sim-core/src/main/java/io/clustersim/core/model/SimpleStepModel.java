package io.clustersim.core.model;

import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Collectives;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The first, thin step model: 6·N FLOPs per token at a fixed achievable fraction of peak, a
 * pipeline bubble, and a data-parallel ring all-reduce of the gradients over the scale-out
 * fabric, fully exposed. Memory: mixed-precision Adam state (16 bytes per parameter) split over
 * tp × pp, plus activations without recomputation.
 *
 * <p>Assumptions (replaced by the full step model): {@link #GEMM_EFFICIENCY} of peak for every
 * chip; {@link #BUS_EFFICIENCY} of the NIC bandwidth for collectives.
 */
public final class SimpleStepModel implements StepModel {

    /**
     * Achievable fraction of dense peak for a training step's matrix multiplications. 0.5 sits in
     * the 38–52% MFU of the large published runs (Megatron SC'21 Table 1, Llama 3 Table 4), which
     * already include communication and bubbles.
     */
    public static final double GEMM_EFFICIENCY = 0.5;

    /** Fraction of link bandwidth a ring collective reaches (bus bandwidth / link bandwidth). */
    public static final double BUS_EFFICIENCY = 0.8;

    /** Bytes per parameter of weights (bf16), gradients (bf16) and Adam state (fp32 master, m, v). */
    private static final double WEIGHT_BYTES = 2, GRADIENT_BYTES = 2, OPTIMIZER_BYTES = 12;

    @Override
    public StepEstimate estimate(TransformerSpec model, ClusterSpec cluster, ParallelismPlan plan) {
        double n = model.parameterCount();
        double tokensPerStep = (double) plan.globalBatch() * model.seqLen();
        double modelFlops = 6.0 * n * tokensPerStep;
        double peak = cluster.chip().peakFlopsPerSecond(model.precision());
        long chips = plan.chips();

        double compute = modelFlops / (chips * peak * GEMM_EFFICIENCY);
        int micro = Math.max(1, plan.microBatchesPerReplica());
        double bubble = compute * (plan.pipeline() - 1) / (double) micro;
        double gradientBytesPerChip = n / (plan.tensor() * plan.pipeline()) * GRADIENT_BYTES;
        double dp = Collectives.ringAllReduceSeconds(gradientBytesPerChip, plan.data(),
                cluster.scaleOut().bytesPerSecondPerChip() * BUS_EFFICIENCY, cluster.scaleOut().hopLatencySeconds());

        Map<String, Double> breakdown = new LinkedHashMap<>();
        breakdown.put("compute", compute);
        breakdown.put("ppBubble", bubble);
        breakdown.put("exposedDp", dp);
        double seconds = compute + bubble + dp;

        double shardedParams = n / (plan.tensor() * plan.pipeline());
        Map<String, Double> memory = new LinkedHashMap<>();
        memory.put("weights", shardedParams * WEIGHT_BYTES);
        memory.put("gradients", shardedParams * GRADIENT_BYTES);
        memory.put("optimizer", shardedParams * OPTIMIZER_BYTES);
        memory.put("activations", activationBytes(model, plan));

        return new StepEstimate(seconds, breakdown, modelFlops, modelFlops, tokensPerStep, chips, peak,
                new MemoryEstimate(memory, cluster.chip().hbmBytes()));
    }

    /**
     * Activations without recomputation (Korthikanti et al. 2022, eq. 2): s·b·h·(34 + 5·a·s/h)
     * bytes per layer, split by tp; the first pipeline stage holds pp micro-batches in flight.
     */
    private static double activationBytes(TransformerSpec model, ParallelismPlan plan) {
        double s = model.seqLen(), b = plan.microBatch(), h = model.hidden(), a = model.heads();
        double perLayer = s * b * h * (34 + 5 * a * s / h) / plan.tensor();
        double layersPerStage = (double) model.layers() / plan.pipeline();
        int inFlight = Math.min(plan.pipeline(), Math.max(1, plan.microBatchesPerReplica()));
        return perLayer * layersPerStage * inFlight;
    }
}
