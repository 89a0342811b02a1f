package io.clustersim.core.sweep;

import io.clustersim.core.Scenario;
import io.clustersim.core.model.Architecture;
import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Datacenter;
import io.clustersim.topology.Fleet;
import io.clustersim.topology.ScaleOutFabric;
import io.clustersim.topology.WanLink;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class ChipScalingTest {

    static final ChipSpec H100 = ChipCatalog.standard().require("h100-sxm");
    static final TransformerSpec MODEL = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(80)
            .hidden(8_192).heads(64).kvHeads(8).ffnHidden(28_672).vocab(128_256).seqLen(8_192).build();

    static Datacenter dc(String name, int chips) {
        return Datacenter.of(name, new ClusterSpec(H100, chips, 8, 8, new ScaleOutFabric(400e9, 1e-6, 1_024, 1)));
    }

    static Scenario twoSites() {
        // 1,024 + 3,072 chips: a quarter and three quarters; replicas of tp 8 × pp 4 = 32 chips
        Fleet fleet = new Fleet(List.of(dc("a", 1_024), dc("b", 3_072)), List.of(new WanLink("a", "b", 1e14, 1e-3)));
        return Scenario.builder().model(MODEL).targetTokens(1e12).fleet(fleet)
                .parallelism(ParallelismPlan.builder().tp(8).pp(4).dp(128).globalBatch(128 * 8).build()).build();
    }

    @Test
    void perReplicaKeepsSharesAndMicroBatchesAndTheReference() {
        ChipScaling.Resized r = ChipScaling.resize(twoSites(), 16_384, BatchPolicy.PER_REPLICA);
        assertNull(r.problem());
        Scenario s = r.scenario();
        assertEquals(4_096, s.fleet().datacenters().get(0).chips());
        assertEquals(12_288, s.fleet().datacenters().get(1).chips());
        assertEquals(512, s.parallelism().data());
        assertEquals(512 * 8, s.parallelism().globalBatch());
        assertEquals(8, s.parallelism().microBatchesPerReplica());
        assertEquals(128 * 8 * 8_192.0, s.criticalBatch().referenceBatchTokens(), "target holds at the base batch");
        assertEquals(16_384, s.cluster().chips());
    }

    @Test
    void globalBatchStaysOrThePointCannotRun() {
        ChipScaling.Resized half = ChipScaling.resize(twoSites(), 2_048, BatchPolicy.GLOBAL);
        assertEquals(1_024, half.scenario().parallelism().globalBatch());
        assertEquals(16, half.scenario().parallelism().microBatchesPerReplica());
        ChipScaling.Resized tooMany = ChipScaling.resize(twoSites(), 65_536, BatchPolicy.GLOBAL);
        assertNotNull(tooMany.problem());
    }

    @Test
    void pipelineSplitScalesDpInEverySite() {
        Fleet fleet = new Fleet(List.of(dc("a", 1_024), dc("b", 1_024)), List.of(new WanLink("a", "b", 1e14, 1e-3)));
        Scenario base = Scenario.builder().model(MODEL).targetTokens(1e12).fleet(fleet).crossDc(CrossDcSpec.pipeline())
                .parallelism(ParallelismPlan.builder().tp(8).pp(4).dp(64).globalBatch(64 * 8).build()).build();
        Scenario s = ChipScaling.resize(base, 8_192, BatchPolicy.PER_REPLICA).scenario();
        assertEquals(256, s.parallelism().data());
        assertEquals(4_096, s.fleet().datacenters().get(0).chips()); // 2 stages × 8 × 256
        assertEquals(4_096, s.fleet().datacenters().get(1).chips());
    }
}
