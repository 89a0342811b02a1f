package io.clustersim.core.sweep;

import org.apache.commons.math3.util.ArithmeticUtils;
import io.clustersim.core.Scenario;
import io.clustersim.core.model.CriticalBatch;
import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.core.model.FleetPlan;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.topology.Datacenter;
import io.clustersim.topology.Fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * A scenario resized to another number of chips, as a capacity planner would: the model
 * parallelism (tp, cp, pp and the virtual stages) stays, the data-parallel degree changes, every
 * datacenter grows or shrinks in proportion to its share of the base fleet, and the global batch
 * follows the {@link BatchPolicy}. The target keeps holding at the base scenario's batch, so a
 * larger batch is charged the extra tokens the critical batch says it needs.
 *
 * <p>Granularity: with hierarchical DP and DiLoCo (and one datacenter) a datacenter holds whole
 * replicas of tp·cp·pp chips, a whole number of servers, and a multiple of ep replicas; with the
 * pipeline split every datacenter keeps its stages and all of them change dp together. The
 * resized fleet has the closest chip count those rules allow.
 *
 * <pre>{@code
 * ChipScaling.Resized r = ChipScaling.resize(scenario, 65_536, BatchPolicy.PER_REPLICA);
 * if (r.problem() == null) { Report report = sim.run(r.scenario()); }
 * }</pre>
 */
public final class ChipScaling {

    private ChipScaling() {
    }

    /**
     * A resized scenario, or why it cannot be.
     *
     * @param requestedChips the chips asked for
     * @param scenario       the resized scenario ({@code null} when it cannot be built)
     * @param problem        why not ({@code null} when it can)
     */
    public record Resized(long requestedChips, Scenario scenario, String problem) {
        /** Chips of the resized fleet (0 when it could not be built). */
        public long chips() {
            return scenario == null ? 0 : scenario.fleet().chips();
        }
    }

    /** {@code base} resized to about {@code chips} chips. */
    public static Resized resize(Scenario base, long chips, BatchPolicy policy) {
        ParallelismPlan plan = base.parallelism();
        Fleet fleet = base.fleet();
        // The target holds at the base scenario's batch, wherever the sweep takes the batch.
        double baseBatchTokens = (double) plan.globalBatch() * base.model().seqLen();
        CriticalBatch critical = Double.isNaN(base.criticalBatch().referenceBatchTokens())
                ? base.criticalBatch().withReferenceBatchTokens(baseBatchTokens) : base.criticalBatch();
        boolean pipeline = fleet.multiSite() && base.crossDc().method() == CrossDcSpec.Method.PIPELINE;
        List<Datacenter> sites = new ArrayList<>();
        int dp;
        if (pipeline) {
            long stageChips = (long) plan.tensor() * plan.context();
            dp = roundTo(Math.max(1, Math.round((double) chips / (stageChips * plan.pipeline()))), granule(fleet, plan, stageChips));
            for (Datacenter dc : fleet.datacenters()) {
                int stages = (int) (dc.chips() / (stageChips * plan.data()));
                long c = stageChips * dp * stages;
                if (c > Integer.MAX_VALUE) {
                    return new Resized(chips, null, "more chips than the simulator counts in one datacenter");
                }
                sites.add(dc.withChips((int) c));
            }
        } else {
            long replica = (long) plan.tensor() * plan.context() * plan.pipeline();
            double total = Math.max(1, (double) chips / replica);
            dp = 0;
            for (int i = 0; i < fleet.datacenters().size(); i++) {
                Datacenter dc = fleet.datacenters().get(i);
                double share = (double) dc.chips() / fleet.chips();
                int g = granule(dc, plan, replica);
                long replicas = Math.max(g, Math.round(total * share / g) * (long) g);
                long c = replicas * replica;
                if (c > Integer.MAX_VALUE || dp + replicas > Integer.MAX_VALUE) {
                    return new Resized(chips, null, "more chips than the simulator counts in one datacenter");
                }
                dp += (int) replicas;
                sites.add(dc.withChips((int) c));
            }
        }
        int globalBatch;
        if (policy == BatchPolicy.PER_REPLICA) {
            long gb = (long) dp * plan.microBatch() * Math.max(1, plan.microBatchesPerReplica());
            if (gb > Integer.MAX_VALUE) {
                return new Resized(chips, null, "global batch of " + gb + " sequences is more than the simulator counts");
            }
            globalBatch = (int) gb;
        } else {
            globalBatch = plan.globalBatch();
            if (globalBatch % ((long) dp * plan.microBatch()) != 0) {
                return new Resized(chips, null, "the global batch of " + globalBatch + " sequences does not split into whole"
                        + " micro-batches of " + plan.microBatch() + " over " + dp + " replicas");
            }
        }
        Fleet resized;
        try {
            resized = fleet.withDatacenters(sites);
        } catch (IllegalArgumentException e) {
            return new Resized(chips, null, e.getMessage());
        }
        ParallelismPlan newPlan = FleetPlan.withData(plan, dp, globalBatch);
        return new Resized(chips, base.withFleet(resized, newPlan).withCriticalBatch(critical), null);
    }

    /** Replicas a datacenter's count must be a multiple of: whole servers, whole expert groups. */
    private static int granule(Datacenter dc, ParallelismPlan plan, long replica) {
        long perNode = dc.cluster().chipsPerNode();
        long g = perNode / ArithmeticUtils.gcd(perNode, replica); // replicas per whole number of servers
        return (int) ArithmeticUtils.lcm(g, expertGranule(plan));
    }

    /**
     * Replicas (DP) a plan's count must be a multiple of for its expert groups: ep·etp must divide
     * tp·cp·dp (MoE parallel folding), so dp a multiple of ep·etp / gcd(ep·etp, tp·cp).
     */
    private static long expertGranule(ParallelismPlan plan) {
        long group = (long) plan.expert() * plan.expertTensor();
        return group / ArithmeticUtils.gcd(group, (long) plan.tensor() * plan.context());
    }

    private static int granule(Fleet fleet, ParallelismPlan plan, long stageChips) {
        long g = expertGranule(plan);
        for (Datacenter dc : fleet.datacenters()) {
            long perNode = dc.cluster().chipsPerNode();
            g = ArithmeticUtils.lcm(g, perNode / ArithmeticUtils.gcd(perNode, stageChips));
        }
        return (int) g;
    }

    private static int roundTo(long value, int granule) {
        return (int) Math.max(granule, Math.round((double) value / granule) * granule);
    }
}
