package io.clustersim.core.model;

import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Precision;
import io.clustersim.topology.ScaleOutFabric;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MoE parts of the step model: expert GEMMs, the expert-parallel all-to-all, its overlap, memory. */
class MoeStepModelTest {

    static final ChipSpec H100 = ChipCatalog.standard().require("h100-sxm");
    /** Perfect links, no kernel overhead, no interference: hand calculations stay short. */
    static final Calibration IDEAL = new Calibration(Map.of(), 0.5, 0, 1, 1, 0, 0.8);

    static TransformerSpec deepSeekV3() {
        return TransformerSpecTest.DEEPSEEK_V3;
    }

    /** A small MoE: 4 layers, 16 experts of width 512, top-2, for hand calculations. */
    static TransformerSpec small(MoeSpec moe) {
        return TransformerSpec.builder().architecture(Architecture.LLAMA).layers(4).hidden(1_024).heads(8)
                .ffnHidden(4_096).vocab(32_000).seqLen(4_096).moe(moe).build();
    }

    static ClusterSpec h100s(int chips, int domain) {
        return new ClusterSpec(H100, chips, 8, domain, new ScaleOutFabric(400e9, 1e-6, chips, 1));
    }

    static double ep(StepEstimate e) {
        return e.breakdownSeconds().get("epAllToAll");
    }

    @Test
    void dispatchAndCombineMatchAHandCalculation() {
        // EP 16 over two 8-GPU domains, top-2, one micro-batch of 4,096 tokens, h = 1,024, BF16.
        // Each rank sends 4,096 · 1,024 · 2 B = 8.39 MB per copy of its tokens; without node-limited
        // routing 2 · 8/16 = 1 copy leaves the domain (50 GB/s NIC) and 2 · 7/16 inside (450 GB/s),
        // so one all-to-all is 8.39e6 / 50e9 + 6 µs (three switch hops and back) = 173.8 µs.
        TransformerSpec model = small(new MoeSpec(16, 2, 0, 512, 1));
        ParallelismPlan plan = ParallelismPlan.builder().dp(16).ep(16).globalBatch(16).build();
        AnalyticStepModel step = new AnalyticStepModel(IDEAL, SoftwareSpec.modern());
        double oneAllToAll = 4_096.0 * 1_024 * 2 / 50e9 + 6e-6;
        // dispatch and combine, forward and backward, 4 layers, 1 micro-batch
        assertEquals(4 * 4 * oneAllToAll, ep(step.estimate(model, h100s(16, 8), plan)), 1e-9);

        // Node-limited to one domain: a token crosses the fabric at most once — 1 · (1/2) copies
        // leave the domain instead of 1; inside, it is forwarded to its 2 experts: 2 · 7/8 copies
        TransformerSpec limited = small(new MoeSpec(16, 2, 0, 512, 1, 0, 1.0, 1));
        double halfOut = 0.5 * 4_096.0 * 1_024 * 2 / 50e9 + 6e-6;
        double inside = 2 * 7.0 / 8 * 4_096.0 * 1_024 * 2 / 450e9;
        assertEquals(16 * Math.max(halfOut, inside), ep(step.estimate(limited, h100s(16, 8), plan)), 1e-9);
    }

    @Test
    void perExpertLaunchesPayTheKernelOverheadOncePerLocalExpert() {
        // EP 4 of 16 experts on 8 GPUs: 4 local experts. A SwiGLU expert layer runs two expert GEMMs forward
        // (gate and up fused, down) and four backward; launched one per expert they pay the kernel overhead 4
        // times each instead of once: 6 · 3 extra overheads per layer and micro-batch, 4 layers,
        // 1 micro-batch; nothing else changes.
        double overhead = 10e-6;
        Calibration cal = new Calibration(Map.of(), 0.5, overhead, 1, 1, 0, 0.8);
        TransformerSpec model = small(new MoeSpec(16, 2, 0, 512, 1));
        ParallelismPlan plan = ParallelismPlan.builder().dp(8).ep(4).globalBatch(8).build();
        SoftwareSpec grouped = SoftwareSpec.modern();
        SoftwareSpec perExpert = grouped.withExpertParallel(ExpertParallelSoftware.DEFAULT.withExpertGemm(ExpertGemm.PER_EXPERT));
        double g = new AnalyticStepModel(cal, grouped).estimate(model, h100s(8, 8), plan).breakdownSeconds().get("compute");
        double p = new AnalyticStepModel(cal, perExpert).estimate(model, h100s(8, 8), plan).breakdownSeconds().get("compute");
        assertEquals(4 * 6 * 3 * overhead, p - g, 1e-12);
    }

    @Test
    void deepEpSendsATokenOncePerDestinationDomain() {
        // EP 64 over eight 8-GPU domains, 64 experts, top-8, one micro-batch of 4,096 tokens, h = 1,024,
        // BF16: one copy of a rank's tokens is B = 4,096 · 1,024 · 2 bytes. NCCL's all-to-all sends
        // 8 · 56/64 = 7 copies through the NIC (and 8 · 7/64 inside). DeepEP sends one per distinct
        // remote domain among the 8 distinct experts (8 per domain): 8 · (1 − C(56,8)/C(64,8)) = 5.43
        // distinct domains, of which 7/8 are remote — 4.75 copies — and forwards one copy to each
        // distinct rank, here all 8 (one expert per rank), 7/8 over NVLink (7 B / 450 GB/s, under the
        // NIC's 4.75 B / 50 GB/s).
        TransformerSpec model = small(new MoeSpec(64, 8, 0, 512, 1));
        ParallelismPlan plan = ParallelismPlan.builder().dp(64).ep(64).globalBatch(64).build();
        ClusterSpec cluster = h100s(64, 8);
        double copy = 4_096.0 * 1_024 * 2;
        double latency = 6e-6; // three switch hops and back
        int allToAlls = 4 * 4; // dispatch and combine, forward and backward, 4 layers
        AnalyticStepModel allToAll = new AnalyticStepModel(IDEAL, SoftwareSpec.modern());
        AnalyticStepModel deepEp = new AnalyticStepModel(IDEAL, SoftwareSpec.modern()
                .withExpertParallel(ExpertParallelSoftware.DEFAULT.withDispatcher(EpDispatcher.DEEPEP)));
        double remoteDomains = 7 * (1 - choose(56, 8) / choose(64, 8));
        assertEquals(4.753, remoteDomains, 1e-3);
        assertEquals(allToAlls * (7 * copy / 50e9 + latency), ep(allToAll.estimate(model, cluster, plan)), 1e-9);
        assertEquals(allToAlls * (remoteDomains * copy / 50e9 + latency), ep(deepEp.estimate(model, cluster, plan)),
                1e-9);

        // node-limited routing (M = 4) caps the distinct domains at 4 (3.5 remote) whichever dispatcher runs
        TransformerSpec limited = small(new MoeSpec(64, 8, 0, 512, 1, 0, 1.0, 4));
        double capped = allToAlls * (4 * 7.0 / 8 * copy / 50e9 + latency);
        assertEquals(capped, ep(deepEp.estimate(limited, cluster, plan)), 1e-9);
        assertEquals(capped, ep(allToAll.estimate(limited, cluster, plan)), 1e-9);
        // and a limit above the expected distinct domains (M = 6 > 5.43) leaves DeepEP's count
        TransformerSpec loose = small(new MoeSpec(64, 8, 0, 512, 1, 0, 1.0, 6));
        assertEquals(ep(deepEp.estimate(model, cluster, plan)), ep(deepEp.estimate(loose, cluster, plan)), 1e-12);
    }

    @Test
    void megatronRunsGptOssClampBiasesAndYarnUnfused() {
        // The small MoE (4 layers, h = 1,024, 8 heads of 128 and 8 KV heads, 16 experts of 512, top-2)
        // with gpt-oss's clamped SwiGLU, expert biases and YaRN, EP 8 (2 experts per rank), one
        // micro-batch of 4,096 tokens: 8,192 assignments per rank. Per layer under Megatron-Core:
        //   clamp: the activation input is 8,192 · 2·512 BF16 = 16.8 MB; 4 passes and 4 kernels forward,
        //          3 passes and 2 kernels backward;
        //   bias:  the experts' output is 8,192 · 1,024 BF16 = 16.8 MB; 6 passes and 2·2 + 1 kernels
        //          forward, 8 passes and 4·2 + 1 backward;
        //   YaRN:  8 more passes over Q and K (4,096 · 2,048 BF16 = 16.8 MB) and 8 more kernels, forward
        //          and backward.
        // So 37 passes of 16.8 MB and 36 kernels per layer more than the plain model; nothing under a
        // framework that fuses them (generic).
        double overhead = 10e-6;
        Calibration cal = new Calibration(Map.of(), 0.5, overhead, 1, 1, 0, 0.8);
        MoeSpec plainExperts = new MoeSpec(16, 2, 0, 512, 1);
        MoeSpec biased = new MoeSpec(16, 2, 0, 512, 1, 0, 1.0, 0, Routing.RANDOM, true);
        TransformerSpec plain = small(plainExperts);
        TransformerSpec gptOss = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(4).hidden(1_024)
                .heads(8).ffnHidden(4_096).vocab(32_000).seqLen(4_096).moe(biased).swigluClamp(7)
                .ropeScaling(RopeScaling.YARN).build();
        ParallelismPlan plan = ParallelismPlan.builder().dp(8).ep(8).globalBatch(8).build();
        ClusterSpec node = h100s(8, 8);
        double pass = 4_096.0 * 2 * 1_024 * 2; // 16.8 MB: every tensor above is this size
        double perLayer = 37 * pass / (H100.hbmBytesPerSecond() * 0.8) + 36 * overhead;
        AnalyticStepModel megatron = new AnalyticStepModel(cal, Framework.MEGATRON.defaults());
        assertEquals(4 * perLayer, compute(megatron.estimate(gptOss, node, plan)) - compute(megatron.estimate(plain, node, plan)),
                1e-12);
        AnalyticStepModel generic = new AnalyticStepModel(cal, SoftwareSpec.modern());
        assertEquals(compute(generic.estimate(plain, node, plan)), compute(generic.estimate(gptOss, node, plan)), 0.0);
        // rerunning the experts' activation (Megatron's moe_act) reruns its clamp: 4 passes, 4 kernels
        ParallelismPlan moeAct = ParallelismPlan.builder().dp(8).ep(8).globalBatch(8).recompute(Recompute.SELECTIVE)
                .recomputeModules(java.util.Set.of(RecomputeModule.MOE_ACT)).build();
        double rerun = 4 * pass / (H100.hbmBytesPerSecond() * 0.8) + 4 * overhead;
        double withRerun = compute(megatron.estimate(gptOss, node, moeAct)) - compute(megatron.estimate(plain, node, moeAct));
        assertEquals(4 * (perLayer + rerun), withRerun, 1e-12);
        // NeMo Automodel adds the first linear's bias per expert too (software.expert-bias = both): t + b
        // over the 8,192 · 2·512 gate-and-up output (16.8 MB again), 5 passes and 2 + 1 kernels forward,
        // 3 passes and 2 + 1 kernels backward
        SoftwareSpec both = Framework.MEGATRON.defaults().withExpertParallel(
                Framework.MEGATRON.defaults().expertParallel().withExpertBias(ExpertBias.BOTH));
        double first = 8 * pass / (H100.hbmBytesPerSecond() * 0.8) + 6 * overhead;
        assertEquals(4 * first, compute(new AnalyticStepModel(cal, both).estimate(gptOss, node, plan))
                - compute(megatron.estimate(gptOss, node, plan)), 1e-12);
        // and nothing when the software adds them in the GEMMs
        SoftwareSpec fused = Framework.MEGATRON.defaults().withExpertParallel(
                Framework.MEGATRON.defaults().expertParallel().withExpertBias(ExpertBias.FUSED));
        // rerunning the MoE block (Megatron's moe module) reruns both biases' forward with it
        ParallelismPlan moeRerun = ParallelismPlan.builder().dp(8).ep(8).globalBatch(8).recompute(Recompute.SELECTIVE)
                .recomputeModules(java.util.Set.of(RecomputeModule.MOE)).build();
        double firstForward = 5 * pass / (H100.hbmBytesPerSecond() * 0.8) + 3 * overhead;
        assertEquals(4 * (first + firstForward), compute(new AnalyticStepModel(cal, both).estimate(gptOss, node, moeRerun))
                - compute(megatron.estimate(gptOss, node, moeRerun)), 1e-12);
        double biasSecond = (14 * pass) / (H100.hbmBytesPerSecond() * 0.8) + 14 * overhead;
        assertEquals(4 * biasSecond, compute(megatron.estimate(gptOss, node, plan))
                - compute(new AnalyticStepModel(cal, fused).estimate(gptOss, node, plan)), 1e-12);
    }

    /** C(n, k) as a double, for the hand calculations' chances of missing a rank or domain. */
    static double choose(int n, int k) {
        double c = 1;
        for (int i = 0; i < k; i++) {
            c = c * (n - i) / (i + 1);
        }
        return c;
    }

    static double compute(StepEstimate e) {
        return e.breakdownSeconds().get("compute");
    }

    @Test
    void insideOneScaleUpDomainDeepEpSendsATokenOncePerRank() {
        // EP 8 inside an 8-GPU node, 64 experts (8 per rank), top-8: no copy crosses the fabric. NCCL's
        // all-to-all forwards every copy, 8 · 7/8 = 7 of a rank's B = 4,096 · 1,024 · 2 bytes; DeepEP
        // one per distinct rank holding any of the 8 distinct experts, 8 · (1 − C(56,8)/C(64,8)) = 5.43,
        // 7/8 of them remote = 4.75 B. Both pay the same latency, so they differ by (7 − 4.75) B /
        // 450 GB/s per all-to-all. With one expert per rank (EP 64 in a 64-GPU domain) the 8 distinct
        // experts are on 8 ranks: DeepEP sends as many copies as the all-to-all.
        TransformerSpec model = small(new MoeSpec(64, 8, 0, 512, 1));
        AnalyticStepModel allToAll = new AnalyticStepModel(IDEAL, SoftwareSpec.modern());
        AnalyticStepModel deepEp = new AnalyticStepModel(IDEAL, SoftwareSpec.modern()
                .withExpertParallel(ExpertParallelSoftware.DEFAULT.withDispatcher(EpDispatcher.DEEPEP)));
        double copy = 4_096.0 * 1_024 * 2;
        int allToAlls = 4 * 4; // dispatch and combine, forward and backward, 4 layers
        ParallelismPlan ep8 = ParallelismPlan.builder().dp(64).ep(8).globalBatch(64).build();
        ClusterSpec node = h100s(64, 8);
        double ranks8 = 8 * (1 - choose(56, 8) / choose(64, 8));
        assertEquals(5.43, ranks8, 0.01);
        assertEquals(allToAlls * (7 - ranks8 * 7 / 8) * copy / 450e9,
                ep(allToAll.estimate(model, node, ep8)) - ep(deepEp.estimate(model, node, ep8)), 1e-9);

        ParallelismPlan ep64 = ParallelismPlan.builder().dp(64).ep(64).globalBatch(64).build();
        ClusterSpec nvl = h100s(64, 64);
        assertEquals(ep(allToAll.estimate(model, nvl, ep64)), ep(deepEp.estimate(model, nvl, ep64)), 1e-15);
    }

    @Test
    void consecutiveExpertsReachOneOrTwoRanks() {
        // NeMo Automodel's benchmark gate sends token t to experts t·k … t·k + k − 1: DeepSeek-V3's 256
        // experts over EP 64 (4 per rank, 32 per 8-GPU node) puts a token's 8 on exactly 2 ranks of 1
        // node; Kimi K2's 384 over EP 32 (12 per rank) on 1, 2, 1, … ranks (blocks of 8 against ranks
        // of 12): 4/3; Qwen3-30B-A3B's 128 over EP 8 (16 per rank) on 1
        MoeSpec dsv3 = new MoeSpec(256, 8, 1, 2_048, 1, 3, 1.0, 0, Routing.CONTIGUOUS);
        assertEquals(new ExpertReach(2, 1), ExpertReach.of(dsv3, 64, 8));
        ExpertReach kimi = ExpertReach.of(new MoeSpec(384, 8, 1, 2_048, 1, 1, 1.0, 0, Routing.CONTIGUOUS), 32, 8);
        assertEquals(4.0 / 3, kimi.ranks(), 1e-12);
        assertEquals(1, kimi.domains(), 0.0);
        assertEquals(new ExpertReach(1, 1), ExpertReach.of(new MoeSpec(128, 8, 0, 768, 1, 0, 1.0, 0,
                Routing.CONTIGUOUS), 8, 8));
        // a block that wraps past the last expert: 8 experts, top-7, 2 ranks of 4 — the starts 0 … 7
        // (gcd 1) all cover both ranks, once each, though the block leaves rank 0 and comes back
        assertEquals(new ExpertReach(2, 2), ExpertReach.of(new MoeSpec(8, 7, 0, 64, 1, 0, 1.0, 0,
                Routing.CONTIGUOUS), 2, 1));
        // random routing: uniform draws, over the 32 ranks of the 4 nodes a node-limited token may reach
        MoeSpec limited = new MoeSpec(256, 8, 1, 2_048, 1, 3, 1.0, 4);
        ExpertReach random = ExpertReach.of(limited, 64, 8);
        assertEquals(32 * (1 - choose(124, 8) / choose(128, 8)), random.ranks(), 1e-12);
        assertEquals(4, random.domains(), 0.0);
        assertEquals(8 * (1 - choose(224, 8) / choose(256, 8)), ExpertReach.of(new MoeSpec(256, 8, 1, 2_048, 1), 64, 8).domains(),
                1e-12);
        // a partial last domain (EP 12 over 8-GPU nodes): a token may reach the 12 ranks, not 16
        ExpertReach partial = ExpertReach.of(new MoeSpec(384, 8, 1, 2_048, 1), 12, 8);
        assertEquals(12 * (1 - choose(352, 8) / choose(384, 8)), partial.ranks(), 1e-12);
        // and its two domains hold 256 and 128 of the experts: each missed as its own share says
        assertEquals(2 - choose(128, 8) / choose(384, 8) - choose(256, 8) / choose(384, 8), partial.domains(), 1e-12);
        assertEquals(1.962, partial.domains(), 1e-3);
    }

    @Test
    void consecutiveRoutingCutsWhatDeepEpMovesNotWhatTheAllToAllMoves() {
        // DeepSeek-V3-like layer over EP 64 in 8-GPU nodes: the per-copy all-to-all moves 8 copies
        // whichever experts they are; DeepEP moves one per reached rank and domain — 2 and 1 under the
        // consecutive gate, 7.68 and 5.29 under random routing
        TransformerSpec random = small(new MoeSpec(256, 8, 0, 512, 1));
        TransformerSpec consecutive = small(new MoeSpec(256, 8, 0, 512, 1, 0, 1.0, 0, Routing.CONTIGUOUS));
        ParallelismPlan plan = ParallelismPlan.builder().dp(64).ep(64).globalBatch(64).build();
        ClusterSpec cluster = h100s(64, 8);
        AnalyticStepModel allToAll = new AnalyticStepModel(IDEAL, SoftwareSpec.modern());
        AnalyticStepModel deepEp = new AnalyticStepModel(IDEAL, SoftwareSpec.modern()
                .withExpertParallel(ExpertParallelSoftware.DEFAULT.withDispatcher(EpDispatcher.DEEPEP)));
        assertEquals(ep(allToAll.estimate(random, cluster, plan)), ep(allToAll.estimate(consecutive, cluster, plan)), 0.0);
        double copy = 4_096.0 * 1_024 * 2;
        double latency = 6e-6;
        int allToAlls = 4 * 4;
        // one remote domain 7/8 of the time through the NIC (its 0.875 B / 50 GB/s over the NVLink
        // forwards' 2 · 7/8 B / 450 GB/s)
        assertEquals(allToAlls * (7.0 / 8 * copy / 50e9 + latency), ep(deepEp.estimate(consecutive, cluster, plan)), 1e-9);
        assertTrue(ep(deepEp.estimate(consecutive, cluster, plan)) < 0.25 * ep(deepEp.estimate(random, cluster, plan)));
    }

    @Test
    void expertParallelismInsideTheScaleUpDomainRidesNvlink() {
        // DeepSeek-V3 with EP 64: across eight 8-GPU domains the all-to-all crosses the NICs; in one
        // 64-GPU domain (NVL72-like) it never leaves NVLink
        ParallelismPlan plan = ParallelismPlan.builder().pp(16).dp(64).ep(64).globalBatch(1_024)
                .recompute(Recompute.FULL).zeroStage(1).build();
        // equal link efficiencies, so that the links' bandwidths alone (450 GB/s NVLink, 50 GB/s NIC) decide
        Calibration standard = Calibration.standard();
        Calibration equalLinks = standard.withLinkEfficiencies(1.0, 1.0);
        AnalyticStepModel step = new AnalyticStepModel(equalLinks, SoftwareSpec.modern());
        double across = ep(step.estimate(deepSeekV3(), h100s(1_024, 8), plan));
        double inside = ep(step.estimate(deepSeekV3(), h100s(1_024, 64), plan));
        assertTrue(inside < across / 4, inside + " vs " + across);
    }

    @Test
    void overlapHidesTheAllToAllOnlyWhereAPartnerMicroBatchExists() {
        TransformerSpec model = small(new MoeSpec(16, 2, 0, 512, 1));
        ClusterSpec cluster = h100s(16, 8);
        AnalyticStepModel none = new AnalyticStepModel(IDEAL, SoftwareSpec.modern());
        AnalyticStepModel overlapped = new AnalyticStepModel(IDEAL, SoftwareSpec.modern()
                .withExpertParallel(new ExpertParallelSoftware(EpOverlap.ONE_F_ONE_B, Precision.BF16, Precision.BF16)));
        // one micro-batch: nothing to overlap with
        ParallelismPlan one = ParallelismPlan.builder().dp(16).ep(16).globalBatch(16).build();
        assertEquals(ep(none.estimate(model, cluster, one)), ep(overlapped.estimate(model, cluster, one)), 1e-12);
        // 32 micro-batches: 31 have a partner; what the other's compute covers disappears
        ParallelismPlan many = ParallelismPlan.builder().dp(16).ep(16).globalBatch(16 * 32).build();
        StepEstimate exposed = none.estimate(model, cluster, many);
        StepEstimate hidden = overlapped.estimate(model, cluster, many);
        double layerCompute = exposed.breakdownSeconds().get("compute") / 32 / 4; // upper bound (output layer included)
        double perLayer = ep(exposed) / 32 / 4;
        double expected = 32 * 4 * (perLayer / 32 + 31.0 / 32 * Math.max(0, perLayer - layerCompute));
        assertTrue(ep(hidden) < ep(exposed), ep(hidden) + " vs " + ep(exposed));
        assertTrue(ep(hidden) >= expected - 1e-12, ep(hidden) + " vs at least " + expected);
        assertEquals(exposed.breakdownSeconds().get("compute"), hidden.breakdownSeconds().get("compute"), 1e-12);
    }

    @Test
    void megatronWeighsInsideTheExpertsAndKeepsNoExpertOutputForTheCombine() {
        // EP 8, 16 experts top-2, one micro-batch of 4,096 tokens: 8,192 assignments a rank, whose
        // outputs (2 bytes · h = 1,024) the weighted combine keeps for backward unless the router's
        // weights were applied inside the experts, as Megatron-Core does — 4 layers
        TransformerSpec model = small(new MoeSpec(16, 2, 0, 512, 1));
        ParallelismPlan plan = ParallelismPlan.builder().dp(8).ep(8).globalBatch(8).build();
        double generic = new AnalyticStepModel(IDEAL, Framework.GENERIC.defaults()).estimate(model, h100s(8, 8), plan)
                .memory().breakdownBytes().get("activations");
        double megatron = new AnalyticStepModel(IDEAL, Framework.MEGATRON.defaults()).estimate(model, h100s(8, 8), plan)
                .memory().breakdownBytes().get("activations");
        assertEquals(8_192.0 * 2 * 1_024 * 4, generic - megatron, 1e-3);
    }

    @Test
    void fp8ActivationInputsHalveTheKeptGateAndUp() {
        // FP8, 16 experts top-2 of width 512, 4 layers, one micro-batch of 4,096 tokens on EP 8: each
        // rank keeps 4,096 · 2 assignments' gate and up (2 · 512 each) for backward — 1 byte instead of 2
        TransformerSpec model = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(4).hidden(1_024)
                .heads(8).ffnHidden(4_096).vocab(32_000).seqLen(4_096).precision(Precision.FP8)
                .moe(new MoeSpec(16, 2, 0, 512, 1)).build();
        ParallelismPlan plan = ParallelismPlan.builder().dp(8).ep(8).globalBatch(8).build();
        SoftwareSpec bf16Inputs = SoftwareSpec.modern();
        double kept = new AnalyticStepModel(IDEAL, bf16Inputs).estimate(model, h100s(8, 8), plan)
                .memory().breakdownBytes().get("activations");
        double fp8 = new AnalyticStepModel(IDEAL, bf16Inputs.withFp8ActivationInputs(true)).estimate(model, h100s(8, 8), plan)
                .memory().breakdownBytes().get("activations");
        assertEquals(4_096.0 * 2 * (2 * 512) * 4, kept - fp8, 1e-3);
        // a dense FP8 layer's gate and up (2 · 4,096 wide) too, and a shared expert's (2 · 512)
        TransformerSpec dense = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(4).hidden(1_024)
                .heads(8).ffnHidden(4_096).vocab(32_000).seqLen(4_096).precision(Precision.FP8).build();
        ParallelismPlan dp = ParallelismPlan.builder().dp(8).globalBatch(8).build();
        assertEquals(4_096.0 * 2 * 4_096 * 4, activations(bf16Inputs, dense, dp) - activations(bf16Inputs.withFp8ActivationInputs(true), dense, dp), 1e-3);
        TransformerSpec shared = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(4).hidden(1_024)
                .heads(8).ffnHidden(4_096).vocab(32_000).seqLen(4_096).precision(Precision.FP8)
                .moe(new MoeSpec(16, 2, 1, 512, 1)).build();
        assertEquals(4_096.0 * 2 * (2 * 512) * 4 + 4_096.0 * 2 * 512 * 4,
                activations(bf16Inputs, shared, plan) - activations(bf16Inputs.withFp8ActivationInputs(true), shared, plan), 1e-3);
    }

    private static double activations(SoftwareSpec software, TransformerSpec model, ParallelismPlan plan) {
        return new AnalyticStepModel(IDEAL, software).estimate(model, h100s(8, 8), plan).memory().breakdownBytes().get("activations");
    }

    @Test
    void dualPipeHalvesTheBubbleAndKeepsTwoStagesPerRank() {
        ParallelismPlan plan = ParallelismPlan.builder().pp(16).dp(64).ep(64).globalBatch(1_024)
                .recompute(Recompute.FULL).zeroStage(1).build();
        ClusterSpec cluster = h100s(1_024, 8);
        // NCCL's all-to-all given DualPipe's 20 SMs, so that both overlaps slow the compute alike
        // and only the bubble differs
        Calibration standard = Calibration.standard();
        Calibration sameSms = standard.withCollectiveSms(EpOverlap.DUALPIPE_SMS).withOverlapContention(0);
        StepEstimate onefoneb = new AnalyticStepModel(sameSms, SoftwareSpec.modern().withExpertParallel(
                new ExpertParallelSoftware(EpOverlap.ONE_F_ONE_B, Precision.BF16, Precision.BF16)))
                .estimate(deepSeekV3(), cluster, plan);
        StepEstimate dualPipe = new AnalyticStepModel(sameSms, SoftwareSpec.modern().withExpertParallel(
                new ExpertParallelSoftware(EpOverlap.DUALPIPE, Precision.BF16, Precision.BF16)))
                .estimate(deepSeekV3(), cluster, plan);
        assertEquals(onefoneb.breakdownSeconds().get("ppBubble") * 7 / 15, dualPipe.breakdownSeconds().get("ppBubble"),
                1e-9);
        // two stages per rank: on two stages of a small MoE its one rank holds both — twice the
        // weights and gradients of a 1F1B rank (2 layers and one vocabulary matrix each; DualPipe's
        // rank: 4 layers, the embedding and the output layer), the optimizer state of one (the two
        // copies of each stage share it)
        TransformerSpec small = small(new MoeSpec(16, 2, 0, 512, 1));
        ParallelismPlan two = ParallelismPlan.builder().pp(2).dp(8).ep(8).globalBatch(32).zeroStage(1).build();
        Map<String, Double> a = new AnalyticStepModel(sameSms, SoftwareSpec.modern().withExpertParallel(
                new ExpertParallelSoftware(EpOverlap.ONE_F_ONE_B, Precision.BF16, Precision.BF16)))
                .estimate(small, h100s(16, 8), two).memory().breakdownBytes();
        Map<String, Double> d = new AnalyticStepModel(sameSms, SoftwareSpec.modern().withExpertParallel(
                new ExpertParallelSoftware(EpOverlap.DUALPIPE, Precision.BF16, Precision.BF16)))
                .estimate(small, h100s(16, 8), two).memory().breakdownBytes();
        assertEquals(2 * a.get("weights"), d.get("weights"), 1e-3);
        assertEquals(2 * a.get("gradients"), d.get("gradients"), 1e-3);
        assertEquals(a.get("optimizer"), d.get("optimizer"), 1e-3);
        // 61 layers over 16 stages: the first holds 3, the middle 4, the last 2 with the output head,
        // which sets 1F1B's pace. DualPipe runs the first and last on one rank, each for half the
        // micro-batches — 2.5 layers and half the output head per micro-batch, lighter than a
        // middle rank's 4 layers, which then set the pace
        Map<String, Double> one = onefoneb.computeBreakdownSeconds(), dual = dualPipe.computeBreakdownSeconds();
        assertTrue(one.get("outputLayer") > 0);
        assertEquals(0, dual.get("outputLayer"));
        assertEquals(4.0 / 2 * one.get("attentionCore"), dual.get("attentionCore"), 1e-9 * one.get("attentionCore"));
        assertEquals(4.0 / 2 * one.get("mlp"), dual.get("mlp"), 1e-9 * one.get("mlp"));
    }

    @Test
    void dualPipePairsTheLastStageWithTheFirst() {
        // 4 small layers over 4 stages, one each; the last also runs a 32,000-word output layer, heavier
        // than a layer, so it sets 1F1B's pace. DualPipe's rank 0 runs the first and the last stage for
        // half the micro-batches each: one layer and half the output layer per micro-batch
        TransformerSpec model = small(new MoeSpec(16, 2, 0, 512, 1));
        ParallelismPlan plan = ParallelismPlan.builder().pp(4).dp(4).ep(4).globalBatch(64).build();
        StepEstimate onefoneb = new AnalyticStepModel(IDEAL, SoftwareSpec.modern().withExpertParallel(
                new ExpertParallelSoftware(EpOverlap.ONE_F_ONE_B, Precision.BF16, Precision.BF16))).estimate(model, h100s(16, 8), plan);
        StepEstimate dualPipe = new AnalyticStepModel(IDEAL, SoftwareSpec.modern().withExpertParallel(
                new ExpertParallelSoftware(EpOverlap.DUALPIPE, Precision.BF16, Precision.BF16))).estimate(model, h100s(16, 8), plan);
        Map<String, Double> one = onefoneb.computeBreakdownSeconds(), dual = dualPipe.computeBreakdownSeconds();
        assertTrue(one.get("outputLayer") > one.get("mlp") / 16, "the output layer outweighs a layer's MLP: " + one);
        assertEquals(0.5 * one.get("outputLayer"), dual.get("outputLayer"), 1e-9 * one.get("outputLayer"));
        assertEquals(one.get("mlp"), dual.get("mlp"), 1e-9 * one.get("mlp"));
        assertTrue(dualPipe.breakdownSeconds().get("compute") < onefoneb.breakdownSeconds().get("compute"));
    }

    @Test
    void dispatchFormatsTheChipCannotComputeAreRefusedAndNvfp4WeighsItsScales() {
        ExpertParallelSoftware fp4 = new ExpertParallelSoftware(EpOverlap.NONE, Precision.NVFP4, Precision.BF16);
        assertEquals("software.ep-dispatch", fp4.formatProblemOn(H100).orElseThrow().key());
        assertTrue(fp4.formatProblemOn(ChipCatalog.standard().require("b200")).isEmpty());
        assertTrue(ExpertParallelSoftware.DEFAULT.formatProblemOn(H100).isEmpty());
        assertEquals(0.5625, ExpertParallelSoftware.elementBytes(Precision.NVFP4), 0);
        assertEquals(1, ExpertParallelSoftware.elementBytes(Precision.MXFP8), 0);
        assertEquals(2, ExpertParallelSoftware.elementBytes(Precision.BF16), 0);
    }

    @Test
    void dualPipeNeedsAnEvenPipelineAndEvenMicroBatchesWithoutInterleaving() {
        ExpertParallelSoftware dualPipe = new ExpertParallelSoftware(EpOverlap.DUALPIPE, Precision.BF16, Precision.BF16);
        ParallelismPlan.Builder base = ParallelismPlan.builder().pp(4).dp(4).ep(4).globalBatch(64);
        assertTrue(dualPipe.problems(base.build()).isEmpty());
        assertEquals("parallelism.pp", dualPipe.problems(ParallelismPlan.builder().pp(3).dp(4).globalBatch(64).build()).get(0).key());
        assertEquals("parallelism.virtual-stages", dualPipe.problems(base.virtualStages(2).build()).get(0).key());
        assertEquals("parallelism.global-batch",
                dualPipe.problems(ParallelismPlan.builder().pp(4).dp(4).globalBatch(60).microBatch(5).build()).get(0).key());
        // the other schedules, and DualPipe without a pipeline, have no such rule
        assertTrue(ExpertParallelSoftware.DEFAULT.problems(ParallelismPlan.builder().pp(3).dp(4).globalBatch(64).build()).isEmpty());
        assertTrue(dualPipe.problems(ParallelismPlan.builder().dp(4).globalBatch(4).build()).isEmpty());
        assertTrue(!new AnalyticStepModel(IDEAL, SoftwareSpec.modern().withExpertParallel(dualPipe))
                .runs(ParallelismPlan.builder().pp(3).dp(4).globalBatch(64).build()), "the plan search skips them too");
    }

    @Test
    void fp8DispatchHalvesTheDispatchBytes() {
        TransformerSpec model = small(new MoeSpec(16, 2, 0, 512, 1));
        ParallelismPlan plan = ParallelismPlan.builder().dp(16).ep(16).globalBatch(16).build();
        double bf16 = ep(new AnalyticStepModel(IDEAL, SoftwareSpec.modern()).estimate(model, h100s(16, 8), plan));
        double fp8 = ep(new AnalyticStepModel(IDEAL, SoftwareSpec.modern().withExpertParallel(
                new ExpertParallelSoftware(EpOverlap.NONE, Precision.FP8, Precision.BF16)))
                .estimate(model, h100s(16, 8), plan));
        double latency = 16 * 6e-6;
        assertEquals(0.75, (fp8 - latency) / (bf16 - latency), 1e-9);
    }

    @Test
    void imbalanceSlowsTheExpertsAndTheirAllToAll() {
        ParallelismPlan plan = ParallelismPlan.builder().dp(16).ep(16).globalBatch(64).build();
        AnalyticStepModel step = new AnalyticStepModel(IDEAL, SoftwareSpec.modern());
        StepEstimate balanced = step.estimate(small(new MoeSpec(16, 2, 0, 512, 1)), h100s(16, 8), plan);
        StepEstimate skewed = step.estimate(small(new MoeSpec(16, 2, 0, 512, 1, 0, 1.5, 0)), h100s(16, 8), plan);
        assertEquals(1.5 * ep(balanced), ep(skewed), 1e-9);
        assertTrue(skewed.breakdownSeconds().get("compute") > balanced.breakdownSeconds().get("compute"));
        assertTrue(skewed.memory().breakdownBytes().get("dispatchBuffers")
                > balanced.memory().breakdownBytes().get("dispatchBuffers"));
    }

    @Test
    void smallPerExpertBatchesRunFurtherFromPeak() {
        // DeepSeek-V3 on one stage's worth of experts: with a micro-batch of one sequence each of
        // the 4 local experts sees 4,096 · 8 / 4 ... far fewer rows when the experts are spread
        // over EP 64 than over EP 8 — the per-expert GEMMs shrink and the expert weights' bytes
        // weigh more: compute per token rises
        // (one pipeline stage, so that which stage is the bottleneck cannot change between the two)
        ParallelismPlan wide = ParallelismPlan.builder().pp(1).dp(1_024).ep(64).globalBatch(1_024 * 16)
                .recompute(Recompute.FULL).zeroStage(1).build();
        ParallelismPlan narrowTokens = ParallelismPlan.builder().pp(1).dp(1_024).ep(64).microBatch(4)
                .globalBatch(1_024 * 16 * 4).recompute(Recompute.FULL).zeroStage(1).build();
        AnalyticStepModel step = new AnalyticStepModel(SoftwareSpec.modern());
        StepEstimate small = step.estimate(deepSeekV3(), h100s(1_024, 8), wide);
        StepEstimate large = step.estimate(deepSeekV3(), h100s(1_024, 8), narrowTokens);
        double perTokenSmall = small.breakdownSeconds().get("compute") / small.tokensPerStep();
        double perTokenLarge = large.breakdownSeconds().get("compute") / large.tokensPerStep();
        assertTrue(perTokenSmall > perTokenLarge, perTokenSmall + " vs " + perTokenLarge);
    }

    @Test
    void expertStateShardsOverExpertParallelismAndTheExpertDataGroup() {
        TransformerSpec model = deepSeekV3();
        ClusterSpec cluster = h100s(1_024, 8);
        AnalyticStepModel step = new AnalyticStepModel(SoftwareSpec.modern());
        // one pipeline stage, so every layer's experts are on the rank whose memory is reported
        ParallelismPlan.Builder b = ParallelismPlan.builder().dp(1_024).globalBatch(1_024)
                .recompute(Recompute.FULL);
        StepEstimate ep8 = step.estimate(model, cluster, b.ep(8).zeroStage(0).build());
        StepEstimate ep64 = step.estimate(model, cluster, b.ep(64).zeroStage(0).build());
        double expertBytesEp8 = ep8.memory().breakdownBytes().get("weights") - ep64.memory().breakdownBytes().get("weights");
        // the routed experts of 58 MoE layers and the MTP block: 7/8 of EP 8's leave at EP 64
        double experts = (58.0 + 1) * 256 * 3.0 * 7_168 * 2_048 * 2;
        assertEquals(experts / 8 * (1 - 1.0 / 8), expertBytesEp8, 1e6);
        // ZeRO-1: expert optimizer state over the 1,024/8 = 128 expert-data replicas, the rest over dp 1,024
        StepEstimate zero1 = step.estimate(model, cluster, b.ep(8).zeroStage(1).build());
        double expertState = 12 * experts / 2 / 8;
        double denseState = ep8.memory().breakdownBytes().get("optimizer") - expertState;
        assertEquals(expertState / 128 + denseState / 1_024, zero1.memory().breakdownBytes().get("optimizer"), 1e6);
    }

    @Test
    void expertTensorParallelismFoldsOverTheTensorGroup() {
        // TP 2, DP 32 on 64 chips: EP 64 needs folding (EP > DP); expert TP 2 with EP 32 also fits
        TransformerSpec model = small(new MoeSpec(64, 4, 0, 512, 1));
        ClusterSpec cluster = h100s(64, 8);
        ParallelismPlan folded = ParallelismPlan.builder().tp(2).dp(32).ep(64).globalBatch(64)
                .sequenceParallel(true).build();
        ParallelismPlan etp = ParallelismPlan.builder().tp(2).dp(32).ep(32).etp(2).globalBatch(64)
                .sequenceParallel(true).build();
        ParallelismPlan tooBig = ParallelismPlan.builder().tp(2).dp(32).ep(64).etp(2).globalBatch(64)
                .sequenceParallel(true).build();
        assertTrue(PlanValidator.problems(model, cluster, folded).isEmpty(), PlanValidator.problems(model, cluster, folded).toString());
        assertTrue(PlanValidator.problems(model, cluster, etp).isEmpty());
        assertEquals("parallelism.ep", PlanValidator.problems(model, cluster, tooBig).get(0).key());
        assertEquals(1, folded.expertData());
        assertEquals(1, etp.expertData());
        StepEstimate withEtp = new AnalyticStepModel(SoftwareSpec.modern()).estimate(model, cluster, etp);
        assertTrue(ep(withEtp) > 0);
    }

    @Test
    void multiTokenPredictionAddsABlockAndAnOutputPassToTheLastStage() {
        TransformerSpec with = deepSeekV3();
        TransformerSpec without = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(61)
                .hidden(7_168).heads(128).ffnHidden(18_432).vocab(129_280).seqLen(4_096)
                .moe(with.moe()).mla(with.mla()).build();
        ParallelismPlan plan = ParallelismPlan.builder().pp(16).dp(64).ep(64).globalBatch(1_024)
                .recompute(Recompute.FULL).zeroStage(1).build();
        AnalyticStepModel step = new AnalyticStepModel(SoftwareSpec.modern());
        StepEstimate a = step.estimate(with, h100s(1_024, 8), plan);
        StepEstimate b = step.estimate(without, h100s(1_024, 8), plan);
        assertTrue(a.seconds() > b.seconds());
        assertTrue(a.modelFlopsPerStep() > b.modelFlopsPerStep());
        // its weights sit on the last stage, which here is not the rank whose memory peaks (the first
        // holds the most micro-batches in flight); on one stage they add to everything else
        assertEquals(a.memory().perChipBytes(), b.memory().perChipBytes(), 1);
        ParallelismPlan oneStage = ParallelismPlan.builder().dp(1_024).ep(64).globalBatch(1_024)
                .recompute(Recompute.FULL).zeroStage(1).build();
        double mtp = step.estimate(with, h100s(1_024, 8), oneStage).memory().breakdownBytes().get("weights")
                - step.estimate(without, h100s(1_024, 8), oneStage).memory().breakdownBytes().get("weights");
        // BF16: 2 bytes a parameter — the 2h → h projection, one MoE block's non-expert part, its experts over EP 64
        double experts = with.moe().experts() * with.mlpParameters(with.moe().expertFfnHidden());
        assertEquals(2 * (2.0 * 7_168 * 7_168 + with.parametersPerMoeLayer() - experts + experts / 64), mtp, 1);
    }
}
