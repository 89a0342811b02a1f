package io.clustersim.core;

import io.clustersim.core.model.Architecture;
import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.core.plan.SearchSpace;
import io.clustersim.core.run.CheckpointSpec;
import io.clustersim.core.run.FailureSpec;
import io.clustersim.core.run.StragglerSpec;
import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Datacenter;
import io.clustersim.topology.Fleet;
import io.clustersim.topology.ScaleOutFabric;
import io.clustersim.topology.WanLink;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Scenario#toBuilder()} copies every field, and changes only what is set on it. */
class ScenarioToBuilderTest {

    static final ChipSpec H100 = ChipCatalog.standard().require("h100-sxm");
    static final TransformerSpec MODEL = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(80)
            .hidden(8_192).heads(64).kvHeads(8).ffnHidden(28_672).vocab(128_256).seqLen(8_192).build();

    static Datacenter dc(String name, int chips) {
        return Datacenter.of(name, new ClusterSpec(H100, chips, 8, 8, new ScaleOutFabric(400e9, 1e-6, 1_024, 1)));
    }

    /** A scenario with no field at its builder default. */
    static Scenario everyFieldSet() {
        Fleet fleet = new Fleet(List.of(dc("a", 1_024), dc("b", 1_024)), List.of(new WanLink("a", "b", 1e14, 1e-3)));
        return Scenario.builder().name("full").seed(7).trials(3).model(MODEL).targetTokens(1e12).fleet(fleet)
                .parallelism(ParallelismPlan.builder().tensor(8).pipeline(4).data(64).globalBatch(512).build())
                .failures(FailureSpec.llama3Mix(300, 600))
                .checkpoint(CheckpointSpec.every(Duration.ofHours(1)).write(Duration.ofSeconds(30)))
                .stragglers(StragglerSpec.exponential(1e-4, 0.1))
                .crossDc(CrossDcSpec.pipeline())
                .build();
    }

    @Test
    void toBuilderBuildsAnEqualScenario() {
        Scenario s = everyFieldSet();
        assertEquals(s, s.toBuilder().build());
    }

    @Test
    void toBuilderChangesOnlyWhatIsSet() {
        Scenario s = everyFieldSet();
        Scenario changed = s.toBuilder().seed(11).trials(1_000).build();
        assertEquals(s.withSeed(11).withTrials(1_000), changed);
        assertNotEquals(s, changed);
        assertEquals(s.fleet(), changed.fleet());
        assertEquals(s.crossDc(), changed.crossDc());
    }

    @Test
    void aPlanSearchReplacesTheStatedPlanAndBack() {
        Scenario s = everyFieldSet();
        Scenario searched = s.toBuilder().planSearch(new SearchSpace(512)).build();
        assertTrue(searched.searchesPlan());
        assertNull(searched.parallelism());
        assertEquals(s.withPlanSearch(new SearchSpace(512)), searched);
        assertEquals(s, searched.toBuilder().parallelism(s.parallelism()).build());
    }
}
