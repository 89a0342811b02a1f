package io.clustersim.core.model;

import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.GroupPlacement;
import io.clustersim.topology.Precision;
import io.clustersim.topology.ScaleOutFabric;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalyticStepModelTest {

    static final ChipSpec H100 = ChipCatalog.standard().require("h100-sxm");
    static final TransformerSpec LLAMA_70B = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(80)
            .hidden(8_192).heads(64).kvHeads(8).ffnHidden(28_672).vocab(128_256).seqLen(8_192).build();
    static final ClusterSpec CLUSTER = new ClusterSpec(H100, 1_024, 8, 8, new ScaleOutFabric(400e9, 1e-6, 1_024, 1));
    static final AnalyticStepModel MODEL = new AnalyticStepModel(SoftwareSpec.modern());

    static ParallelismPlan.Builder base() {
        return ParallelismPlan.builder().tp(8).pp(4).dp(32).globalBatch(1_024).sequenceParallel(true).zeroStage(1);
    }

    static StepEstimate estimate(ParallelismPlan plan) {
        return MODEL.estimate(LLAMA_70B, CLUSTER, plan);
    }

    @Test
    void breakdownSumsToStepTimeAndUtilisationIsAFraction() {
        StepEstimate e = estimate(base().build());
        double sum = e.breakdownSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(e.seconds(), sum, 1e-12 * e.seconds());
        assertTrue(e.mfu() > 0.2 && e.mfu() < 0.8, "mfu " + e.mfu());
        assertEquals(e.mfu(), e.hfu(), 1e-12, "no recomputation: HFU = MFU");
        assertEquals(LLAMA_70B.modelFlopsPerToken() * 1_024 * 8_192, e.modelFlopsPerStep(), 1);
    }

    /** Causal counting removes half of attention's 12·h·s per layer and token, in MFU, HFU and TF/s alike. */
    @Test
    void causalConventionHalvesAttention() {
        StepEstimate e = estimate(base().recompute(Recompute.SELECTIVE).build());
        double tokens = 1_024 * 8_192.0;
        double attention = 12.0 * 80 * 8_192 * 8_192 * tokens;
        double peakTime = e.seconds() * e.chips() * e.peakFlopsPerChip();
        assertEquals((e.modelFlopsPerStep() - attention / 2) / peakTime, e.mfuCausal(), 1e-9);
        // selective recomputation redoes the attention forward: a third of attention's training FLOPs
        assertEquals((e.hardwareFlopsPerStep() - attention / 2 - attention / 6) / peakTime, e.hfuCausal(), 1e-9);
        assertEquals(e.tflopsPerChip() * e.mfuCausal() / e.mfu(), e.tflopsPerChipCausal(), 1e-9);
    }

    /**
     * With sequence parallelism the all-gather half of each TP collective carries the quantised GEMM
     * input: FP8 moves (2 + 1) / 2 = 1.5 bytes per element where BF16 moves 2 (latency unchanged), so
     * the exposed TP time falls to about 3/4 (to 0.80: less hides behind FP8's shorter GEMMs); without SP the
     * all-reduce stays BF16.
     */
    @Test
    void lowPrecisionGathersTheQuantisedInputUnderSequenceParallelism() {
        TransformerSpec fp8 = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(80).hidden(8_192).heads(64)
                .kvHeads(8).ffnHidden(28_672).vocab(128_256).seqLen(8_192).precision(io.clustersim.topology.Precision.FP8).build();
        ParallelismPlan sp = base().build();
        double bf16Tp = MODEL.estimate(LLAMA_70B, CLUSTER, sp).breakdownSeconds().get("exposedTp");
        double fp8Tp = MODEL.estimate(fp8, CLUSTER, sp).breakdownSeconds().get("exposedTp");
        assertTrue(fp8Tp < 0.82 * bf16Tp && fp8Tp > 0.74 * bf16Tp, "fp8 " + fp8Tp + " s vs bf16 " + bf16Tp + " s");
        ParallelismPlan noSp = base().sequenceParallel(false).build();
        // the same BF16 all-reduce bytes, behind FP8's shorter GEMMs: no less exposed than BF16's
        assertTrue(MODEL.estimate(fp8, CLUSTER, noSp).breakdownSeconds().get("exposedTp")
                >= MODEL.estimate(LLAMA_70B, CLUSTER, noSp).breakdownSeconds().get("exposedTp"), "all-reduce in BF16");
    }

    /**
     * NVFP4 keeps the layers' compute parameters in 4 bits (row-wise and column-wise, FP8 scale per
     * 16): weights weigh 1.125 bytes per layer parameter instead of BF16's 2, the embeddings and the
     * output layer stay BF16; gradients and optimizer state do not change. FP8 keeps 2.
     */
    @Test
    void nvfp4HoldsTheLayersWeightsInItsOwnBytes() {
        ChipSpec gb300 = ChipCatalog.standard().require("gb300-nvl72");
        ClusterSpec cluster = new ClusterSpec(gb300, 64, 4, 64, new ScaleOutFabric(800e9, 1e-6, 64, 1));
        ParallelismPlan plan = ParallelismPlan.builder().tp(1).pp(1).dp(64).microBatch(2).globalBatch(256).zeroStage(1).build();
        java.util.function.Function<io.clustersim.topology.Precision, MemoryEstimate> memory = p -> MODEL.estimate(
                TransformerSpec.builder().architecture(Architecture.LLAMA).layers(80).hidden(8_192).heads(64).kvHeads(8)
                        .ffnHidden(28_672).vocab(128_256).seqLen(8_192).precision(p).build(), cluster, plan).memory();
        MemoryEstimate bf16 = memory.apply(io.clustersim.topology.Precision.BF16);
        MemoryEstimate fp8 = memory.apply(io.clustersim.topology.Precision.FP8);
        MemoryEstimate nvfp4 = memory.apply(io.clustersim.topology.Precision.NVFP4);
        double embeddings = 2 * 128_256.0 * 8_192; // untied: the input embedding and the output layer, both on the one stage
        double layers = bf16.breakdownBytes().get("weights") / 2 - embeddings;
        assertEquals(bf16.breakdownBytes().get("weights"), fp8.breakdownBytes().get("weights"), 1);
        assertEquals(2 * embeddings + 1.125 * layers, nvfp4.breakdownBytes().get("weights"), 1e-9 * layers);
        assertEquals(bf16.breakdownBytes().get("gradients"), nvfp4.breakdownBytes().get("gradients"), 1);
        assertEquals(bf16.breakdownBytes().get("optimizer"), nvfp4.breakdownBytes().get("optimizer"), 1);
        assertTrue(nvfp4.fits() && !fp8.fits(), "the published NVFP4 plan fits in 279 GB, FP8's BF16 weights do not: "
                + nvfp4.explain() + " / " + fp8.explain());
    }

    /**
     * Muon keeps one FP32 momentum where Adam keeps two: two thirds of Adam's optimizer state (8 of
     * 12 bytes per parameter), the same weights and gradients, and a cheaper optimizer step (20 of
     * 28 bytes streamed per parameter, beside the same kernel overhead).
     */
    @Test
    void muonHoldsTwoThirdsOfAdamsState() {
        ChipSpec h100 = ChipCatalog.standard().require("h100-sxm");
        ClusterSpec cluster = new ClusterSpec(h100, 64, 8, 8, new ScaleOutFabric(400e9, 1e-6, 64, 1));
        ParallelismPlan plan = ParallelismPlan.builder().tp(8).pp(1).dp(8).microBatch(1).globalBatch(64).zeroStage(0).build();
        TransformerSpec spec = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(32).hidden(4_096).heads(32)
                .kvHeads(8).ffnHidden(14_336).vocab(128_256).seqLen(4_096).build();
        SoftwareSpec adamSoftware = SoftwareSpec.modern();
        StepEstimate adam = new AnalyticStepModel(Calibration.standard(), adamSoftware).estimate(spec, cluster, plan);
        StepEstimate muon = new AnalyticStepModel(Calibration.standard(), adamSoftware.withOptimizer(Optimizer.MUON))
                .estimate(spec, cluster, plan);
        assertEquals(adam.memory().breakdownBytes().get("optimizer") * 8 / 12, muon.memory().breakdownBytes().get("optimizer"),
                1);
        assertEquals(adam.memory().breakdownBytes().get("weights"), muon.memory().breakdownBytes().get("weights"), 1);
        // the streamed bytes shrink to 20/28; the optimizer kernels' fixed overhead stays
        assertTrue(muon.breakdownSeconds().get("optimizer") < adam.breakdownSeconds().get("optimizer"));
        assertTrue(muon.breakdownSeconds().get("optimizer") > adam.breakdownSeconds().get("optimizer") * 20 / 28);
    }

    /**
     * FP8 speeds up the layers' GEMMs only: at a long sequence, where flash attention (BF16) is most
     * of the work, FP8 is far from twice as fast; and the cast work makes it slower than the same
     * run at twice the BF16 peak would be.
     */
    @Test
    void lowPrecisionLeavesAttentionInBf16AndPaysForItsCasts() {
        TransformerSpec longBf16 = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(32).hidden(4_096)
                .heads(32).kvHeads(8).ffnHidden(14_336).vocab(128_256).seqLen(131_072).build();
        TransformerSpec longFp8 = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(32).hidden(4_096)
                .heads(32).kvHeads(8).ffnHidden(14_336).vocab(128_256).seqLen(131_072)
                .precision(io.clustersim.topology.Precision.FP8).build();
        ClusterSpec cluster = new ClusterSpec(H100, 64, 8, 8, new ScaleOutFabric(400e9, 1e-6, 64, 1));
        ParallelismPlan plan = ParallelismPlan.builder().tp(4).cp(16).dp(1).globalBatch(8).sequenceParallel(true).build();
        double bf16 = MODEL.estimate(longBf16, cluster, plan).seconds();
        double fp8 = MODEL.estimate(longFp8, cluster, plan).seconds();
        assertTrue(fp8 < bf16 && fp8 > 0.8 * bf16, "fp8 " + fp8 + " s vs bf16 " + bf16 + " s at 131K");
        // the same chip with a BF16 peak of the FP8 one: GEMMs as fast, no casts, attention twice as fast
        ChipSpec doubled = new ChipSpec("h100x2", "H100 at FP8 rate", H100.family(), H100.peakFp8FlopsPerSecond(),
                H100.peakFp8FlopsPerSecond(), H100.hbmBytes(), H100.hbmBytesPerSecond(), H100.scaleUpBytesPerSecond(),
                8, H100.scaleOutBitsPerSecond(), H100.tdpWatts(), "test", java.util.Set.of());
        ClusterSpec fast = new ClusterSpec(doubled, 64, 8, 8, new ScaleOutFabric(400e9, 1e-6, 64, 1));
        assertTrue(MODEL.estimate(longBf16, fast, plan).seconds() < fp8);
        // casts cost what PrecisionBytes says: delayed scaling skips the amax pass
        TransformerSpec delayed = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(32).hidden(4_096)
                .heads(32).kvHeads(8).ffnHidden(14_336).vocab(128_256).seqLen(131_072)
                .precision(io.clustersim.topology.Precision.FP8_DELAYED).build();
        assertTrue(MODEL.estimate(delayed, cluster, plan).seconds() < fp8);
    }

    @Test
    void recomputationTradesTimeForMemory() {
        StepEstimate none = estimate(base().build());
        StepEstimate selective = estimate(base().recompute(Recompute.SELECTIVE).build());
        StepEstimate full = estimate(base().recompute(Recompute.FULL).build());
        double aNone = none.memory().breakdownBytes().get("activations");
        double aFull = full.memory().breakdownBytes().get("activations");
        assertTrue(aFull < 0.3 * aNone, aFull + " vs " + aNone);
        assertTrue(full.seconds() > 1.2 * none.seconds());
        assertTrue(full.hfu() > full.mfu());
        assertTrue(selective.seconds() >= none.seconds() && selective.seconds() < full.seconds());
    }

    @Test
    void moreMicroBatchesAndInterleavingShrinkTheBubble() {
        double fewMicro = estimate(base().microBatch(8).build()).breakdownSeconds().get("ppBubble")
                / estimate(base().microBatch(8).build()).seconds();
        double manyMicro = estimate(base().microBatch(1).build()).breakdownSeconds().get("ppBubble")
                / estimate(base().microBatch(1).build()).seconds();
        assertTrue(manyMicro < fewMicro, manyMicro + " vs " + fewMicro);
        double interleaved = estimate(base().virtualStages(4).build()).breakdownSeconds().get("ppBubble");
        assertEquals(estimate(base().build()).breakdownSeconds().get("ppBubble") / 4, interleaved,
                0.05 * interleaved, "v chunks divide the bubble by v");
    }

    @Test
    void unevenVirtualStagesPassAtThePaceOfTheLargestChunk() {
        // 80 layers on 4 stages: 20 per stage. Three chunks hold 7, 7 and 6 layers (Megatron-Core's
        // pipeline layout), so the interleaved bubble is the 7-layer chunk's: 7/20 of the plain one,
        // not 1/3 of it
        double plain = estimate(base().build()).breakdownSeconds().get("ppBubble");
        double uneven = estimate(base().virtualStages(3).build()).breakdownSeconds().get("ppBubble");
        assertEquals(plain * 7 / 20, uneven, 1e-9 * plain);
        assertTrue(PlanValidator.problems(LLAMA_70B, CLUSTER, base().virtualStages(3).build()).isEmpty());
        var tooMany = PlanValidator.problems(LLAMA_70B, CLUSTER, base().virtualStages(21).build());
        assertEquals("parallelism.virtual-stages", tooMany.get(0).key(), tooMany.toString());
        assertTrue(tooMany.get(0).message().contains("more than the 20 layers a pipeline stage holds"), tooMany.toString());
    }

    @Test
    void bubbleIsTheOtherStagesTimeNotTheSlowestStageTimesPMinusOne() {
        // 80 layers on 4 stages: the last stage also runs the output layer, so it is the slowest.
        // 1F1B takes m·t_last + (t_first + 2·t_middle): a bigger vocabulary lengthens every
        // micro-batch of the last stage but not the fill and drain of the others.
        TransformerSpec bigVocab = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(80).hidden(8_192)
                .heads(64).kvHeads(8).ffnHidden(28_672).vocab(256_000).seqLen(8_192).build();
        ParallelismPlan plan = base().microBatch(1).build();
        StepEstimate small = MODEL.estimate(LLAMA_70B, CLUSTER, plan);
        StepEstimate big = MODEL.estimate(bigVocab, CLUSTER, plan);
        double bubbleSmall = small.breakdownSeconds().get("ppBubble");
        double bubbleBig = big.breakdownSeconds().get("ppBubble");
        assertTrue(big.breakdownSeconds().get("compute") > 1.02 * small.breakdownSeconds().get("compute"));
        assertEquals(bubbleSmall, bubbleBig, 1e-9 * bubbleSmall, "the output layer does not lengthen the bubble");
        int m = plan.microBatchesPerReplica();
        double perMicroBatchLast = (small.breakdownSeconds().get("compute") + small.breakdownSeconds().get("exposedTp")) / m;
        assertTrue(bubbleSmall < 3 * perMicroBatchLast, "bubble " + bubbleSmall + " vs (p − 1)·t_last " + 3 * perMicroBatchLast);
    }

    @Test
    void backwardTensorParallelCollectivesHideBehindWeightGradients() {
        ParallelismPlan plan = ParallelismPlan.builder().tp(8).pp(1).dp(128).globalBatch(1_024).recompute(Recompute.FULL).build();
        Calibration standard = Calibration.standard();
        Calibration interfering = standard.withCollectiveSms(Calibration.MAX_COLLECTIVE_SMS);
        double exposed = new AnalyticStepModel(standard, new SoftwareSpec(true, true, false)).estimate(LLAMA_70B, CLUSTER, plan)
                .breakdownSeconds().get("exposedTp");
        double overlapped = new AnalyticStepModel(standard, new SoftwareSpec(true, true, true)).estimate(LLAMA_70B, CLUSTER, plan)
                .breakdownSeconds().get("exposedTp");
        double interfered = new AnalyticStepModel(interfering, new SoftwareSpec(true, true, true)).estimate(LLAMA_70B, CLUSTER, plan)
                .breakdownSeconds().get("exposedTp");
        // six collectives per layer with full recomputation, two of them in backward
        assertTrue(overlapped >= exposed * 4 / 6 * (1 - 1e-12) && overlapped < exposed, overlapped + " vs " + exposed);
        // more SMs held by the collective: less of the chip left to the weight-gradient GEMMs beside it
        assertTrue(overlapped < interfered && interfered <= exposed, interfered + " between " + overlapped + " and " + exposed);
    }

    @Test
    void zeroStagesShardStateOverDataParallelRanks() {
        double previous = Double.MAX_VALUE;
        for (int zero = 0; zero <= 3; zero++) {
            double bytes = estimate(base().zeroStage(zero).build()).memory().perChipBytes();
            assertTrue(bytes < previous, "ZeRO " + zero);
            previous = bytes;
        }
    }

    @Test
    void overlapHidesTheGradientReductionButItsSmsSlowTheCompute() {
        ParallelismPlan plan = base().tp(8).pp(1).dp(128).build();
        Calibration standard = Calibration.standard();
        Calibration clean = standard.withCollectiveSms(0).withOverlapContention(0);
        Calibration interfering = standard.withCollectiveSms(Calibration.MAX_COLLECTIVE_SMS).withOverlapContention(0);
        double exposed = new AnalyticStepModel(clean, new SoftwareSpec(true, false)).estimate(LLAMA_70B, CLUSTER, plan)
                .breakdownSeconds().get("exposedDp");
        double hidden = new AnalyticStepModel(clean, SoftwareSpec.modern()).estimate(LLAMA_70B, CLUSTER, plan)
                .breakdownSeconds().get("exposedDp");
        double interfered = new AnalyticStepModel(interfering, SoftwareSpec.modern()).estimate(LLAMA_70B, CLUSTER, plan)
                .breakdownSeconds().get("exposedDp");
        assertTrue(hidden < exposed, hidden + " vs " + exposed);
        // while the reduction runs, its 64 SMs of the H100's 132 are missing from the compute beside
        // it, which loses 64/132 of its throughput: at most 64/132 of the reduction's time more than
        // with a collective that held none (the HBM share is the same in both), and still less than
        // not overlapping at all
        assertTrue(interfered > hidden && interfered - hidden <= 64.0 / 132 * exposed * (1 + 1e-12) && interfered < exposed,
                interfered + " vs " + hidden + " and " + exposed);
    }

    @Test
    void tensorParallelismAcrossNodesCostsMore() {
        TransformerSpec gpt = TransformerSpec.builder().layers(40).hidden(6_144).heads(48).build();
        ClusterSpec c = new ClusterSpec(H100, 64, 8, 8, new ScaleOutFabric(400e9, 1e-6, 64, 1));
        ParallelismPlan tp8 = ParallelismPlan.builder().tp(8).dp(8).globalBatch(512).recompute(Recompute.FULL).build();
        ParallelismPlan tp16 = ParallelismPlan.builder().tp(16).dp(4).globalBatch(512).recompute(Recompute.FULL).build();
        double tp8Share = MODEL.estimate(gpt, c, tp8).breakdownSeconds().get("exposedTp") / MODEL.estimate(gpt, c, tp8).seconds();
        double tp16Share = MODEL.estimate(gpt, c, tp16).breakdownSeconds().get("exposedTp") / MODEL.estimate(gpt, c, tp16).seconds();
        assertTrue(tp16Share > 1.5 * tp8Share, tp16Share + " vs " + tp8Share);
    }

    @Test
    void oversubscribedSpineSlowsGroupsThatSpanPods() {
        ClusterSpec flat = new ClusterSpec(H100, 16_384, 8, 8, new ScaleOutFabric(400e9, 1e-6, 16_384, 1));
        ClusterSpec pods = new ClusterSpec(H100, 16_384, 8, 8, new ScaleOutFabric(400e9, 1e-6, 3_072, 7));
        double inFlat = GroupPlacement.of(flat, 2_048, 8, 0.9, 0.9).allReduceSeconds(1e9);
        double inPods = GroupPlacement.of(pods, 2_048, 8, 0.9, 0.9).allReduceSeconds(1e9);
        assertTrue(inPods > inFlat, inPods + " vs " + inFlat);
        assertEquals(GroupPlacement.of(flat, 8, 1, 0.9, 0.9).allReduceSeconds(1e9),
                GroupPlacement.of(pods, 8, 1, 0.9, 0.9).allReduceSeconds(1e9), 1e-15, "inside one node the spine does not matter");
    }

    @Test
    void mixtureOfExpertsCountsActiveParametersAndPaysAllToAll() {
        TransformerSpec moe = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(32).hidden(4_096)
                .heads(32).kvHeads(8).ffnHidden(14_336).vocab(32_000).seqLen(4_096)
                .moe(new MoeSpec(8, 2, 0, 14_336, 1)).build(); // Mixtral 8x7B
        assertEquals(46.7e9, moe.parameterCount(), 0.3e9);
        assertEquals(12.9e9, moe.activeParameterCount(), 0.2e9);
        ParallelismPlan plan = ParallelismPlan.builder().tp(1).pp(1).dp(64).ep(8).globalBatch(512).zeroStage(3).build();
        ClusterSpec c = new ClusterSpec(H100, 64, 8, 8, new ScaleOutFabric(400e9, 1e-6, 64, 1));
        assertTrue(PlanValidator.problems(moe, c, plan).isEmpty(), PlanValidator.problems(moe, c, plan).toString());
        StepEstimate e = MODEL.estimate(moe, c, plan);
        assertTrue(e.breakdownSeconds().get("epAllToAll") > 0);
    }

    @Test
    void computeSplitsIntoItsPartsAndTheyAddUp() {
        TransformerSpec mixtral = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(32).hidden(4_096)
                .heads(32).kvHeads(8).ffnHidden(14_336).vocab(32_000).seqLen(4_096)
                .moe(new MoeSpec(8, 2, 0, 14_336, 1)).build();
        ClusterSpec c64 = new ClusterSpec(H100, 64, 8, 8, new ScaleOutFabric(400e9, 1e-6, 64, 1));
        StepEstimate dense = estimate(base().build());
        StepEstimate full = estimate(base().recompute(Recompute.FULL).build());
        StepEstimate moe = MODEL.estimate(mixtral, c64,
                ParallelismPlan.builder().tp(1).pp(1).dp(64).ep(8).globalBatch(512).zeroStage(1).build());
        for (StepEstimate e : new StepEstimate[] {dense, full, moe}) {
            assertEquals(StepEstimate.COMPUTE_PARTS, List.copyOf(e.computeBreakdownSeconds().keySet()));
            double sum = e.computeBreakdownSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(e.breakdownSeconds().get("compute"), sum, 1e-9 * sum, "the parts add up to compute");
        }
        // a 70B dense layer: the MLP's GEMMs outweigh the attention projections by about their
        // weights, 3·8192·28672 against 8192·(8192 + 2·1024) + 8192·8192 (4.67×), a little less
        // for the per-kernel overhead both pay
        double ratio = dense.computeBreakdownSeconds().get("mlp") / dense.computeBreakdownSeconds().get("attentionProjections");
        assertTrue(ratio > 4.2 && ratio < 4.67, "MLP / attention projections " + ratio);
        assertEquals(0, dense.computeBreakdownSeconds().get("recomputation"));
        // full recomputation reruns the forward (BF16: no casts): a third of the GEMMs' and the
        // memory-bound work's time (forward, then twice that backward); of flash attention's, the
        // products' forward (the backward is 2.5 of them) and the softmax's exponentials (computed
        // once more in the backward): A = N(3.5P + 2E) in all, N(P + E) rerun, so A/3.5 + (3/7)NE,
        // with NE by hand: 20 layers × 32 micro-batches, each 8 local heads × 8,192² / 2 scores, at
        // H100's 989 TFLOP/s / 256 exponentials per second
        Map<String, Double> f = full.computeBreakdownSeconds();
        double exponentials = 20 * 32 * 8 * 8_192.0 * 8_192 / 2 / (H100.peakFlopsPerSecond(Precision.BF16) / 256);
        double forward = (f.get("attentionProjections") + f.get("mlp") + f.get("memoryBound")) / 3
                + f.get("attentionCore") / 3.5 + 3.0 / 7 * exponentials;
        assertEquals(forward, f.get("recomputation"), 1e-9 * forward);
        // pipeline parallel: the last stage runs the output layer and sets the pace
        assertTrue(dense.computeBreakdownSeconds().get("outputLayer") > 0);
        assertEquals(0, moe.computeBreakdownSeconds().get("recomputation"));
        // 126 layers over 16 stages: the last holds 7 and the output layer, less than a full stage's 8
        TransformerSpec llama405b = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(126).hidden(16_384)
                .heads(128).kvHeads(8).ffnHidden(53_248).vocab(128_256).seqLen(8_192).build();
        StepEstimate uneven = MODEL.estimate(llama405b, CLUSTER,
                ParallelismPlan.builder().tp(8).pp(16).dp(8).globalBatch(1_024).sequenceParallel(true).zeroStage(1).build());
        assertEquals(0, uneven.computeBreakdownSeconds().get("outputLayer"), "a full middle stage sets the pace");
        double unevenSum = uneven.computeBreakdownSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(uneven.breakdownSeconds().get("compute"), unevenSum, 1e-9 * unevenSum);
    }

    @Test
    void megatronRunsAGatedMlpsGateAndUpAsOneGemm() {
        // Megatron-Core's linear_fc1 is 2·ffn wide: one kernel where the generic profile launches two,
        // so the MLP saves one kernel overhead per layer and micro-batch forward and two backward;
        // the FLOPs and every other part are the same
        ParallelismPlan plan = base().build();
        StepEstimate generic = MODEL.estimate(LLAMA_70B, CLUSTER, plan);
        StepEstimate megatron = new AnalyticStepModel(Framework.MEGATRON.defaults()).estimate(LLAMA_70B, CLUSTER, plan);
        double overhead = Calibration.standard().kernelOverheadSeconds(H100.family());
        int stageLayers = 80 / 4, microBatches = 1_024 / 32;
        assertEquals(3 * overhead * stageLayers * microBatches,
                generic.computeBreakdownSeconds().get("mlp") - megatron.computeBreakdownSeconds().get("mlp"), 1e-9);
        assertEquals(generic.computeBreakdownSeconds().get("attentionProjections"),
                megatron.computeBreakdownSeconds().get("attentionProjections"), 1e-12);
        assertEquals(generic.modelFlopsPerStep(), megatron.modelFlopsPerStep(), 0);
    }
}
