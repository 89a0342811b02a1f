package io.clustersim.core.run;

import io.clustersim.core.engine.InlineEngine;
import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.ScaleOutFabric;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunModelTest {

    private static final ChipSpec A100 = ChipCatalog.standard().require("a100-80gb-sxm");

    private static ClusterSpec cluster(int chips, int podChips) {
        return new ClusterSpec(A100, chips, 8, 8, new ScaleOutFabric(200e9, 1e-6, podChips, 1));
    }

    private static RunResult trial(RunModel model, int index) {
        return (RunResult) InlineEngine.run(model.trial(index)).result();
    }

    @Test
    void withoutFailuresTheRunIsStepsPlusCheckpointStalls() {
        // 1,000 steps of 10 s; a checkpoint every 3,600 s of work, 60 s each.
        RunModel model = new RunModel(cluster(1024, 1024), 10.0, 1_000, FailureSpec.none(),
                new CheckpointSpec(3_600, 60, 300), 1);
        RunResult r = trial(model, 0);
        long checkpoints = 2; // at 3,600 and 7,200 s of work; the run ends at 10,000 s
        assertEquals(checkpoints, r.checkpointsWritten());
        assertEquals(10_000e9 + checkpoints * 60e9, r.wallClockNanos(), 1.0);
        assertEquals(0, r.interruptions());
        assertEquals(0, r.lostWorkNanos());
        assertEquals(10_000.0 / 10_120.0, r.goodput(), 1e-12);
    }

    @Test
    void timeAddsUpInEveryTrial() {
        FailureSpec failures = new FailureSpec(1e-3, 300, 600, "hardware");
        RunModel model = new RunModel(cluster(1024, 256), 5.0, 50_000, failures, new CheckpointSpec(1_800, 30, 120), 7);
        for (int t = 0; t < 50; t++) {
            RunResult r = trial(model, t);
            assertEquals(r.wallClockNanos(), r.usefulNanos() + r.lostWorkNanos() + r.checkpointNanos() + r.recoveryNanos(),
                    "trial " + t);
            assertEquals(model.totalWorkNanos(), r.usefulNanos());
            assertTrue(r.interruptions() > 0, "1e-3 per chip-hour on 1,024 chips fails about once an hour");
        }
    }

    /**
     * Wald's identity for a Poisson process stopped at the end of the run: E[N] = λ E[T]. The
     * simulated interruptions must match within four standard errors.
     */
    @Test
    void interruptionsMatchThePoissonRate() {
        double perChipHour = FailureSpec.perChipHourFromPer1000NodeDays(6.5, 8);
        FailureSpec failures = new FailureSpec(perChipHour, 300, 600, "hardware");
        RunModel model = new RunModel(cluster(16_384, 3_072), 10.0, 200_000, failures, new CheckpointSpec(3_600, 60, 300), 3);
        assertEquals(6, model.chipGroups());
        int trials = 400;
        double sumN = 0, sumN2 = 0, sumWallHours = 0;
        for (int t = 0; t < trials; t++) {
            RunResult r = trial(model, t);
            sumN += r.interruptions();
            sumN2 += (double) r.interruptions() * r.interruptions();
            sumWallHours += r.wallClockNanos() / 3600e9;
        }
        double meanN = sumN / trials;
        double expected = 16_384 * perChipHour * sumWallHours / trials;
        double stdErr = Math.sqrt((sumN2 / trials - meanN * meanN) / trials);
        assertTrue(Math.abs(meanN - expected) < 4 * stdErr, "mean " + meanN + " vs " + expected + " ± " + stdErr);
    }

    @Test
    void sameSeedSameTrialDifferentTrialsDiffer() {
        FailureSpec failures = new FailureSpec(1e-3, 300, 600, "hardware");
        RunModel model = new RunModel(cluster(1024, 1024), 5.0, 20_000, failures, new CheckpointSpec(1_800, 30, 120), 11);
        assertEquals(trial(model, 4), trial(model, 4));
        assertTrue(!trial(model, 4).equals(trial(model, 5)));
    }
}
