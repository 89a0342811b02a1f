package io.clustersim.core.model;

import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Precision;
import io.clustersim.topology.ScaleOutFabric;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sharded data parallelism (ZeRO-3 / FSDP) at a fixed global batch as the GPU count grows: the
 * collapse must come out of the model, and match a hand calculation.
 *
 * <h2>The constructed case and its hand calculation</h2>
 * A Llama-style 8B model (32 layers, hidden 4096, 32 heads, 8 KV heads, FFN 14336, vocabulary
 * 128,256, sequences of 2048 tokens; P = 8.03e9 parameters) trained with pure FSDP (ZeRO-3, no TP,
 * PP or CP; micro-batch 1) at a global batch of 1,024 sequences on H100s (989 TFLOP/s BF16,
 * NVLink 900 GB/s, 8 per node) with one 400 Gb/s NIC per GPU, 1 µs hops, one non-blocking pod.
 * Calibration: GEMM fraction η = 0.5154 (Hopper), scale-up efficiency 1.0, scale-out 0.7399, no
 * overlap interference.
 * <ul>
 *   <li><b>Compute</b> per sequence ≈ model FLOPs / (peak·η): 6·(P − embeddings + output layer)·s
 *       + 6·L·h·s² (causal attention, the half flash attention runs) ≈ 1.0e14 FLOPs / 5.10e14 FLOP/s ≈
 *       0.196 s; a third of it forward. Per unit (one layer of 32): forward f ≈ 2.0 ms, backward
 *       b ≈ 4.1 ms.</li>
 *   <li><b>One unit's all-gather</b> (an NCCL ring over the N ranks; the reduce-scatter of its bf16
 *       gradient costs the same): the unit is P/32 parameters, 2·P/32 = 502 MB in BF16. Bandwidth:
 *       7/8 of it over NVLink at 900 GB/s (0.49 ms) and 1/8 of it over each GPU's NIC at
 *       50 GB/s × 0.74 = 37 GB/s (1.70 ms) — 2.18 ms. Latency: 8.4 µs + one step per rank: N − N/8
 *       NVLink steps of 1 µs and N/8 − 1 network steps of 6 µs (three switch hops, doubled for NIC
 *       and software): at N = 1,024, 896 µs + 762 µs ≈ 1.67 ms; at N = 64, 56 + 42 µs ≈ 0.11 ms.</li>
 *   <li><b>N = 64</b> (16 micro-batches per GPU): gathers (2.3 ms) hide behind a unit's forward
 *       (2.0 ms) but for 0.3 ms, and gather + scatter (4.6 ms) behind its backward (4.1 ms) but for
 *       0.5 ms; per micro-batch 0.196 s + 2.3 + 31·0.3 + 2.3 + 31·0.5 + 2.3 ms ≈ 0.228 s. Tokens/s per
 *       GPU ≈ 2048 / 0.228 ≈ 9,000.</li>
 *   <li><b>N = 1,024</b> (1 micro-batch): each gather takes 3.85 ms, longer than a unit's forward;
 *       forward ≈ 32·3.85 ms + f, backward ≈ 32·(2·3.85) ms + b: 0.123 + 0.002 + 0.246 + 0.004 ≈
 *       0.376 s, and the optimizer step streams 28 bytes per parameter / 1,024 ranks (negligible).
 *       Tokens/s per GPU ≈ 2048 / 0.376 ≈ 5,450.</li>
 * </ul>
 * Beyond the published-row checks, the point is the trend: the same model and batch, 16 × the
 * GPUs, each GPU ~40% slower — and at 4,096 GPUs and a global batch of 4,096 (where the ring's
 * latency alone is 7 ms per collective) more than twice slower than at 256.
 */
class ShardedDataParallelTest {

    static final ChipSpec H100 = ChipCatalog.standard().require("h100-sxm");
    static final TransformerSpec LLAMA_8B = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(32)
            .hidden(4_096).heads(32).kvHeads(8).ffnHidden(14_336).vocab(128_256).seqLen(2_048)
            .precision(Precision.BF16).build();
    static final AnalyticStepModel MODEL = new AnalyticStepModel(SoftwareSpec.modern());

    static ClusterSpec cluster(int gpus) {
        return new ClusterSpec(H100, gpus, 8, 8, new ScaleOutFabric(400e9, 1e-6, gpus, 1));
    }

    static StepEstimate fsdp(int gpus, int globalBatch) {
        ParallelismPlan plan = ParallelismPlan.builder().dp(gpus).globalBatch(globalBatch).zeroStage(3).build();
        return MODEL.estimate(LLAMA_8B, cluster(gpus), plan);
    }

    static double tokensPerGpu(StepEstimate e) {
        return e.tokensPerStep() / e.seconds() / e.chips();
    }

    /** The hand calculation of the class comment, in numbers. */
    static double handStepSeconds(int gpus, int globalBatch) {
        double p = LLAMA_8B.parameterCount();
        double perSequence = LLAMA_8B.causalModelFlopsPerToken() * 2_048 / (989e12 * 0.5154);
        double f = perSequence / 3 / 32, b = 2 * perSequence / 3 / 32;
        double unitBytes = 2 * p / 32;
        double gather = 7.0 / 8 * unitBytes / 900e9 + (gpus / 8 - 1.0) / (gpus / 8) * unitBytes / 8 / (50e9 * 0.7399)
                + 8.4e-6 + (gpus - gpus / 8) * 1e-6 + (gpus / 8 - 1) * 6e-6;
        double forward = 32 * f + gather + 31 * Math.max(0, gather - f);
        double backward = 32 * b + gather + 31 * Math.max(0, 2 * gather - b) + gather;
        int microBatches = globalBatch / gpus;
        return microBatches * (forward + backward);
    }

    @Test
    void fullyShardedDataParallelCollapsesAsGpusGrowAtAFixedBatch() {
        StepEstimate small = fsdp(64, 1_024);
        StepEstimate large = fsdp(1_024, 1_024);
        System.out.printf("FSDP 8B: 64 GPUs %.0f tok/s/GPU (%.3f s, hand %.3f s), 1024 GPUs %.0f tok/s/GPU (%.3f s, hand %.3f s)%n",
                tokensPerGpu(small), small.seconds(), handStepSeconds(64, 1_024), tokensPerGpu(large), large.seconds(),
                handStepSeconds(1_024, 1_024));
        assertEquals(handStepSeconds(64, 1_024), small.seconds(), 0.10 * small.seconds(), "64 GPUs against the hand calculation");
        assertEquals(handStepSeconds(1_024, 1_024), large.seconds(), 0.10 * large.seconds(), "1,024 GPUs against the hand calculation");
        assertTrue(tokensPerGpu(large) < 0.7 * tokensPerGpu(small), "communication-bound at 1,024 GPUs");
        assertTrue(large.breakdownSeconds().get("exposedDp") > large.breakdownSeconds().get("compute"),
                "at 1,024 GPUs the exposed gathers and reduce-scatters exceed the compute");
    }

    @Test
    void thousandsOfRanksCollapseSeveralFold() {
        double at256 = tokensPerGpu(fsdp(256, 4_096));
        double at4096 = tokensPerGpu(fsdp(4_096, 4_096));
        assertTrue(at4096 < 0.5 * at256, at4096 + " vs " + at256);
    }

    @Test
    void hybridShardingKeepsTheGathersInsideTheGroup() {
        ParallelismPlan full = ParallelismPlan.builder().dp(1_024).globalBatch(1_024).zeroStage(3).build();
        StepEstimate fsdp = MODEL.estimate(LLAMA_8B, cluster(1_024), full);
        StepEstimate hsdp = MODEL.estimate(LLAMA_8B, cluster(1_024), full.withShardGroup(64));
        assertTrue(hsdp.seconds() < 0.8 * fsdp.seconds(), hsdp.seconds() + " vs " + fsdp.seconds());
        // sharded over 64 instead of 1,024: 16 × the weights, gradients and optimizer state per GPU
        assertEquals(16 * fsdp.memory().breakdownBytes().get("optimizer"), hsdp.memory().breakdownBytes().get("optimizer"),
                1e-6 * hsdp.memory().breakdownBytes().get("optimizer"));
    }

    @Test
    void zeroThreeNeedsGatherBuffersAndMorePrefetchCostsMemoryNotTime() {
        ParallelismPlan plan = ParallelismPlan.builder().dp(64).globalBatch(1_024).zeroStage(3).build();
        SoftwareSpec deep = new SoftwareSpec(true, true, true, Framework.GENERIC, 2, 2, ContextComm.ALL_GATHER);
        StepEstimate one = MODEL.estimate(LLAMA_8B, cluster(64), plan);
        StepEstimate two = new AnalyticStepModel(deep).estimate(LLAMA_8B, cluster(64), plan);
        double unit = 2 * one.memory().breakdownBytes().get("weights") * 64 / 32 / 2;
        assertEquals(unit, two.memory().breakdownBytes().get("buffers") - one.memory().breakdownBytes().get("buffers"),
                1e-6 * unit, "one more unsharded unit per prefetched unit");
        assertEquals(one.seconds(), two.seconds(), 1e-12);
    }

    @Test
    void frameworksReduceScatterZeroTwoGradientsEveryMicroBatch() {
        ParallelismPlan plan = ParallelismPlan.builder().dp(64).globalBatch(1_024).zeroStage(2).build();
        double generic = MODEL.estimate(LLAMA_8B, cluster(64), plan).breakdownSeconds().get("exposedDp");
        SoftwareSpec deepspeed = new SoftwareSpec(true, false, true, Framework.DEEPSPEED, 2, 1, ContextComm.ALL_TO_ALL);
        SoftwareSpec once = new SoftwareSpec(true, false, true, Framework.MEGATRON, 2, 1, ContextComm.RING);
        double every = new AnalyticStepModel(deepspeed).estimate(LLAMA_8B, cluster(64), plan).breakdownSeconds().get("exposedDp");
        double last = new AnalyticStepModel(once).estimate(LLAMA_8B, cluster(64), plan).breakdownSeconds().get("exposedDp");
        assertTrue(every > 5 * last, "16 micro-batches, 16 reduce-scatters, not overlapped: " + every + " vs " + last);
        assertTrue(generic < last, "overlapped behind the last backward");
    }
}
