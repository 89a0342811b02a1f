package io.clustersim.scenarios;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.Report;
import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
import io.clustersim.core.engine.EngineKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same scenario and seed give a byte-identical JSON report on 1 or many threads, either engine. */
class DeterminismTest {

    private static String json(Scenario scenario, int threads, EngineKind engine) {
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(threads).withEngine(engine))) {
            Report report = sim.run(scenario);
            return new JsonReportWriter().write(report);
        }
    }

    @Test
    void reportIsByteIdenticalAcrossThreadCountsAndEngines() {
        Scenario scenario = ScenarioLoader.load(Path.of("scenarios/examples/gpt3-175b-a100.conf")).scenario()
                .withTrials(40);
        String oneThread = json(scenario, 1, EngineKind.ACTORS);
        assertEquals(oneThread, json(scenario, 4, EngineKind.ACTORS));
        assertEquals(oneThread, json(scenario, 8, EngineKind.ACTORS));
        assertEquals(oneThread, json(scenario, 1, EngineKind.INLINE));
        assertEquals(oneThread, json(scenario, 4, EngineKind.INLINE));
        // ...and the seed matters, so the equality above is not vacuous.
        assertNotEquals(oneThread, json(scenario.withSeed(43), 4, EngineKind.ACTORS));
    }

    /** A searched plan too: the plan search scans on the simulator's threads (one: the caller's alone). */
    @Test
    void aSearchedPlanIsTheSameOnAnyThreads() {
        Scenario scenario = ScenarioLoader.load(Path.of("scenarios/examples/llama-70b-4k-h100.conf")).scenario()
                .withTrials(4);
        assertTrue(scenario.searchesPlan());
        String oneThread = json(scenario, 1, EngineKind.INLINE);
        assertEquals(oneThread, json(scenario, 3, EngineKind.INLINE));
        try (ClusterSim one = ClusterSim.create(SimOptions.defaults().withThreads(1));
             ClusterSim three = ClusterSim.create(SimOptions.defaults().withThreads(3))) {
            assertEquals(one.search(scenario, 20), three.search(scenario, 20));
        }
    }

    /** The same with every part of the run model at work: classes, Weibull, spares, shrink, outages, maintenance, async peer checkpoints, stragglers. */
    @Test
    void wholeRunModelIsDeterministicToo() throws Exception {
        String text = java.nio.file.Files.readString(Path.of("scenarios/examples/gpt3-175b-a100.conf")) + """
                failures {
                  mix = llama3
                  rate-per-1000-node-days = 20
                  repair-median = 12h
                  repair-sigma = 1
                  hbm { distribution = weibull, shape = 0.7, fleet = new }
                  power { rate-per-component-hour = 0.001, repair-median = 2h, repair-sigma = 0.5 }
                  spares { per-datacenter = 2, when-exhausted = shrink }
                  maintenance { interval = 30h, duration = 20m }
                }
                checkpoint { interval = auto, mode = async, snapshot = 5s, peer-replica = true, peer-restore = 30s }
                stragglers { probability = 0.001, mean-slowdown = 0.2, distribution = lognormal, sigma = 0.6 }
                """;
        Scenario scenario = ScenarioLoader.parse(text, "all.conf").scenario().withTrials(24);
        String oneThread = json(scenario, 1, EngineKind.ACTORS);
        assertEquals(oneThread, json(scenario, 4, EngineKind.ACTORS));
        assertEquals(oneThread, json(scenario, 2, EngineKind.INLINE));
        assertNotEquals(oneThread, json(scenario.withSeed(43), 2, EngineKind.INLINE));
    }
}
