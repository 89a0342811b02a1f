package io.clustersim.core.run;

import io.clustersim.core.engine.InlineEngine;
import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.ScaleOutFabric;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
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
            assertEquals(0, r.stragglerNanos() + r.degradedNanos() + r.waitingNanos() + r.maintenanceNanos());
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

    /**
     * Exponential failures, fixed interval, no stragglers: the mean simulated wall clock equals
     * Daly's expectation M·e^(R/M)·(e^((τ+C)/M) − 1)·T_s/τ within its Monte Carlo error.
     */
    @Test
    void wallClockMatchesDalysExpectation() {
        double mttf = 36_000, write = 60, restart = 900, tau = 2_000;
        double ratePerChipHour = 3600.0 / mttf / 1024;
        FailureSpec failures = new FailureSpec(ratePerChipHour, 300, 300, "hardware");
        RunModel model = new RunModel(cluster(1024, 1024), 10.0, 100_000, failures, new CheckpointSpec(tau, write, 300), 5);
        assertEquals(mttf, model.mttfSeconds(), 1e-6);
        int trials = 400;
        double sum = 0, sum2 = 0;
        for (int t = 0; t < trials; t++) {
            double wall = trial(model, t).wallClockNanos() / 1e9;
            sum += wall;
            sum2 += wall * wall;
        }
        double mean = sum / trials;
        double stdErr = Math.sqrt((sum2 / trials - mean * mean) / trials);
        double expected = YoungDaly.expectedWallSeconds(1e6, tau, write, restart, mttf);
        // the last segment of a run writes no checkpoint: at most one write (60 s) of difference
        assertTrue(Math.abs(mean - expected) < 4 * stdErr + write, "mean " + mean + " vs Daly " + expected + " ± " + stdErr);
    }

    /**
     * Sweeping the interval finds the optimum near Young/Daly's sqrt(2·C·MTTF) (C ≪ MTTF): fit
     * a + b/τ + c·τ to the simulated mean wall clocks (common random numbers: the failure times do
     * not depend on the interval) and compare its minimum sqrt(b/c).
     */
    @Test
    void intervalSweepFindsYoungDalysOptimum() {
        double mttf = 36_000, write = 30;
        double young = YoungDaly.youngIntervalSeconds(write, mttf);
        FailureSpec failures = new FailureSpec(3600.0 / mttf / 1024, 120, 300, "hardware");
        double[] factors = {0.4, 0.55, 0.7, 0.85, 1.0, 1.2, 1.45, 1.75, 2.1, 2.5};
        double[][] design = new double[factors.length][];
        double[] walls = new double[factors.length];
        for (int i = 0; i < factors.length; i++) {
            double tau = young * factors[i];
            RunModel model = new RunModel(cluster(1024, 1024), 10.0, 200_000, failures, new CheckpointSpec(tau, write, 60), 9);
            double sum = 0;
            int trials = 200;
            for (int t = 0; t < trials; t++) {
                sum += trial(model, t).wallClockNanos() / 1e9;
            }
            walls[i] = sum / trials;
            design[i] = new double[] {1 / tau, tau};
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(walls, design);
        double[] beta = ols.estimateRegressionParameters(); // a, b, c
        double optimum = Math.sqrt(beta[1] / beta[2]);
        assertTrue(Math.abs(optimum / young - 1) < 0.10, "simulated optimum " + optimum + " vs sqrt(2CM) " + young);
    }

    @Test
    void autoIntervalIsDalysForTheFleetsMttf() {
        FailureSpec failures = new FailureSpec(FailureSpec.perChipHourFromPer1000NodeDays(6.5, 8), 300, 600, "hardware");
        RunModel model = new RunModel(cluster(16_384, 3_072), 10.0, 1_000, failures, CheckpointSpec.auto(60, 300), 1);
        double mttf = 1 / (2_048 * 6.5 / 1000 / 86_400); // 1 / (nodes · rate): Meta's formula
        assertEquals(mttf, model.mttfSeconds(), 1e-6 * mttf);
        assertEquals(YoungDaly.dalyIntervalSeconds(60, mttf), model.checkpointIntervalSeconds(), 1e-9);
        assertEquals(0, new RunModel(cluster(1024, 1024), 10.0, 1_000, FailureSpec.none(), CheckpointSpec.auto(60, 300), 1)
                .checkpointIntervalSeconds(), "no failures: no checkpoints");
    }
}
