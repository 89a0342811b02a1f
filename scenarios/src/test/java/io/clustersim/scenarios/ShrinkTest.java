package io.clustersim.scenarios;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.Report;
import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.run.FailureSpec;
import io.clustersim.core.run.RunModel;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Running on fewer data-parallel replicas: the step model re-evaluated, and the run's degraded time. */
class ShrinkTest {

    private static final Scenario GPT3 = ScenarioLoader.load(Path.of("scenarios/examples/gpt3-175b-a100.conf")).scenario();

    @Test
    void fewerReplicasReevaluateTheStepModel() {
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(1))) {
            StepEstimate full = sim.step(GPT3);
            RunModel.Replicas replicas = io.clustersim.core.ClusterSimAccess.replicas(GPT3, full);
            assertEquals(16, replicas.count());
            assertEquals(1, replicas.perNode(), "TP 8 fills a node of 8: a node holds one replica's chips");
            assertEquals(full.seconds(), replicas.stepSecondsAt().applyAsDouble(16));
            // 14 replicas keep 96 sequences each: the step model on 896 chips, independently
            double fourteen = replicas.stepSecondsAt().applyAsDouble(14);
            Scenario smaller = ScenarioLoader.parse(read().replace("dp = 16", "dp = 14").replace("chips = 1024", "chips = 896")
                    .replace("global-batch = 1536", "global-batch = 1344"), "gpt3-14.conf").scenario();
            assertEquals(sim.step(smaller).seconds(), fourteen, 1e-12);
            assertTrue(Math.abs(fourteen / full.seconds() - 1) < 0.05, "same per-replica work: " + fourteen);
        }
    }

    @Test
    void shrinkingShowsAsDegradedTimeNotWaiting() {
        Scenario shrink = GPT3.withFailures(GPT3.failures().withClasses(GPT3.failures().classes().stream()
                        .map(c -> c.withRepair(new io.clustersim.core.run.FailureClass.RepairTime(86_400, 0.5))).toList())
                .withSpares(new FailureSpec.Spares(0, true))).withTrials(10);
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(2))) {
            Report report = sim.run(shrink);
            assertEquals(0.0, report.run().timeFractions().get("waitingForRepair"));
            assertTrue(report.run().timeFractions().get("degraded") > 0.01, report.run().timeFractions().toString());
            Report wait = sim.run(shrink.withFailures(shrink.failures().withSpares(new FailureSpec.Spares(0, false))));
            assertTrue(wait.run().timeFractions().get("waitingForRepair") > 0.1, wait.run().timeFractions().toString());
            assertTrue(wait.run().wallClockDays().mean() > report.run().wallClockDays().mean(),
                    "with one-day repairs and no spares, running on fewer replicas beats waiting");
        }
    }

    private static String read() {
        try {
            return java.nio.file.Files.readString(Path.of("scenarios/examples/gpt3-175b-a100.conf"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
