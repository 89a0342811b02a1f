package io.clustersim.core.plan;

import io.clustersim.core.model.AnalyticStepModel;
import io.clustersim.core.model.Architecture;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.SoftwareSpec;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.ScaleOutFabric;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A runner-up as fast as the best says how it compares, never "needs 0.0 GB more". */
class PlanComparisonWordingTest {

    @Test
    void anEqualRunnerUpSaysSoInsteadOfZeroGigabytes() {
        TransformerSpec model = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(80).hidden(8_192).heads(64)
                .kvHeads(8).ffnHidden(28_672).vocab(128_256).seqLen(8_192).build();
        ClusterSpec cluster = new ClusterSpec(ChipCatalog.standard().require("h100-sxm"), 1_024, 8, 8,
                new ScaleOutFabric(400e9, 1e-6, 1_024, 1));
        ParallelismPlan plan = ParallelismPlan.builder().tp(8).pp(4).dp(32).globalBatch(1_024).sequenceParallel(true)
                .zeroStage(1).build();
        StepEstimate step = new AnalyticStepModel(SoftwareSpec.modern()).estimate(model, cluster, plan);
        String line = PlanComparison.of(new RankedPlan(plan, step), new RankedPlan(plan, step)).explain();
        assertTrue(line.startsWith("as fast and no smaller"), line);
    }
}
