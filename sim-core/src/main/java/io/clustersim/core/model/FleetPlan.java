package io.clustersim.core.model;

import io.clustersim.topology.Datacenter;
import io.clustersim.topology.Fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * How a plan for the whole fleet falls on its datacenters, and whether it can.
 *
 * <p>The scenario's plan is for the whole fleet (tp × cp × pp × dp = all chips). With
 * hierarchical DP or DiLoCo each datacenter holds whole replicas: {@code dp_i = chips_i / (tp·cp·pp)},
 * and its share of the global batch is {@code dp_i × micro-batch × micro-batches per replica}
 * (every replica runs the same micro-batches). With the pipeline split, each datacenter holds
 * {@code pp_i = chips_i / (tp·cp·dp)} consecutive stages of every replica, in the order listed.
 *
 * <pre>{@code
 * FleetPlan split = FleetPlan.split(model, fleet, plan, CrossDcSpec.Method.HIERARCHICAL_DP);
 * if (split.problems().isEmpty()) { ParallelismPlan first = split.sitePlans().get(0); }
 * }</pre>
 *
 * @param sitePlans per datacenter (hierarchical DP, DiLoCo) or one plan for the whole pipeline;
 *                  empty when there are problems
 * @param stagesPerSite pipeline stages per datacenter (pipeline split only, else empty)
 * @param problems  what is wrong, each naming its scenario key
 */
public record FleetPlan(List<ParallelismPlan> sitePlans, List<Integer> stagesPerSite, List<Problem> problems) {

    public FleetPlan {
        sitePlans = List.copyOf(sitePlans);
        stagesPerSite = List.copyOf(stagesPerSite);
        problems = List.copyOf(problems);
    }

    /** Splits {@code plan} over the fleet for {@code method}. */
    public static FleetPlan split(TransformerSpec model, Fleet fleet, ParallelismPlan plan, CrossDcSpec.Method method) {
        if (!fleet.multiSite()) {
            List<Problem> problems = PlanValidator.problems(model, fleet.datacenters().get(0).cluster(), plan);
            return new FleetPlan(problems.isEmpty() ? List.of(plan) : List.of(), List.of(), problems);
        }
        List<Problem> problems = new ArrayList<>();
        if (plan.chips() != fleet.chips()) {
            problems.add(new Problem("parallelism", "tp × cp × pp × dp = " + plan.tensor() + " × " + plan.context()
                    + " × " + plan.pipeline() + " × " + plan.data() + " = " + plan.chips()
                    + " chips, but the datacenters have " + fleet.chips() + " together"));
            return new FleetPlan(List.of(), List.of(), problems);
        }
        if (method == CrossDcSpec.Method.PIPELINE) {
            return pipeline(model, fleet, plan, problems);
        }
        long replica = (long) plan.tensor() * plan.context() * plan.pipeline();
        int m = plan.microBatchesPerReplica();
        if (plan.globalBatch() % ((long) plan.data() * plan.microBatch()) != 0) {
            problems.addAll(PlanValidator.problems(model, fleet.combinedCluster(), plan));
            return new FleetPlan(List.of(), List.of(), problems);
        }
        List<ParallelismPlan> plans = new ArrayList<>();
        for (int i = 0; i < fleet.datacenters().size(); i++) {
            Datacenter dc = fleet.datacenters().get(i);
            if (dc.chips() % replica != 0) {
                problems.add(new Problem(chipsKey(i), dc.name() + ": " + dc.chips()
                        + " chips do not hold whole replicas of tp × cp × pp = " + replica + " chips ("
                        + method.key() + " keeps every replica inside one datacenter)"));
                continue;
            }
            int dpHere = (int) (dc.chips() / replica);
            ParallelismPlan p = withData(plan, dpHere, dpHere * plan.microBatch() * m);
            for (Problem problem : PlanValidator.problems(model, dc.cluster(), p)) {
                problems.add(new Problem(problem.key(), dc.name() + ": " + problem.message()));
            }
            plans.add(p);
        }
        return new FleetPlan(problems.isEmpty() ? plans : List.of(), List.of(), problems);
    }

    private static FleetPlan pipeline(TransformerSpec model, Fleet fleet, ParallelismPlan plan, List<Problem> problems) {
        if (!fleet.homogeneous()) {
            problems.add(new Problem("parallelism.cross-dc", "pipeline across datacenters needs the same chip in every"
                    + " datacenter (stages run in lockstep); use hierarchical-dp or diloco for mixed fleets"));
        }
        long stageChips = (long) plan.tensor() * plan.context() * plan.data();
        List<Integer> stages = new ArrayList<>();
        for (int i = 0; i < fleet.datacenters().size(); i++) {
            Datacenter dc = fleet.datacenters().get(i);
            if (dc.chips() % stageChips != 0) {
                problems.add(new Problem(chipsKey(i), dc.name() + ": " + dc.chips()
                        + " chips do not hold whole pipeline stages of tp × cp × dp = " + stageChips + " chips"));
            } else {
                stages.add((int) (dc.chips() / stageChips));
            }
            if (!dc.cluster().scaleOut().equals(fleet.datacenters().get(0).cluster().scaleOut())
                    || dc.cluster().scaleUpDomainChips() != fleet.datacenters().get(0).cluster().scaleUpDomainChips()) {
                problems.add(new Problem("parallelism.cross-dc", "pipeline across datacenters needs the same scale-up"
                        + " domain and scale-out fabric in every datacenter (" + dc.name() + " differs)"));
            }
        }
        if (problems.isEmpty()) {
            problems.addAll(PlanValidator.problems(model, fleet.combinedCluster(), plan));
        }
        return problems.isEmpty() ? new FleetPlan(List.of(plan), stages, List.of())
                : new FleetPlan(List.of(), List.of(), problems);
    }

    private static String chipsKey(int index) {
        return "fleet.datacenters[" + index + "].chips";
    }

    /** {@code plan} with another dp and global batch. */
    public static ParallelismPlan withData(ParallelismPlan plan, int data, int globalBatch) {
        return plan.withLayout(plan.pipeline(), data, globalBatch);
    }
}
