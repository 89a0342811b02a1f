package io.clustersim.scenarios;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
import io.clustersim.core.TrialExecutor;
import io.clustersim.core.engine.EngineKind;
import io.clustersim.core.run.RunResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The single-JVM run and any split of its trials into units give the same report: units of
 * uneven sizes, run in a shuffled order, merged by trial index, as a cluster coordinator does.
 * Covers a plain run and a deadline over datacenters with a searched plan (candidates simulated in
 * turn); {@code UnitJobTest} covers the single-site deadline's candidates.
 */
class TrialUnitsTest {

    private static ClusterSim sim;

    @BeforeAll
    static void start() {
        sim = ClusterSim.create(SimOptions.defaults().withThreads(2).withEngine(EngineKind.INLINE));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    /** Units of 1..5 trials, run in an order shuffled by {@code seed}, merged by index. */
    static TrialExecutor shuffledUnits(long seed) {
        return trials -> {
            Random random = new Random(seed);
            List<int[]> units = new ArrayList<>();
            for (int from = 0; from < trials.count(); ) {
                int to = Math.min(trials.count(), from + 1 + random.nextInt(5));
                units.add(new int[] {from, to});
                from = to;
            }
            Collections.shuffle(units, random);
            RunResult[] merged = new RunResult[trials.count()];
            for (int[] u : units) {
                List<RunResult> part = trials.run(u[0], u[1]);
                for (int i = 0; i < part.size(); i++) {
                    merged[u[0] + i] = part.get(i);
                }
            }
            return Arrays.asList(merged);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt3-175b-a100.conf", "llama3-405b-sites-deadline.conf"})
    void unitsInAnyOrderGiveTheSingleJvmReport(String example) {
        Scenario scenario = ScenarioLoader.load(Path.of("scenarios/examples", example)).scenario().withTrials(11);
        String whole = new JsonReportWriter().write(sim.run(scenario));
        assertEquals(whole, new JsonReportWriter().write(sim.run(scenario, shuffledUnits(example.hashCode()))));
    }
}
