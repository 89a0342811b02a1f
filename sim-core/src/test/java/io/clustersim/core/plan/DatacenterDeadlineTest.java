package io.clustersim.core.plan;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.InfeasibleScenarioException;
import io.clustersim.core.Report;
import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.run.CheckpointSpec;
import io.clustersim.core.run.FailureSpec;
import io.clustersim.core.scaling.TrainingTarget;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Datacenter;
import io.clustersim.topology.Fleet;
import io.clustersim.topology.ScaleOutFabric;
import io.clustersim.topology.WanLink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A deadline over candidate datacenters (the first k listed), with an answer known by
 * construction: identical sites, no failures, an ideal network inside each site and a WAN so fast
 * that the fleet scales linearly — so k sites take 1/k of one site's days, and one site's days
 * come from the single-site step model alone.
 */
class DatacenterDeadlineTest {

    static final int SITE_CHIPS = 64;
    /** Divisible by the replicas of 1, 2, 3 and 4 sites (64 × 12): every prefix keeps the batch. */
    static final int GLOBAL_BATCH = 768;
    static final List<String> NAMES = List.of("a", "b", "c", "d");

    static ClusterSim sim;

    @BeforeAll
    static void start() {
        sim = ClusterSim.create(SimOptions.defaults().withThreads(2));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static ClusterSpec site() {
        return new ClusterSpec(DeadlineTest.IDEAL_NETWORK, SITE_CHIPS, 8, 8, new ScaleOutFabric(1e18, 0, SITE_CHIPS, 1));
    }

    /** Four identical sites in a chain a–b–c–d over links of 10^21 b/s and no latency. */
    static Fleet chain() {
        List<Datacenter> dcs = NAMES.stream().map(n -> Datacenter.of(n, site())).toList();
        return new Fleet(dcs, List.of(new WanLink("a", "b", 1e21, 0), new WanLink("b", "c", 1e21, 0),
                new WanLink("c", "d", 1e21, 0)));
    }

    /** DP only with ZeRO-1 over all four sites (the deadline rescales dp to the sites chosen). */
    static Scenario scenario(Fleet fleet, double deadlineDays) {
        ParallelismPlan plan = ParallelismPlan.builder().dp((int) fleet.chips()).globalBatch(GLOBAL_BATCH).zeroStage(1)
                .build();
        return Scenario.builder().name("sites").model(DeadlineTest.GPT_1B)
                .target(new TrainingTarget(2e11).withDeadline(new Deadline(deadlineDays, 0.9, 0, 0)))
                .fleet(fleet).crossDc(CrossDcSpec.hierarchicalDp()).parallelism(plan)
                .failures(FailureSpec.none()).checkpoint(CheckpointSpec.none()).trials(2).build();
    }

    /** One site's failure-free days, from the single-site step model on one site's cluster. */
    static double oneSiteDays() {
        ParallelismPlan plan = ParallelismPlan.builder().dp(SITE_CHIPS).globalBatch(GLOBAL_BATCH).zeroStage(1).build();
        Scenario one = Scenario.builder().name("one").model(DeadlineTest.GPT_1B).targetTokens(2e11).cluster(site())
                .parallelism(plan).build();
        StepEstimate step = sim.step(one);
        return Math.ceil(2e11 / step.tokensPerStep()) * step.seconds() / 86_400;
    }

    @Test
    void picksExactlyTheSitesALinearFleetNeeds() {
        double d1 = oneSiteDays();
        for (int expected = 1; expected <= 4; expected++) {
            // k sites take d1 / k: a deadline of d1 / (expected - 0.5) is met by `expected` sites and
            // missed by one fewer
            double deadline = expected == 1 ? 1.5 * d1 : d1 / (expected - 0.5);
            Report r = sim.run(scenario(chain(), deadline));
            Report.Deadline d = r.deadline();
            System.out.printf("deadline %.3f days (one site %.3f): %s, P90 %.3f days; probes %s%n", deadline, d1,
                    d.datacenters(), d.daysAtConfidence(), d.fleetsSimulated());
            assertEquals("datacenters", d.candidates());
            assertEquals(NAMES.subList(0, expected), d.datacenters());
            assertEquals(expected * SITE_CHIPS, d.chips());
            assertTrue(d.met());
            assertEquals(4, d.candidateFleets());
            assertEquals(4, d.frontierFleets(), "linear scaling: every further site is faster");
            assertEquals(NAMES.subList(0, expected), r.fleet().datacenters().stream().map(Report.Datacenter::name)
                    .toList(), "the run is on the chosen sites");
            for (Report.FleetPoint probe : d.fleetsSimulated()) {
                int k = probe.chips() / SITE_CHIPS;
                assertEquals(NAMES.subList(0, k), probe.datacenters());
                assertEquals(d1 / k, probe.daysAtConfidence(), 3e-3 * d1 / k, k + " sites scale linearly");
                assertEquals(probe.daysAtConfidence() <= deadline, k >= expected, k + " sites");
            }
        }
    }

    @Test
    void failuresPushTheAnswerToOneMoreSiteAndEveryProbeReportsItsP90() {
        // 200 failures per 1,000 node-days (a few a day on these fleets), 5 min detection, 10 min
        // restart, Daly checkpoints of 30 s: the P90 of each set, from a plain run on it, is the scan.
        FailureSpec failures = new FailureSpec(FailureSpec.perChipHourFromPer1000NodeDays(200, 8), 300, 600, "hardware");
        Fleet fleet = chain();
        Scenario base = scenario(fleet, 10).withFailures(failures).withCheckpoint(CheckpointSpec.auto(30, 60))
                .withTrials(40);
        double[] p90 = new double[5], failureFree = new double[5];
        for (int k = 1; k <= 4; k++) {
            Fleet sites = FleetCandidates.prefix(fleet, k);
            Scenario s = base.withFleet(sites, FleetCandidates.scaled(base.parallelism(), (int) sites.chips(),
                    CrossDcSpec.Method.HIERARCHICAL_DP)).withTarget(new TrainingTarget(2e11));
            Report r = sim.run(s);
            p90[k] = r.run().wallClockDays().p90();
            failureFree[k] = r.run().steps() * r.step().seconds() / 86_400;
            System.out.printf("%d sites: P90 %.3f days, %.3f without failures, %.1f interruptions%n", k, p90[k],
                    failureFree[k], r.run().interruptions().mean());
        }
        double deadline = (failureFree[2] + p90[2]) / 2; // two sites meet it without failures, not at P90
        assertTrue(p90[3] <= deadline && failureFree[1] > deadline, "the construction holds");
        Report r = sim.run(base.withTarget(base.target().withDeadline(new Deadline(deadline, 0.9, 0, 0))));
        Report.Deadline d = r.deadline();
        System.out.printf("deadline %.3f days at P90: %s; probes %s%n", deadline, d.datacenters(), d.fleetsSimulated());
        assertEquals(List.of("a", "b", "c"), d.datacenters());
        assertTrue(d.met());
        assertEquals(2, d.fleetsSimulated().size(), "two sites probed (late), then three (in time)");
        for (Report.FleetPoint probe : d.fleetsSimulated()) {
            int k = probe.chips() / SITE_CHIPS;
            assertEquals(p90[k], probe.daysAtConfidence(), 0, k + " sites: the probe's P90 is the plain run's");
            assertEquals(failureFree[k], probe.failureFreeDays(), 1e-9 * failureFree[k]);
        }
        assertEquals(p90[3], r.run().wallClockDays().p90(), 0);
    }

    @Test
    void aDeadlineNoSetMeetsIsReportedAtTheFastest() {
        double d1 = oneSiteDays();
        Report r = sim.run(scenario(chain(), d1 / 5));
        assertFalse(r.deadline().met());
        assertEquals(NAMES, r.deadline().datacenters());
        assertEquals(d1 / 4, r.deadline().daysAtConfidence(), 3e-3 * d1 / 4);
    }

    @Test
    void setsWhoseOwnLinksDoNotConnectThemAreNotCandidates() {
        // a–c, b–c, c–d: the first two sites have no link between them
        Fleet star = chain().withLinks(List.of(new WanLink("a", "c", 1e21, 0), new WanLink("b", "c", 1e21, 0),
                new WanLink("c", "d", 1e21, 0)));
        List<FleetCandidates.Sites> sets = FleetCandidates.sites(star, new Deadline(10, 0.9, 0, 0));
        assertEquals(List.of(1, 3, 4), sets.stream().map(FleetCandidates.Sites::count).toList());
        assertEquals(List.of(0, 2, 3), sets.stream().map(s -> s.fleet().links().size()).toList(),
                "each set keeps the links among its own sites");
        Report r = sim.run(scenario(star, oneSiteDays() / 1.5)); // two sites would do; the next set is three
        assertEquals(3, r.deadline().candidateFleets());
        assertEquals(List.of("a", "b", "c"), r.deadline().datacenters());
        // min-chips leaves out the small sets
        assertEquals(List.of(3, 4), FleetCandidates.sites(star, new Deadline(10, 0.9, 129, 0)).stream()
                .map(FleetCandidates.Sites::count).toList());
    }

    @Test
    void chipsStepIsRefusedOverDatacenters() {
        Scenario s = scenario(chain(), 10);
        Scenario stepped = s.withTarget(s.target().withDeadline(new Deadline(10, 0.9, 0, 64)));
        InfeasibleScenarioException e = assertThrows(InfeasibleScenarioException.class, () -> sim.run(stepped));
        assertEquals("target.chips-step", e.problems().get(0).key());
    }
}
