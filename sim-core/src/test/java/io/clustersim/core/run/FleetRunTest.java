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

/**
 * Datacenters and WAN links as entities of the run model: power outages and fibre cuts, the
 * WAIT and CONTINUE policies, per-site spare pools — against Daly's expectation and against
 * expectations worked out by hand from the rates and durations.
 */
class FleetRunTest {

    static final double HOUR = 3600;
    /** 1,024 chips in two sites of 512 (64 nodes each). */
    static final ClusterSpec CLUSTER = new ClusterSpec(ChipCatalog.standard().require("h100-sxm"), 1024, 8, 8,
            new ScaleOutFabric(400e9, 1e-6, 1024, 1));

    static RunResult trial(RunModel model, int index) {
        return (RunResult) InlineEngine.run(model.trial(index)).result();
    }

    static void assertAddsUp(RunResult r) {
        assertEquals(r.wallClockNanos(), r.usefulNanos() + r.lostWorkNanos() + r.checkpointNanos() + r.detectionNanos()
                + r.restartNanos() + r.restoreNanos() + r.waitingNanos() + r.maintenanceNanos() + r.stragglerNanos()
                + r.degradedNanos(), r.toString());
    }

    static FailureClass power(double perSiteHour, double outageSeconds) {
        return new FailureClass("power", Scope.DATACENTER, 1, perSiteHour, Lifetime.EXPONENTIAL, Effect.OUTAGE,
                new RepairTime(outageSeconds, 0));
    }

    static List<FleetLayout.Site> twoSites(int spares0, int spares1) {
        return List.of(new FleetLayout.Site("a", 512, 64, spares0), new FleetLayout.Site("b", 512, 64, spares1));
    }

    /** Both sites: full speed; one of them: half (each holds half of the replicas). */
    static final FleetLayout.SiteThroughput HALVES = (sites, links) -> Long.bitCount(sites) / 2.0;

    static RunModel model(FailureSpec failures, CheckpointSpec checkpoint, long steps, FleetLayout layout, long seed) {
        return new RunModel(CLUSTER, 10.0, steps, failures, checkpoint, StragglerSpec.none(),
                RunModel.Replicas.uniform(128, 1, 10.0), seed, layout);
    }

    @Test
    void oneSiteLayoutIsTheSingleSiteModel() {
        FailureSpec failures = new FailureSpec(List.of(new FailureClass("host", Scope.NODE, 1, 1e-3, Lifetime.EXPONENTIAL,
                Effect.REPLACE_NODE, null), power(1.0 / 300, 1800)), 300, 600, FailureSpec.Spares.UNLIMITED, null);
        CheckpointSpec checkpoint = new CheckpointSpec(1800, 30, 120);
        RunModel plain = new RunModel(CLUSTER, 10.0, 50_000, failures, checkpoint, 8);
        RunModel layout = model(failures, checkpoint, 50_000, FleetLayout.single(CLUSTER), 8);
        for (int t = 0; t < 10; t++) {
            assertEquals(trial(plain, t), trial(layout, t));
        }
    }

    /**
     * WAIT: an outage of either site stops the job until the site is back, then it restarts and
     * restores; two sites failing at λ each are one process of 2λ, so the mean wall clock is Daly's
     * with M = 1/(2λ) and a recovery of outage + restart + restore (failures during it restart it).
     */
    @Test
    void waitingForLostSitesMatchesDalysExpectation() {
        double mttf = 36_000, outage = 1_800, restart = 600, restore = 300, write = 60, tau = 2_000;
        FailureSpec failures = new FailureSpec(List.of(power(HOUR / mttf / 2, outage)), 0, restart,
                FailureSpec.Spares.UNLIMITED, null);
        FleetLayout layout = new FleetLayout(twoSites(-1, -1), List.of(new FleetLayout.Link("a–b", 0, 1, 0, null)),
                FleetLayout.SiteLossPolicy.WAIT, HALVES);
        RunModel model = model(failures, new CheckpointSpec(tau, write, restore), 100_000, layout, 5);
        assertEquals(mttf, model.mttfSeconds(), 1e-6);
        int trials = 400;
        double sum = 0, sum2 = 0;
        for (int t = 0; t < trials; t++) {
            RunResult r = trial(model, t);
            assertAddsUp(r);
            assertEquals(0, r.degradedNanos(), "WAIT never runs on part of the fleet");
            double wall = r.wallClockNanos() / 1e9;
            sum += wall;
            sum2 += wall * wall;
        }
        double mean = sum / trials;
        double stdErr = Math.sqrt((sum2 / trials - mean * mean) / trials);
        double expected = YoungDaly.expectedWallSeconds(1e6, tau, write, outage + restart + restore, mttf);
        assertTrue(Math.abs(mean - expected) < 4 * stdErr + write, "mean " + mean + " vs Daly " + expected + " ± " + stdErr);
    }

    /**
     * CONTINUE: a lost site costs its share of the throughput while it is out, not the whole job:
     * per outage of D seconds the job runs D at half speed (D/2 degraded) and waits for nothing,
     * then takes the site back at a planned stop ("rejoin"). WAIT instead waits D.
     */
    @Test
    void continuingOnTheSurvivingSiteLosesItsShareNotTheJob() {
        double outage = 600;
        FailureSpec failures = new FailureSpec(List.of(power(1.0 / 20, outage)), 0, 0, FailureSpec.Spares.UNLIMITED, null);
        CheckpointSpec checkpoint = new CheckpointSpec(100, 0, 0);
        List<FleetLayout.Link> link = List.of(new FleetLayout.Link("a–b", 0, 1, 0, null));
        RunModel go = model(failures, checkpoint, 200_000,
                new FleetLayout(twoSites(-1, -1), link, FleetLayout.SiteLossPolicy.CONTINUE, HALVES), 3);
        RunModel stop = model(failures, checkpoint, 200_000,
                new FleetLayout(twoSites(-1, -1), link, FleetLayout.SiteLossPolicy.WAIT, HALVES), 3);
        double degraded = 0, waitingGo = 0, waitingStop = 0, outagesGo = 0, outagesStop = 0, rejoins = 0;
        for (int t = 0; t < 40; t++) {
            RunResult g = trial(go, t), s = trial(stop, t);
            assertAddsUp(g);
            assertAddsUp(s);
            degraded += g.degradedNanos() / 1e9;
            waitingGo += g.waitingNanos() / 1e9;
            waitingStop += s.waitingNanos() / 1e9;
            outagesGo += g.interruptionsByCause().getOrDefault("power", 0L);
            outagesStop += s.interruptionsByCause().getOrDefault("power", 0L);
            rejoins += g.interruptionsByCause().getOrDefault("rejoin", 0L);
        }
        assertTrue(outagesGo > 500, "outages " + outagesGo);
        // overlaps (both sites out: λ·D ≈ 0.8%) and outages the run outlives are the only departures
        assertEquals(outage / 2, degraded / outagesGo, 0.03 * outage / 2);
        assertTrue(waitingGo < 0.03 * outage * outagesGo, "waiting " + waitingGo);
        assertEquals(outage, waitingStop / outagesStop, 0.03 * outage);
        assertEquals(outagesGo, rejoins, 0.03 * outagesGo);
    }

    /**
     * A fibre cut on a triangle reroutes: the job restarts at the slower speed of two links until
     * the repair, then rejoins; cuts come at 1 per day of each link's uptime. A cut of the only
     * link between two sites splits them: WAIT waits for the repair, CONTINUE runs on the faster
     * side.
     */
    @Test
    void wanCutsRerouteOrSplitTheFleet() {
        double repair = 2 * HOUR, perDay = 0.1;
        List<FleetLayout.Site> three = List.of(new FleetLayout.Site("a", 512, 64, -1), new FleetLayout.Site("b", 256, 32, -1),
                new FleetLayout.Site("c", 256, 32, -1));
        RepairTime fixed = new RepairTime(repair, 0);
        List<FleetLayout.Link> triangle = List.of(new FleetLayout.Link("a–b", 0, 1, perDay / 24, fixed),
                new FleetLayout.Link("b–c", 1, 2, perDay / 24, fixed), new FleetLayout.Link("a–c", 0, 2, perDay / 24, fixed));
        FleetLayout.SiteThroughput speeds = (sites, links) -> sites == 7 ? (Long.bitCount(links) == 3 ? 1.0 : 0.8) : 0.3;
        RunModel model = model(FailureSpec.none(), new CheckpointSpec(100, 0, 0), 200_000,
                new FleetLayout(three, triangle, FleetLayout.SiteLossPolicy.WAIT, speeds), 17);
        double cuts = 0, expectedCuts = 0, degraded = 0, waiting = 0;
        int trials = 60;
        for (int t = 0; t < trials; t++) {
            RunResult r = trial(model, t);
            assertAddsUp(r);
            cuts += r.interruptionsByCause().getOrDefault("wan-link", 0L);
            // each link alternates 10 days (mean) up and 2 h down
            expectedCuts += 3 * (r.wallClockNanos() / 1e9) / (24 * HOUR / perDay + repair);
            degraded += r.degradedNanos() / 1e9;
            waiting += r.waitingNanos() / 1e9;
        }
        assertTrue(Math.abs(cuts - expectedCuts) < 4 * Math.sqrt(expectedCuts), cuts + " cuts vs " + expectedCuts);
        // 2 h at 0.8 speed per cut; a second cut while one is down (~2 × 2 h / 240 h of cuts) splits
        // the triangle and waits instead
        assertEquals(repair * 0.2, degraded / cuts, 0.05 * repair * 0.2);
        assertTrue(waiting < 0.05 * cuts * repair, "waiting " + waiting);

        List<FleetLayout.Link> one = List.of(new FleetLayout.Link("a–b", 0, 1, perDay / 24, fixed));
        FleetLayout.SiteThroughput aFaster = (sites, links) -> sites == 3 ? 1.0 : sites == 1 ? 0.6 : 0.4;
        double[] degradedBy = new double[2], waitingBy = new double[2], cutsBy = new double[2];
        for (FleetLayout.SiteLossPolicy policy : FleetLayout.SiteLossPolicy.values()) {
            RunModel split = model(FailureSpec.none(), new CheckpointSpec(100, 0, 0), 200_000,
                    new FleetLayout(twoSites(-1, -1), one, policy, aFaster), 19);
            for (int t = 0; t < trials; t++) {
                RunResult r = trial(split, t);
                assertAddsUp(r);
                degradedBy[policy.ordinal()] += r.degradedNanos() / 1e9;
                waitingBy[policy.ordinal()] += r.waitingNanos() / 1e9;
                cutsBy[policy.ordinal()] += r.interruptionsByCause().getOrDefault("wan-link", 0L);
            }
        }
        int wait = FleetLayout.SiteLossPolicy.WAIT.ordinal(), go = FleetLayout.SiteLossPolicy.CONTINUE.ordinal();
        assertEquals(repair, waitingBy[wait] / cutsBy[wait], 0.02 * repair);
        assertEquals(0, degradedBy[wait]);
        assertEquals(repair * 0.4, degradedBy[go] / cutsBy[go], 0.02 * repair * 0.4); // on site a alone at 0.6
        assertEquals(0, waitingBy[go]);
    }

    /**
     * Each site has its own spare pool: with none at site a and plenty at b, the node failures of
     * site a (half of them: the sites are the same size) wait for a repair, b's are swapped.
     */
    @Test
    void eachSiteHasItsOwnSparePool() {
        FailureClass host = new FailureClass("host", Scope.NODE, 1, 1e-3, Lifetime.EXPONENTIAL, Effect.REPLACE_NODE,
                new RepairTime(1800, 0));
        FailureSpec failures = new FailureSpec(List.of(host), 0, 300, FailureSpec.Spares.UNLIMITED, null);
        RunModel model = model(failures, new CheckpointSpec(1800, 0, 0), 50_000,
                new FleetLayout(twoSites(0, 10_000), List.of(new FleetLayout.Link("a–b", 0, 1, 0, null)),
                        FleetLayout.SiteLossPolicy.WAIT, HALVES), 23);
        double failuresSeen = 0, waits = 0, swaps = 0;
        for (int t = 0; t < 40; t++) {
            RunResult r = trial(model, t);
            assertAddsUp(r);
            failuresSeen += r.interruptionsByCause().getOrDefault("host", 0L);
            waits += r.repairWaits();
            swaps += r.sparesUsed();
        }
        assertTrue(failuresSeen > 500, "failures " + failuresSeen);
        // site b swaps every one of its failures, site a none: swaps are binomial(failures, 1/2)
        double sd = Math.sqrt(failuresSeen * 0.25);
        assertTrue(Math.abs(swaps - failuresSeen / 2) < 4 * sd, swaps + " swaps of " + failuresSeen);
        // every failure at a waits for its repair (and a failure at b during such a wait waits too)
        assertTrue(waits >= failuresSeen - swaps, waits + " waits, " + swaps + " swaps of " + failuresSeen);
    }
}
