package io.clustersim.core.model;

import io.clustersim.topology.ClusterSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plan that states the layers of its first and last pipeline rank (Megatron's
 * --decoder-first/last-pipeline-num-layers, or what a pipeline layout places there): the other
 * ranks split the rest, and the step follows the rank that sets the pace.
 */
class StatedStageLayersTest {

    /** 61 layers like DeepSeek-V3, on 16 pipeline ranks of 8 H100. */
    static final TransformerSpec SIXTY_ONE = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(61)
            .hidden(4_096).heads(32).ffnHidden(11_008).vocab(128_000).seqLen(4_096).build();
    static final ClusterSpec H100S = MoeStepModelTest.h100s(128, 8);

    static ParallelismPlan.Builder deepSeekLike() {
        return ParallelismPlan.builder().tp(8).pp(16).dp(1).globalBatch(64);
    }

    @Test
    void theRecipesLayoutLeavesFourLayersToEachMiddleRank() {
        // Megatron-Bridge's DeepSeek-V3 layout at pp 16: the embedding and 4 layers, 14 × 4, 1 layer with MTP and the loss
        ParallelismPlan layout = deepSeekLike().firstStageLayers(4).lastStageLayers(1).build();
        assertEquals(List.of(), PlanValidator.problems(SIXTY_ONE, H100S, layout));
        assertEquals(4, PlanValidator.firstStageLayers(61, layout));
        assertEquals(1, PlanValidator.lastStageLayers(61, layout));
        assertEquals(4, PlanValidator.stageLayers(61, layout));
        // only the last stated: the other 15 ranks split 60 into 4 each
        ParallelismPlan lastOnly = deepSeekLike().lastStageLayers(1).build();
        assertEquals(4, PlanValidator.firstStageLayers(61, lastOnly));
        // without either, the even split: 4 per rank, the first and last giving up the 3 missing
        ParallelismPlan even = deepSeekLike().build();
        assertEquals(3, PlanValidator.firstStageLayers(61, even));
        assertEquals(2, PlanValidator.lastStageLayers(61, even));
    }

    @Test
    void layersThatDoNotSplitOverTheOtherRanksAreRefusedAtTheirKey() {
        List<Problem> uneven = PlanValidator.problems(SIXTY_ONE, H100S, deepSeekLike().firstStageLayers(5).lastStageLayers(1).build());
        assertEquals(1, uneven.size());
        assertEquals("parallelism.first-stage-layers", uneven.get(0).key());
        assertEquals("first-stage-layers = 5 and last-stage-layers = 1 leave 55 of the 61 layers for the other 14"
                + " pipeline ranks, which must split them evenly", uneven.get(0).message());
        ParallelismPlan twoRanks = ParallelismPlan.builder().tp(8).pp(2).dp(8).globalBatch(64)
                .firstStageLayers(32).lastStageLayers(28).build();
        assertTrue(PlanValidator.problems(SIXTY_ONE, H100S, twoRanks).get(0).message().endsWith(
                "(pp = 2: the two must add up to the layers)"));
        assertEquals("first-stage-layers = 70 is more than the model's 61 layers", PlanValidator.problems(SIXTY_ONE, H100S,
                deepSeekLike().firstStageLayers(70).build()).get(0).message());
        ParallelismPlan noPipeline = ParallelismPlan.builder().tp(8).dp(16).globalBatch(64).lastStageLayers(1).build();
        assertEquals("last-stage-layers = 1 needs pipeline parallelism (pp > 1)",
                PlanValidator.problems(SIXTY_ONE, H100S, noPipeline).get(0).message());
    }

    @Test
    void activationsPeakOnTheRankWithTheMostLayersInFlight() {
        // 80 layers over 8 ranks, 16 micro-batches: evenly 10 a rank, the first holding 8 micro-batches
        // in flight; with 4 on the first and last, the second rank's 12 layers × 7 in flight are the peak
        TransformerSpec model = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(80).hidden(8_192)
                .heads(64).kvHeads(8).ffnHidden(28_672).vocab(128_256).seqLen(4_096).build();
        ClusterSpec cluster = MoeStepModelTest.h100s(64, 8);
        AnalyticStepModel step = new AnalyticStepModel(MoeStepModelTest.IDEAL, SoftwareSpec.modern());
        ParallelismPlan.Builder plan = ParallelismPlan.builder().tp(8).pp(8).dp(1).globalBatch(16).sequenceParallel(true);
        // (neither peak rank is the last, so neither holds the logits)
        double even = step.estimate(model, cluster, plan.build()).memory().breakdownBytes().get("activations");
        double stated = step.estimate(model, cluster, plan.firstStageLayers(4).lastStageLayers(4).build())
                .memory().breakdownBytes().get("activations");
        assertEquals(12.0 * 7 / (10 * 8), stated / even, 1e-12);
    }

    @Test
    void underDualPipeAStatedFirstStageIsPairedWithTheLast() {
        // DeepSeek-V3's 61 layers over 16 ranks, 16 on the first, 3 on each middle rank, 3 on the last:
        // DualPipe's rank pairs the first with the last (9.5 layers and half the output head a
        // micro-batch), which sets the pace over a middle rank's 3 — not the first's 16 alone
        ParallelismPlan plan = ParallelismPlan.builder().pp(16).dp(64).ep(64).globalBatch(1_024).zeroStage(1)
                .firstStageLayers(16).lastStageLayers(3).build();
        AnalyticStepModel dualPipe = new AnalyticStepModel(Calibration.standard(), SoftwareSpec.modern().withExpertParallel(
                new ExpertParallelSoftware(EpOverlap.DUALPIPE, io.clustersim.topology.Precision.BF16,
                        io.clustersim.topology.Precision.BF16)));
        StepEstimate e = dualPipe.estimate(MoeStepModelTest.deepSeekV3(), MoeStepModelTest.h100s(1_024, 8), plan);
        Map<String, Double> parts = e.computeBreakdownSeconds();
        ParallelismPlan even = ParallelismPlan.builder().pp(16).dp(64).ep(64).globalBatch(1_024).zeroStage(1).build();
        Map<String, Double> evenParts = dualPipe.estimate(MoeStepModelTest.deepSeekV3(), MoeStepModelTest.h100s(1_024, 8), even)
                .computeBreakdownSeconds();
        // the even split's pace is a middle rank's 4 layers (its output share 0); the stated one's the pair's 9.5
        assertEquals(0, evenParts.get("outputLayer"));
        assertTrue(parts.get("outputLayer") > 0);
        assertEquals(9.5 / 4 * evenParts.get("mlp"), parts.get("mlp"), 1e-9 * parts.get("mlp"));
    }

    @Test
    void thePaceFollowsTheLargerOfAFullRankAndTheLastWithTheOutputLayer() {
        // 8 layers over 2 ranks, one micro-batch of 4,096 tokens: split 4 / 4 the last rank (4 layers
        // and the output layer) sets the pace; moved to 5 / 3 the pace is max(5 layers, 3 layers + output)
        TransformerSpec model = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(8).hidden(4_096)
                .heads(32).ffnHidden(11_008).vocab(128_000).seqLen(4_096).build();
        ClusterSpec cluster = MoeStepModelTest.h100s(16, 8);
        AnalyticStepModel step = new AnalyticStepModel(MoeStepModelTest.IDEAL, SoftwareSpec.modern());
        ParallelismPlan.Builder plan = ParallelismPlan.builder().tp(8).pp(2).dp(1).globalBatch(1);
        StepEstimate even = step.estimate(model, cluster, plan.build());
        Map<String, Double> parts = even.computeBreakdownSeconds();
        double output = parts.get("outputLayer");
        double layer = (even.breakdownSeconds().get("compute") - output) / 4;
        StepEstimate moved = step.estimate(model, cluster, plan.firstStageLayers(5).lastStageLayers(3).build());
        assertEquals(Math.max(5 * layer, 3 * layer + output), moved.breakdownSeconds().get("compute"), 1e-12);
    }
}
