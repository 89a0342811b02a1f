package io.clustersim.core;

import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.core.model.FleetPlan;
import io.clustersim.core.model.FleetStepEstimate;
import io.clustersim.core.model.MultiDatacenterStepModel;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.model.StepModel;
import io.clustersim.core.run.FailureClass;
import io.clustersim.core.run.FleetLayout;
import io.clustersim.core.run.RunModel;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Datacenter;
import io.clustersim.topology.Fleet;
import io.clustersim.topology.WanLink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the run model needs from the step model, as functions it can call during a trial: the
 * step time on fewer data-parallel replicas ({@link #replicas}) and the throughput on any
 * connected part of a fleet of datacenters ({@link #layout}). The adaptor between the two models,
 * which know nothing of each other ({@code run} does not depend on {@code model}); it takes a
 * {@link Scenario}, so it lives in this package. Stateless; each function it returns memoises its
 * own evaluations.
 *
 * <pre>{@code
 * RunModel.Replicas r = RunInputs.replicas(planned, fullStep);
 * double stepOn14 = r.stepSecondsAt().applyAsDouble(14);
 * }</pre>
 */
final class RunInputs {

    /** Hours in a year (365.25 days), for cut rates given per year. */
    private static final double HOURS_PER_YEAR = 8_766;

    private RunInputs() {
    }

    /**
     * The plan's data-parallel replicas for the run model: how many a node failure takes out (a
     * node holds chips of max(1, chips-per-node / (tp·cp)) replicas, TP and CP innermost), and the
     * step time on fewer replicas, each keeping its share of the batch — the step model re-evaluated
     * (memoised; a plan the step model refuses at that size keeps the full job's step time).
     */
    static RunModel.Replicas replicas(Scenario scenario, StepEstimate full) {
        ParallelismPlan p = scenario.parallelism();
        ClusterSpec cluster = scenario.cluster();
        int perNode = Math.max(1, cluster.chipsPerNode() / (p.tensor() * p.context()));
        if (scenario.fleet().multiSite()) {
            // several datacenters: a lost node's replicas cost their share of the tokens, the step
            // time stays (losing whole datacenters is the layout's business, re-evaluated there)
            return RunModel.Replicas.uniform(p.data(), perNode, full.seconds());
        }
        int perReplicaBatch = p.globalBatch() / p.data();
        StepModel model = Planner.stepModel(scenario);
        Map<Integer, Double> memo = new ConcurrentHashMap<>();
        return new RunModel.Replicas(p.data(), perNode, k -> k >= p.data() || k <= 0 ? full.seconds()
                : memo.computeIfAbsent(k, dp -> {
                    long chips = (long) p.tensor() * p.context() * p.pipeline() * dp;
                    if (chips % cluster.chipsPerNode() != 0
                            || (long) p.tensor() * p.context() * dp % ((long) p.expert() * p.expertTensor()) != 0) {
                        return full.seconds();
                    }
                    ParallelismPlan smaller = p.withLayout(p.pipeline(), dp, perReplicaBatch * dp);
                    ClusterSpec fewer = new ClusterSpec(cluster.chip(), (int) chips, cluster.chipsPerNode(),
                            cluster.scaleUpDomainChips(), cluster.scaleOut());
                    try {
                        return model.estimate(scenario.model(), fewer, smaller).seconds();
                    } catch (RuntimeException e) {
                        return full.seconds();
                    }
                }));
    }

    /**
     * The fleet's datacenters and WAN links for the run model: each site's chips, nodes and own
     * spare pool, each link's cuts, the scenario's policy for a lost site, and the job's throughput
     * on any connected part of the fleet (the fleet step re-evaluated there, memoised).
     */
    static FleetLayout layout(Scenario scenario, FleetStepEstimate full) {
        Fleet fleet = scenario.fleet();
        List<FleetLayout.Site> sites = new ArrayList<>();
        for (Datacenter dc : fleet.datacenters()) {
            sites.add(new FleetLayout.Site(dc.name(), dc.chips(), dc.cluster().nodes(), dc.hotSpareNodes()));
        }
        if (!fleet.multiSite()) {
            return new FleetLayout(sites, List.of(), FleetLayout.SiteLossPolicy.WAIT, (a, b) -> 1.0);
        }
        List<FleetLayout.Link> links = new ArrayList<>();
        for (WanLink l : fleet.links()) {
            WanLink.Reliability r = l.reliability();
            links.add(new FleetLayout.Link(l.a() + "–" + l.b(), fleet.indexOf(l.a()), fleet.indexOf(l.b()),
                    r.cutsPerYear() / HOURS_PER_YEAR, r.cutsPerYear() > 0
                            ? new FailureClass.RepairTime(r.repairMedianSeconds(), r.repairSigma()) : null));
        }
        FleetLayout.SiteLossPolicy policy = scenario.crossDc().onSiteLoss() == CrossDcSpec.SiteLoss.CONTINUE
                ? FleetLayout.SiteLossPolicy.CONTINUE : FleetLayout.SiteLossPolicy.WAIT;
        return new FleetLayout(sites, links, policy, throughput(scenario, full));
    }

    /**
     * The job's tokens per second on the datacenters of a site mask over the links of a link mask,
     * over the whole fleet's: each remaining datacenter keeps its replicas and its share of the
     * batch (hierarchical DP, DiLoCo); a pipeline split cannot run without all its datacenters.
     */
    private static FleetLayout.SiteThroughput throughput(Scenario scenario, FleetStepEstimate full) {
        Fleet fleet = scenario.fleet();
        ParallelismPlan plan = scenario.parallelism();
        MultiDatacenterStepModel model = Planner.fleetStepModel(scenario);
        double fullRate = full.step().tokensPerStep() / full.step().seconds();
        int k = fleet.datacenters().size();
        long allSites = (1L << k) - 1;
        long replica = (long) plan.tensor() * plan.context() * plan.pipeline();
        int perReplicaBatch = plan.globalBatch() / plan.data();
        boolean pipeline = scenario.crossDc().method() == CrossDcSpec.Method.PIPELINE;
        Map<List<Long>, Double> memo = new ConcurrentHashMap<>();
        return (sites, links) -> memo.computeIfAbsent(List.of(sites, links), key -> {
            if (pipeline && sites != allSites) {
                return 0.0;
            }
            List<Datacenter> dcs = new ArrayList<>();
            long dp = 0;
            for (int i = 0; i < k; i++) {
                if ((sites & (1L << i)) != 0) {
                    dcs.add(fleet.datacenters().get(i));
                    dp += fleet.datacenters().get(i).chips() / replica;
                }
            }
            List<WanLink> up = new ArrayList<>();
            for (int l = 0; l < fleet.links().size(); l++) {
                WanLink link = fleet.links().get(l);
                if ((links & (1L << l)) != 0 && (sites & (1L << fleet.indexOf(link.a()))) != 0
                        && (sites & (1L << fleet.indexOf(link.b()))) != 0) {
                    up.add(link);
                }
            }
            try {
                Fleet part = new Fleet(dcs, up);
                ParallelismPlan p = pipeline ? plan : FleetPlan.withData(plan, (int) dp, (int) (perReplicaBatch * dp));
                StepEstimate e = model.estimate(scenario.model(), part, p).step();
                return e.tokensPerStep() / e.seconds() / fullRate;
            } catch (IllegalArgumentException e) {
                return 0.0; // cannot run there
            }
        });
    }
}
