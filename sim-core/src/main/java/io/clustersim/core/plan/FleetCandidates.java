package io.clustersim.core.plan;

import org.apache.commons.math3.util.ArithmeticUtils;
import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.PlanValidator;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Datacenter;
import io.clustersim.topology.Fleet;
import io.clustersim.topology.WanLink;

import java.util.ArrayList;
import java.util.List;

/**
 * The fleet sizes a deadline search considers, and the plan each runs when the scenario states one.
 *
 * <p>With a stated plan, a fleet grows by whole model replicas: TP, CP and PP stay, DP becomes
 * chips / (tp·cp·pp) — so the sizes are multiples of both the node and the replica, with DP and
 * the micro-batch dividing the global batch. With a searched plan, every multiple of the step on
 * which some layout exists is a candidate (the search picks the plan per fleet). The step is the
 * deadline's {@code chipsStep}, or by default: with a stated plan, the least common multiple of the
 * node and the replica; with a searched plan, the smallest multiple of the node that leaves at most
 * {@value #MAX_SEARCHED_CANDIDATES} candidates (a plan search per candidate costs ~0.1 s at 16k chips).
 *
 * <p>For a fleet of several datacenters the candidates are whole datacenters instead
 * ({@link #sites}): the first k of the list, k = 1, 2, …, in the order the scenario lists them (a
 * planner lists sites in order of preference), each with the WAN links among its sites.
 *
 * <pre>{@code
 * List<Integer> sizes = FleetCandidates.sizes(model, largestFleet, null, new SearchSpace(2_048), deadline);
 * List<FleetCandidates.Sites> sites = FleetCandidates.sites(fleet, deadline);
 * }</pre>
 */
public final class FleetCandidates {

    /** With a searched plan and no stated step, the default step leaves at most this many candidates. */
    public static final int MAX_SEARCHED_CANDIDATES = 256;

    private FleetCandidates() {
    }

    /**
     * Candidate fleet sizes, ascending, up to {@code largest.chips()}.
     *
     * @param stated the scenario's plan, or {@code null} when the plan is searched
     * @param space  the search space (with a stated plan, only its global batch matters)
     */
    public static List<Integer> sizes(TransformerSpec model, ClusterSpec largest, ParallelismPlan stated,
                                      SearchSpace space, Deadline deadline) {
        int node = largest.chipsPerNode();
        int step;
        if (deadline.chipsStep() > 0) {
            step = deadline.chipsStep();
        } else {
            step = stated == null ? node * Math.max(1, ceilDiv(largest.chips(), MAX_SEARCHED_CANDIDATES * node))
                    : ArithmeticUtils.lcm(node, (int) (stated.chips() / stated.data()));
        }
        List<Integer> out = new ArrayList<>();
        int first = Math.max(step, deadline.minChips());
        first = (first + step - 1) / step * step;
        for (long c = first; c <= largest.chips(); c += step) {
            int chips = (int) c;
            if (chips % node != 0) {
                continue;
            }
            ClusterSpec cluster = resize(largest, chips);
            if (stated == null) {
                if (PlanSearch.hasLayout(model, cluster, space)) {
                    out.add(chips);
                }
            } else {
                ParallelismPlan plan = scaled(stated, chips);
                if (plan != null && PlanValidator.problems(model, cluster, plan).isEmpty()) {
                    out.add(chips);
                }
            }
        }
        return out;
    }

    /** The same fabric and chips per node with another number of chips. */
    public static ClusterSpec resize(ClusterSpec cluster, int chips) {
        return new ClusterSpec(cluster.chip(), chips, cluster.chipsPerNode(), cluster.scaleUpDomainChips(),
                cluster.scaleOut());
    }

    /**
     * A stated plan on another fleet: the same TP, CP and PP, DP = chips / (tp·cp·pp); {@code null}
     * when the replica does not divide the fleet.
     */
    public static ParallelismPlan scaled(ParallelismPlan p, int chips) {
        long replica = (long) p.tensor() * p.context() * p.pipeline();
        if (chips % replica != 0) {
            return null;
        }
        int data = (int) (chips / replica);
        return p.withLayout(p.pipeline(), data, p.globalBatch());
    }

    /**
     * A candidate set of datacenters: the first {@code count} of the fleet's list with the links
     * among them.
     *
     * @param count how many datacenters, from the start of the list
     * @param fleet those datacenters and their links
     */
    public record Sites(int count, Fleet fleet) {

        /** Chips of all its datacenters. */
        public int chips() {
            return (int) fleet.chips();
        }
    }

    /**
     * The candidate sets of datacenters for a deadline on a fleet of several: the first k, k = 1 …
     * n, in the order listed, whose WAN links (among those k) connect them and whose chips reach
     * {@code deadline.minChips()}. Chips grow strictly with k, so the sets are in ascending size.
     */
    public static List<Sites> sites(Fleet fleet, Deadline deadline) {
        List<Sites> out = new ArrayList<>();
        for (int k = 1; k <= fleet.datacenters().size(); k++) {
            Fleet prefix = prefix(fleet, k);
            if (prefix != null && prefix.chips() >= deadline.minChips()) {
                out.add(new Sites(k, prefix));
            }
        }
        return out;
    }

    /**
     * The first {@code k} datacenters of a fleet with the links among them; {@code null} when those
     * links do not connect them.
     */
    public static Fleet prefix(Fleet fleet, int k) {
        List<Datacenter> dcs = fleet.datacenters().subList(0, k);
        List<String> names = new ArrayList<>();
        dcs.forEach(dc -> names.add(dc.name()));
        List<WanLink> links = new ArrayList<>();
        for (WanLink l : fleet.links()) {
            if (names.contains(l.a()) && names.contains(l.b())) {
                links.add(l);
            }
        }
        try {
            return new Fleet(dcs, k == 1 ? List.of() : links);
        } catch (IllegalArgumentException e) {
            return null; // not connected by its own links
        }
    }

    /**
     * A stated fleet plan on another fleet under a cross-datacenter scheme: the pipeline split keeps
     * TP, CP and DP and gives the fleet pp = chips / (tp·cp·dp) (more sites, more stages); the
     * others keep TP, CP and PP and give it dp = chips / (tp·cp·pp) ({@link #scaled}). {@code null}
     * when the fixed degrees do not divide the fleet.
     */
    public static ParallelismPlan scaled(ParallelismPlan p, int chips, CrossDcSpec.Method method) {
        if (method != CrossDcSpec.Method.PIPELINE) {
            return scaled(p, chips);
        }
        long stage = (long) p.tensor() * p.context() * p.data();
        if (chips % stage != 0) {
            return null;
        }
        return p.withLayout((int) (chips / stage), p.data(), p.globalBatch());
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
