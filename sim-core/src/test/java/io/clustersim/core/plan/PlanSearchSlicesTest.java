package io.clustersim.core.plan;

import io.clustersim.core.model.Architecture;
import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.core.model.MoeSpec;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.ScaleOutFabric;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A search cut into slices of its layouts and merged by slice index is the whole search, for any
 * number of slices (more slices than layouts included), and so is the merge of slices whose
 * ranked plans were rebuilt from the plans alone (what crosses the network).
 */
class PlanSearchSlicesTest {

    static void assertSlicesMerge(PlanSearch.Task task, int keep) {
        SearchResult whole = task.search(0, 1, keep, PlanSearch.Progress.NONE);
        assertTrue(whole.layouts() > 0);
        for (int slices : new int[] {1, 3, 16, task.layouts() + 5}) {
            List<SearchResult> parts = new ArrayList<>();
            List<SearchResult> rebuilt = new ArrayList<>();
            int[] seen = {0};
            for (int i = 0; i < slices; i++) {
                SearchResult part = task.search(i, slices, keep, (done, total) -> seen[0] = Math.max(seen[0], done));
                parts.add(part);
                // a worker sends the plans; the coordinator estimates them again
                rebuilt.add(task.rebuilt(part.ranked().stream().map(RankedPlan::plan).toList(), part.layouts(),
                        part.evaluated(), part.fitting(), part.rejectedConstraints(),
                        part.leastMemory().map(RankedPlan::plan).orElse(null)));
            }
            assertEquals(whole, PlanSearch.merge(parts, keep), slices + " slices");
            assertEquals(whole, PlanSearch.merge(rebuilt, keep), slices + " slices rebuilt from their plans");
            assertEquals(whole.layouts(), parts.stream().mapToLong(SearchResult::layouts).sum());
        }
    }

    @Test
    void aDenseModelsSlicesMergeToTheWholeSearch() {
        assertSlicesMerge(new PlanSearch(PlanSearchTest.STEP).task(PlanSearchTest.GPT, PlanSearchTest.FLEET,
                PlanSearchTest.SPACE), 5);
    }

    @Test
    void anMoeModelsSlicesMergeToTheWholeSearch() {
        TransformerSpec moe = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(16).hidden(1_024)
                .heads(16).vocab(32_000).seqLen(2_048).moe(new MoeSpec(16, 2, 0, 1_024, 1)).build();
        ClusterSpec nodes = new ClusterSpec(PlanSearchTest.H100, 64, 8, 8, ScaleOutFabric.nonBlocking(PlanSearchTest.H100, 64));
        assertSlicesMerge(new PlanSearch(PlanSearchTest.STEP).task(moe, nodes, new SearchSpace(256)), 8);
    }

    @Test
    void aFleetOfTwoDatacentersSlicesMergeToTheWholeSearch() {
        PlanSearch search = new PlanSearch(FleetPlanSearchTest.model(CrossDcSpec.hierarchicalDp()));
        assertSlicesMerge(search.task(FleetPlanSearchTest.GPT, FleetPlanSearchTest.FLEET, FleetPlanSearchTest.SPACE), 5);
    }

    @Test
    void theWholeSearchIsTheSearchOfOneSlice() {
        PlanSearch search = new PlanSearch(PlanSearchTest.STEP);
        SearchResult plain = search.search(PlanSearchTest.GPT, PlanSearchTest.FLEET, PlanSearchTest.SPACE, 5);
        assertEquals(plain, search.task(PlanSearchTest.GPT, PlanSearchTest.FLEET, PlanSearchTest.SPACE)
                .search(0, 1, 5, PlanSearch.Progress.NONE));
        ParallelismPlan best = plain.best().orElseThrow().plan();
        assertEquals(plain.best().orElseThrow(), search.task(PlanSearchTest.GPT, PlanSearchTest.FLEET,
                PlanSearchTest.SPACE).rank(best));
    }
}
