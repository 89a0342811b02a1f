package io.clustersim.core.model;

import io.clustersim.topology.ClusterSpec;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static io.clustersim.core.model.RecomputeModule.CORE_ATTN;
import static io.clustersim.core.model.RecomputeModule.LAYERNORM;
import static io.clustersim.core.model.RecomputeModule.MLP;
import static io.clustersim.core.model.RecomputeModule.MOE;
import static io.clustersim.core.model.RecomputeModule.MOE_ACT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Selective recomputation by module (Megatron-Core's --recompute-modules): what each reruns and drops. */
class RecomputeModulesTest {

    static final AnalyticStepModel STEP = new AnalyticStepModel(MoeStepModelTest.IDEAL, SoftwareSpec.modern());
    static final ClusterSpec ONE_H100 = MoeStepModelTest.h100s(8, 8);

    /** 4 layers, h = 1,024, ffn 4,096, 4,096 tokens, BF16, on one chip of eight (dp 8, one sequence each). */
    static final TransformerSpec DENSE = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(4)
            .hidden(1_024).heads(8).ffnHidden(4_096).vocab(32_000).seqLen(4_096).build();

    static StepEstimate estimate(TransformerSpec model, Set<RecomputeModule> modules) {
        ParallelismPlan plan = ParallelismPlan.builder().dp(8).ep(model.isMoe() ? 8 : 1).globalBatch(8)
                .recompute(Recompute.SELECTIVE).recomputeModules(modules).build();
        return STEP.estimate(model, ONE_H100, plan);
    }

    static double activations(StepEstimate e) {
        return e.memory().breakdownBytes().get("activations");
    }

    @Test
    void theDefaultModulesAreWhatSelectiveAlwaysReran() {
        ParallelismPlan unnamed = ParallelismPlan.builder().dp(8).globalBatch(8).recompute(Recompute.SELECTIVE).build();
        assertEquals(RecomputeModule.SELECTIVE_DEFAULT, unnamed.recomputeModules());
        assertEquals(unnamed, unnamed.withLayout(1, 8, 8));
        // another layout keeps stated modules (not the default they would fall back to)
        ParallelismPlan named = ParallelismPlan.builder().dp(8).globalBatch(8).recompute(Recompute.SELECTIVE)
                .recomputeModules(EnumSet.of(RecomputeModule.LAYERNORM)).build();
        assertEquals(Set.of(RecomputeModule.LAYERNORM), named.withLayout(2, 4, 8).recomputeModules());
        ParallelismPlan none = ParallelismPlan.builder().dp(8).globalBatch(8).build();
        assertEquals(Set.of(), none.recomputeModules());
        // on a dense model without MLA the default reruns the attention core alone
        assertEquals(STEP.estimate(DENSE, ONE_H100, unnamed).seconds(), estimate(DENSE, EnumSet.of(CORE_ATTN)).seconds(), 1e-15);
        // on DeepSeek-V3 (MLA, MoE) its rerun is the sum of its three modules' reruns, each priced alone
        TransformerSpec v3 = MoeStepModelTest.deepSeekV3();
        ParallelismPlan.Builder plan = ParallelismPlan.builder().pp(16).dp(64).ep(64).globalBatch(1_024).zeroStage(1)
                .recompute(Recompute.SELECTIVE);
        ClusterSpec h100s = MoeStepModelTest.h100s(1_024, 8);
        double sum = 0;
        for (RecomputeModule module : RecomputeModule.SELECTIVE_DEFAULT) {
            sum += STEP.estimate(v3, h100s, plan.recomputeModules(EnumSet.of(module)).build())
                    .computeBreakdownSeconds().get("recomputation");
        }
        double all = STEP.estimate(v3, h100s, plan.recomputeModules(null).build()).computeBreakdownSeconds().get("recomputation");
        assertEquals(sum, all, 1e-12 * all);
        assertTrue(sum > 0);
    }

    @Test
    void recomputingTheSharedExpertsDropsTheirActivations() {
        // one shared expert of width 512 (SwiGLU: gate, up and product, 3 · 2 bytes each) per token
        // and MoE layer, 4 layers, one micro-batch of 4,096 tokens
        TransformerSpec moe = MoeStepModelTest.small(new MoeSpec(16, 2, 1, 512, 1));
        StepEstimate act = estimate(moe, EnumSet.of(MOE_ACT));
        StepEstimate both = estimate(moe, EnumSet.of(MOE_ACT, RecomputeModule.SHARED_EXPERTS));
        assertEquals(6.0 * 512 * 4_096 * 4, activations(act) - activations(both), 1e-3);
        assertTrue(both.computeBreakdownSeconds().get("recomputation") > act.computeBreakdownSeconds().get("recomputation"));
    }

    @Test
    void withoutFlashAttentionTheScoresAreKeptUnlessTheCoreIsRecomputed() {
        // unfused attention keeps softmax input and output and the dropout mask, 5 bytes per score:
        // 8 heads × 4,096 × 4,096 scores, 4 layers — dropped only when core_attn is rerun
        AnalyticStepModel unfused = new AnalyticStepModel(MoeStepModelTest.IDEAL, new SoftwareSpec(false, true, true));
        ParallelismPlan.Builder plan = ParallelismPlan.builder().dp(8).globalBatch(8).recompute(Recompute.SELECTIVE);
        double keeps = activations(unfused.estimate(DENSE, ONE_H100, plan.recomputeModules(EnumSet.of(MLP)).build()));
        double drops = activations(unfused.estimate(DENSE, ONE_H100, plan.recomputeModules(EnumSet.of(CORE_ATTN, MLP)).build()));
        assertEquals(5.0 * 8 * 4_096 * 4_096 * 4, keeps - drops, 1e-3);
    }

    @Test
    void recomputingDenseMlpsAddsTheirGemmFlopsTimeAndDropsTheirActivations() {
        StepEstimate core = estimate(DENSE, EnumSet.of(CORE_ATTN));
        StepEstimate withMlp = estimate(DENSE, EnumSet.of(CORE_ATTN, MLP));
        double tokens = 4_096, h = 1_024, f = 4_096, layers = 4;
        // FLOPs: the forward of every MLP once more, 2 · 3hf per token and layer (one sequence per chip, 8 chips)
        assertEquals(2 * 3 * h * f * layers * tokens * 8, withMlp.hardwareFlopsPerStep() - core.hardwareFlopsPerStep(), 1e3);
        // memory: gate, up and product (3 · 2 bytes · f per token) are no longer kept, in each layer
        assertEquals(3 * 2 * f * tokens * layers, activations(core) - activations(withMlp), 1e-3);
        // time: a third of the MLP's forward + backward GEMM time, plus the activation's pass over
        // gate, up and product (no kernel overhead in this calibration)
        double mlp = core.computeBreakdownSeconds().get("mlp");
        double activation = layers * 2 * tokens * f * 3 / (ONE_H100.chip().hbmBytesPerSecond() * 0.8);
        double extra = withMlp.computeBreakdownSeconds().get("recomputation") - core.computeBreakdownSeconds().get("recomputation");
        assertEquals(mlp / 3 + activation, extra, 1e-12);
    }

    @Test
    void aSeparateNormRecomputedDropsItsOutputInMoeLayers() {
        // gpt-oss's Megatron-Bridge preset recomputes layernorm and moe_act: the pre-MLP norm of an
        // MoE layer is a module of its own, its output (2 bytes · h per token) no longer kept
        TransformerSpec moe = MoeStepModelTest.small(new MoeSpec(16, 2, 0, 512, 1));
        StepEstimate act = estimate(moe, EnumSet.of(MOE_ACT));
        StepEstimate both = estimate(moe, EnumSet.of(LAYERNORM, MOE_ACT));
        assertEquals(2 * 1_024.0 * 4_096 * 4, activations(act) - activations(both), 1e-3);
        assertTrue(both.seconds() > act.seconds());
    }

    @Test
    void recomputingTheMoeBlockRunsItsAllToAllsOnceMore() {
        TransformerSpec moe = MoeStepModelTest.small(new MoeSpec(16, 2, 0, 512, 1));
        double twice = MoeStepModelTest.ep(estimate(moe, EnumSet.of(MOE_ACT)));
        double thrice = MoeStepModelTest.ep(estimate(moe, EnumSet.of(MOE)));
        assertEquals(1.5, thrice / twice, 1e-12);
        assertTrue(activations(estimate(moe, EnumSet.of(MOE))) < activations(estimate(moe, EnumSet.of(MOE_ACT))));
    }

    @Test
    void modulesNeedSelectiveRecomputation() {
        ParallelismPlan.Builder full = ParallelismPlan.builder().dp(8).globalBatch(8).recompute(Recompute.FULL)
                .recomputeModules(EnumSet.of(MLP));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, full::build);
        assertTrue(e.getMessage().startsWith("recompute-modules needs recompute = selective"), e.getMessage());
    }
}
