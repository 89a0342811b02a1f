package io.clustersim.scenarios.cli;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
import io.clustersim.core.TrialExecutor;
import io.clustersim.core.plan.SearchResult;
import io.clustersim.scenarios.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code plan} ranks the run's own search: the one a run made through the memo, found for that scenario and keep only. */
class SearchMemoTest {

    @Test
    void findsTheRunsSearchForTheSameScenarioAndKeepOnly() {
        Scenario stated = ScenarioLoader.load(Path.of(ClusterSimCliTest.EXAMPLE)).scenario();
        Scenario searched = stated.withPlanSearch(io.clustersim.core.plan.SearchSpace.around(stated.parallelism()));
        SearchMemo memo = new SearchMemo(TrialExecutor.LOCAL);
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(1))) {
            sim.run(searched, memo, null);
            SearchResult recorded = memo.find(searched, ClusterSim.RANKED_LAYOUTS);
            assertNotNull(recorded, "the run searched its plan through the memo");
            SearchResult again = sim.search(searched, ClusterSim.RANKED_LAYOUTS);
            assertEquals(again.ranked().stream().map(r -> r.plan()).toList(), recorded.ranked().stream().map(r -> r.plan()).toList());
            assertEquals(again.evaluated(), recorded.evaluated());
        }
        assertNull(memo.find(searched, ClusterSim.RANKED_LAYOUTS + 1), "another keep is another search");
        assertNull(memo.find(stated, ClusterSim.RANKED_LAYOUTS), "another scenario is another search");
    }
}
