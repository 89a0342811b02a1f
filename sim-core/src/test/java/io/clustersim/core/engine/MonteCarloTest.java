package io.clustersim.core.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many trials at once on runtimes of different sizes give the same outcomes, in trial order. */
class MonteCarloTest {

    @Test
    void outcomesDoNotDependOnThreadsOrEngine() {
        List<TrialOutcome> reference = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            reference.add(InlineEngine.run(TestEntities.randomWalk(5, t, 8, 4, 200)));
        }
        for (int threads : new int[] {1, 4}) {
            try (EngineRuntime runtime = EngineRuntime.create(threads)) {
                for (EngineKind engine : EngineKind.values()) {
                    List<TrialOutcome> outcomes = runtime.runTrials(
                            16, i -> TestEntities.randomWalk(5, i, 8, 4, 200), engine);
                    assertEquals(reference, outcomes, threads + " threads, " + engine);
                }
            }
        }
    }

    @Test
    void progressIsReportedAndAFailedTrialFailsTheExperiment() {
        List<Integer> progress = new ArrayList<>();
        try (EngineRuntime runtime = EngineRuntime.create(2)) {
            runtime.runTrials(new MonteCarloActor.Plan(5, i -> TestEntities.randomWalk(1, i, 3, 1, 10),
                    EngineKind.ACTORS, 2, Duration.ofSeconds(10), (done, total) -> progress.add(done)));
            assertEquals(List.of(1, 2, 3, 4, 5), progress);

            SimulationException e = assertThrows(SimulationException.class, () -> runtime.runTrials(3, i -> {
                if (i == 2) {
                    throw new IllegalStateException("bad trial");
                }
                return TestEntities.randomWalk(1, i, 3, 1, 10);
            }, EngineKind.INLINE));
            assertTrue(e.getMessage().contains("trial 2") && e.getMessage().contains("bad trial"), e.getMessage());
        }
    }
}
