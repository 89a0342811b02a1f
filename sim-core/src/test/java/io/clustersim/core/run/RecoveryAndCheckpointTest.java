package io.clustersim.core.run;

import io.clustersim.core.engine.InlineEngine;
import io.clustersim.core.run.FailureClass.Effect;
import io.clustersim.core.run.FailureClass.Lifetime;
import io.clustersim.core.run.FailureClass.RepairTime;
import io.clustersim.core.run.FailureClass.Scope;
import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.ScaleOutFabric;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spares, repairs, shrinking, outages, maintenance, asynchronous and peer checkpoints, stragglers. */
class RecoveryAndCheckpointTest {

    private static final ClusterSpec CLUSTER = new ClusterSpec(ChipCatalog.standard().require("h100-sxm"), 1024, 8, 8,
            new ScaleOutFabric(400e9, 1e-6, 1024, 1));
    private static final double HOUR = 3600;

    private static FailureClass nodeClass(String cause, double perNodeHour, RepairTime repair) {
        return new FailureClass(cause, Scope.NODE, 1, perNodeHour, Lifetime.EXPONENTIAL, Effect.REPLACE_NODE, repair);
    }

    private static RunResult trial(RunModel model, int index) {
        return (RunResult) InlineEngine.run(model.trial(index)).result();
    }

    private static void assertAddsUp(RunResult r, String what) {
        assertEquals(r.wallClockNanos(), r.usefulNanos() + r.lostWorkNanos() + r.checkpointNanos() + r.detectionNanos()
                + r.restartNanos() + r.restoreNanos() + r.waitingNanos() + r.maintenanceNanos() + r.stragglerNanos()
                + r.degradedNanos(), what);
    }

    /** Everything at once: the time still adds up exactly in every trial, and nothing is negative. */
    @Test
    void everyFeatureTogetherStillAddsUp() {
        RepairTime repair = new RepairTime(6 * HOUR, 0.8);
        FailureSpec failures = new FailureSpec(List.of(nodeClass("host", 2e-3, repair),
                new FailureClass("software", Scope.NODE, 1, 1e-3, Lifetime.weibull(0.7, true), Effect.RESTART, null),
                new FailureClass("power", Scope.DATACENTER, 1, 1.0 / 200, Lifetime.weibull(1.5, false), Effect.OUTAGE,
                        new RepairTime(2 * HOUR, 0.5))),
                120, 300, new FailureSpec.Spares(2, true), new FailureSpec.Maintenance(20 * HOUR, 1800));
        CheckpointSpec checkpoint = new CheckpointSpec(1800, 120, 200).asynchronous(5, true, 30);
        RunModel model = new RunModel(CLUSTER, 10, 60_000, failures, checkpoint, StragglerSpec.exponential(0.001, 0.2),
                new RunModel.Replicas(16, 1, k -> 10.0 * (1 + 0.01 * (16 - k))), 3);
        long[] totals = new long[4];
        for (int t = 0; t < 40; t++) {
            RunResult r = trial(model, t);
            assertAddsUp(r, "trial " + t);
            for (long v : new long[] {r.lostWorkNanos(), r.checkpointNanos(), r.waitingNanos(), r.stragglerNanos(),
                    r.degradedNanos(), r.maintenanceNanos()}) {
                assertTrue(v >= 0, "trial " + t + ": " + r);
            }
            totals[0] += r.degradedNanos();
            totals[1] += r.waitingNanos();
            totals[2] += r.checkpointsLost();
            totals[3] += r.interruptionsByCause().getOrDefault("maintenance", 0L);
        }
        assertTrue(totals[0] > 0 && totals[1] > 0 && totals[2] > 0 && totals[3] > 0, java.util.Arrays.toString(totals));
    }

    /** No failures, stragglers: the run takes the straggler factor longer, plus the stalls. */
    @Test
    void stragglersStretchTheRunByTheExpectedFactor() {
        StragglerSpec s = StragglerSpec.exponential(0.002, 0.25);
        RunModel model = new RunModel(CLUSTER, 10, 10_000, FailureSpec.none(), new CheckpointSpec(3600, 60, 0), s,
                RunModel.Replicas.uniform(128, 1, 10), 1);
        double factor = s.expectedStepFactor(1024);
        assertTrue(factor > 1.1, "a 1,024-chip step usually has a straggler: " + factor);
        RunResult r = trial(model, 0);
        long checkpoints = 27; // every 3,600 s of work in 100,000 s
        assertEquals(checkpoints, r.checkpointsWritten());
        assertEquals(100_000e9 * factor + checkpoints * 60e9, r.wallClockNanos(), 100 * 1e0 * 28);
        assertEquals(100_000e9 * (factor - 1), r.stragglerNanos(), 28 * 2);
        assertAddsUp(r, "stragglers");
    }

    /**
     * No spares and a fixed repair time of two hours: each failure waits for its node for the repair
     * time less the detection (overlapping failures are rare at this rate).
     */
    @Test
    void withoutSparesTheJobWaitsForTheRepair() {
        double repair = 2 * HOUR, detection = 300;
        FailureSpec failures = new FailureSpec(List.of(nodeClass("host", 1e-4, new RepairTime(repair, 0))), detection,
                600, new FailureSpec.Spares(0, false), null);
        RunModel model = new RunModel(CLUSTER, 10, 100_000, failures, new CheckpointSpec(1800, 30, 120), 4);
        double waiting = 0, waits = 0;
        for (int t = 0; t < 100; t++) {
            RunResult r = trial(model, t);
            assertAddsUp(r, "trial " + t);
            assertEquals(0, r.sparesUsed());
            waiting += r.waitingNanos() / 1e9;
            waits += r.repairWaits();
        }
        assertTrue(waits > 250, "about 0.0128 failures per hour over ~280 h: " + waits);
        assertEquals(repair - detection, waiting / waits, 0.03 * (repair - detection));
    }

    /** Plenty of spares: every node failure is a swap, nobody waits. */
    @Test
    void withSparesNodesAreSwapped() {
        FailureSpec failures = new FailureSpec(List.of(nodeClass("host", 1e-4, new RepairTime(2 * HOUR, 1))), 300,
                600, new FailureSpec.Spares(8, false), null);
        RunModel model = new RunModel(CLUSTER, 10, 100_000, failures, new CheckpointSpec(1800, 30, 120), 4);
        for (int t = 0; t < 20; t++) {
            RunResult r = trial(model, t);
            assertEquals(r.interruptions(), r.sparesUsed());
            assertEquals(0, r.waitingNanos());
        }
    }

    /** Shrinking instead of waiting: no waiting; the time on fewer replicas is the lost throughput. */
    @Test
    void shrinkingRunsDegradedInsteadOfWaiting() {
        FailureSpec failures = new FailureSpec(List.of(nodeClass("host", 3e-4, new RepairTime(24 * HOUR, 0))), 300,
                600, new FailureSpec.Spares(0, true), null);
        RunModel model = new RunModel(CLUSTER, 10, 100_000, failures, new CheckpointSpec(1800, 30, 120),
                StragglerSpec.none(), RunModel.Replicas.uniform(128, 1, 10), 4);
        RunResult r = trial(model, 0);
        assertAddsUp(r, "shrink");
        assertEquals(0, r.waitingNanos());
        assertTrue(r.degradedNanos() > 0);
        // never more than the replicas that were missing: a few of 128 for a day at a time
        assertTrue(r.degradedNanos() < 0.1 * r.usefulNanos(), r.toString());
    }

    /** Planned maintenance: Poisson stops at the given mean gap; nothing lost; each writes a checkpoint. */
    @Test
    void maintenanceStopsLoseNothing() {
        double gap = 50 * HOUR, duration = 1800;
        FailureSpec failures = FailureSpec.none().withMaintenance(new FailureSpec.Maintenance(gap, duration))
                .withClasses(List.of());
        RunModel model = new RunModel(CLUSTER, 10, 100_000, new FailureSpec(List.of(), 300, 600,
                FailureSpec.Spares.UNLIMITED, new FailureSpec.Maintenance(gap, duration)),
                new CheckpointSpec(3600, 60, 120), 8);
        assertTrue(failures.any());
        double stops = 0, hours = 0, maintenance = 0, restarts = 0;
        for (int t = 0; t < 300; t++) {
            RunResult r = trial(model, t);
            assertAddsUp(r, "trial " + t);
            assertEquals(0, r.lostWorkNanos());
            assertEquals(0, r.detectionNanos());
            long n = r.interruptionsByCause().getOrDefault("maintenance", 0L);
            stops += n;
            hours += r.wallClockNanos() / 3600e9;
            maintenance += r.maintenanceNanos() / 1e9;
            restarts += (r.restartNanos() + r.restoreNanos()) / 1e9;
        }
        // a stop that comes during another one's restart cuts it short: rare at this gap
        assertEquals(stops * duration, maintenance, 0.02 * stops * duration);
        assertEquals(stops * (600 + 120), restarts, 0.02 * stops * 720);
        assertEquals(hours / 50, stops, 4 * Math.sqrt(stops), "Wald: stops = wall clock / gap");
    }

    /** A datacenter outage: the job waits until the power is back, and loses the in-memory replica. */
    @Test
    void outagesWaitForThePowerAndRestoreFromStorage() {
        double outage = 3 * HOUR, detection = 300;
        FailureSpec failures = new FailureSpec(List.of(new FailureClass("power", Scope.DATACENTER, 1, 1.0 / 100,
                Lifetime.EXPONENTIAL, Effect.OUTAGE, new RepairTime(outage, 0))), detection, 600,
                FailureSpec.Spares.UNLIMITED, null);
        CheckpointSpec checkpoint = new CheckpointSpec(1800, 100, 400).asynchronous(5, true, 20);
        RunModel model = new RunModel(CLUSTER, 10, 100_000, failures, checkpoint, 2);
        double waits = 0, outages = 0;
        for (int t = 0; t < 50; t++) {
            RunResult r = trial(model, t);
            assertAddsUp(r, "trial " + t);
            long n = r.interruptions();
            outages += n;
            waits += r.waitingNanos() / 1e9;
            assertEquals(n * 400e9, r.restoreNanos(), 2 * 400e9, "restores from storage, not peer memory");
        }
        assertEquals(outage - detection, waits / outages, 0.05 * outage);
    }

    /**
     * Asynchronous checkpoints stall only for the snapshot; a failure during the background copy
     * loses it. With a peer replica a single-node failure restores from memory.
     */
    @Test
    void asyncCheckpointsStallLessAndPeerRestoresFromMemory() {
        FailureSpec failures = new FailureSpec(List.of(nodeClass("host", 1e-3, null)), 60, 300,
                FailureSpec.Spares.UNLIMITED, null);
        CheckpointSpec sync = new CheckpointSpec(1800, 300, 400);
        CheckpointSpec async = sync.asynchronous(5, false, 0);
        CheckpointSpec peer = sync.asynchronous(5, true, 20);
        double[] wall = new double[3];
        long lost = 0, interruptions = 0;
        double restorePeer = 0;
        for (int t = 0; t < 60; t++) {
            int i = 0;
            for (CheckpointSpec c : new CheckpointSpec[] {sync, async, peer}) {
                RunResult r = trial(new RunModel(CLUSTER, 10, 50_000, failures, c, 6), t);
                assertAddsUp(r, c + " trial " + t);
                wall[i++] += r.wallClockNanos();
                if (c == async) {
                    lost += r.checkpointsLost();
                    interruptions += r.interruptions();
                }
                if (c == peer) {
                    restorePeer += r.restoreNanos() / 1e9 / Math.max(1, r.interruptions());
                }
            }
        }
        assertTrue(wall[1] < wall[0], "async beats a 300 s synchronous stall");
        assertTrue(wall[2] < wall[1], "peer memory beats storage");
        // a failure lands in a 300 s copy of each 1,805 s cycle about a sixth of the time
        double share = (double) lost / interruptions;
        assertEquals(300.0 / 1805, share, 0.05, "lost copies per failure");
        // from peer memory (20 s) but for failures before the first snapshot (from storage, 400 s)
        assertTrue(restorePeer / 60 < 40, "mean restore " + restorePeer / 60);
    }

    /** The message of a trial that gives up, or null if it finishes. */
    private static String gaveUp(RunModel model, int index) {
        try {
            trial(model, index);
            return null;
        } catch (io.clustersim.core.engine.SimulationException e) {
            assertTrue(e.getMessage().contains("the run makes no headway"), e.getMessage());
            return e.getMessage();
        }
    }

    /** The share of the wall clock the message gives the dominant cause, percent. */
    private static double dominantShare(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("the dominant cause is (.+?), (\\d+)% of the wall clock")
                .matcher(message);
        assertTrue(m.find(), message);
        return Double.parseDouble(m.group(2));
    }

    /**
     * A run that gets most of the way, then runs out of spares for good: two spares, a node failure
     * every ten days on average and repairs of a year. The trial must not read as "mostly done" —
     * the message names the wait for repairs, with the M/G/∞ numbers: 0.1 node failures a day ×
     * 8,760 h of repair = 36.5 nodes in repair against 2 spares (all back 0.0% of the time).
     */
    @Test
    void noHeadwayWaitingForRepairsIsNamed() {
        double perNodeHour = 0.1 / 24 / 128;
        FailureSpec failures = new FailureSpec(List.of(nodeClass("host", perNodeHour, new RepairTime(365 * 86_400.0, 0))),
                300, 600, new FailureSpec.Spares(2, false), null);
        RunModel model = new RunModel(CLUSTER, 10, 259_200, failures, new CheckpointSpec(1800, 30, 120), 4); // 30 days
        String message = null;
        for (int t = 0; t < 20 && message == null; t++) {
            message = gaveUp(model, t);
        }
        assertTrue(message != null, "some trial exhausts the pool (the third failure before day 30 about half the time)");
        assertTrue(message.contains("the dominant cause is waiting for repaired nodes with no spare left"), message);
        assertTrue(dominantShare(message) >= 90, message);
        assertTrue(message.contains("nodes fail 0.10 times a day and a repair takes 8760.0 h on average, so ~36.5 nodes"
                + " are in repair at any time against 2 spare nodes — every node is back only 0.0% of the time"), message);
        assertTrue(message.contains("when-exhausted = shrink"), message);
        java.util.regex.Matcher done = java.util.regex.Pattern.compile("it has done ([\\d.]+)% of its training").matcher(message);
        assertTrue(done.find(), message);
        assertTrue(Double.parseDouble(done.group(1)) > 5, "progress was made before the pool ran dry: " + message);
    }

    /**
     * Restarts that take longer than the time between failures: a software crash every 6 minutes
     * fleet-wide (restart only), 5 min detection + 15 min restart + 2 min restore. Most recoveries are
     * cut short by the next failure, so the message names recovery against the 6.0 min MTTF.
     */
    @Test
    void noHeadwayRecoveryLongerThanMttfIsNamed() {
        FailureSpec failures = new FailureSpec(List.of(new FailureClass("software", Scope.NODE, 1, 10.0 / 128,
                Lifetime.EXPONENTIAL, Effect.RESTART, null)), 300, 900, FailureSpec.Spares.UNLIMITED, null);
        RunModel model = new RunModel(CLUSTER, 10, 10_000, failures, new CheckpointSpec(1800, 30, 120), 5);
        assertEquals(360, model.mttfSeconds(), 1e-9);
        String message = gaveUp(model, 0);
        assertTrue(message != null, "Daly: ~1,250x the failure-free time, the trial must give up");
        assertTrue(message.contains("the dominant cause is recovery (detection, restart, restore)"), message);
        assertTrue(dominantShare(message) >= 80, message);
        assertTrue(message.contains("a full recovery takes 22.0 min against a failure every 6.0 min (the fleet's MTTF)"),
                message);
        assertTrue(!message.contains("dominant cause is waiting"), message);
    }

    /** Outages of 5,000 h every 10 h: the wait for the datacenter is named. */
    @Test
    void noHeadwayOutagesAreNamed() {
        FailureSpec failures = new FailureSpec(List.of(new FailureClass("power", Scope.DATACENTER, 1, 0.1,
                Lifetime.EXPONENTIAL, Effect.OUTAGE, new RepairTime(5000 * HOUR, 0))), 60, 300, FailureSpec.Spares.UNLIMITED,
                null);
        RunModel model = new RunModel(CLUSTER, 10, 10_000, failures, new CheckpointSpec(1800, 30, 120), 6);
        String message = gaveUp(model, 0);
        assertTrue(message != null);
        assertTrue(message.contains("the dominant cause is waiting for a datacenter or WAN link to come back"), message);
        assertTrue(dominantShare(message) >= 90, message);
        assertTrue(message.contains("outages or splits of the fleet; the job stood waiting 11"), message);
    }
}
