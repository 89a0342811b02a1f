package io.clustersim.core.model;

import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Datacenter;
import io.clustersim.topology.Fleet;
import io.clustersim.topology.GroupPlacement;
import io.clustersim.topology.WanRoutes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The step of a fleet that spans datacenters: each datacenter's step from a single-site
 * {@link StepModel} (evaluated through its interface, never its internals), plus what crossing
 * the WAN costs for the scheme of {@link CrossDcSpec}. A fleet of one datacenter gets exactly the
 * single-site estimate.
 *
 * <pre>{@code
 * MultiDatacenterStepModel fleetModel = new MultiDatacenterStepModel(
 *         new AnalyticStepModel(SoftwareSpec.modern()), Calibration.standard(), SoftwareSpec.modern(),
 *         CrossDcSpec.hierarchicalDp());
 * FleetStepEstimate e = fleetModel.estimate(model, fleet, plan);
 * double exposed = e.exposedWanSeconds();
 * }</pre>
 *
 * <h2>Maintainer notes</h2>
 * <ul>
 *   <li>WAN links reach the calibration's scale-out efficiency of their line rate (the same
 *       achieved fraction as collectives over the NICs; no separate constant).</li>
 *   <li><b>Hierarchical DP.</b> Each datacenter's own step already holds its reduce-scatter and
 *       all-gather of gradients (the in-datacenter DP group). After the reduce-scatter the
 *       datacenter holds one full gradient (bf16, every parameter), sharded over all its chips;
 *       the shards are all-reduced across sites ({@link WanRoutes#allReduceSeconds}), each chip
 *       also pushing its shard through its own NIC. With gradient reduction overlapped with
 *       backward, buckets pipeline the in-datacenter and WAN stages on different links, so the
 *       WAN's bandwidth time runs behind the last micro-batch's backward (estimated from the step's
 *       compute: backward is 2/(3·HFU/MFU) of it) and what runs behind still costs the compute
 *       the share of the chip NCCL's kernels take ({@link Calibration#overlapCost}); the latency of the last bucket is always exposed.</li>
 *   <li><b>Pipeline split.</b> The single-site step of the whole pipeline on the combined cluster,
 *       plus, on stage boundaries that cross the WAN: every replica's activations (forward) and
 *       their gradients (backward), dp·b·s·h bf16 values per micro-batch each way, replacing the
 *       in-datacenter send (exposed, as the step model treats pipeline sends); and the latency:
 *       each crossing once in the fill and once in the drain, and in the steady state of 1F1B the
 *       round trip to the end of the pipeline and back spread over the micro-batches the stage
 *       keeps in flight: max over virtual stages k of 2·Σ(latency downstream of k)/(P − k) per
 *       micro-batch (P = pp × virtual stages; interleaving treated as a pipeline of P stages).</li>
 *   <li><b>DiLoCo.</b> Each datacenter runs inner steps on its own replicas; the fleet runs at the
 *       slowest datacenter's pace. Every H inner steps the parameter deltas (N × outer bytes per
 *       parameter) are all-reduced across sites, in F fragments H/F steps apart (Streaming
 *       DiLoCo). A fragment's synchronisation may run behind min(overlap, H/F) inner steps;
 *       the rest is exposed. The outer sync is not charged the SMs of an overlap (it is a separate
 *       transfer of N/F values, light on the chips); the outer optimizer step (Nesterov on N
 *       values per datacenter) and the outer copies' memory are not modelled.</li>
 * </ul>
 */
public final class MultiDatacenterStepModel {

    /** Bytes per bf16 value (gradients, activations). */
    private static final double BF16 = 2;

    private final StepModel siteModel;
    private final Calibration calibration;
    private final SoftwareSpec software;
    private final CrossDcSpec crossDc;

    /**
     * @param siteModel   the single-site step model
     * @param calibration for the WAN's achieved fraction of line rate and the SMs of an overlapped collective
     * @param software    whether gradient reduction overlaps with backward
     * @param crossDc     how the step crosses datacenters
     */
    public MultiDatacenterStepModel(StepModel siteModel, Calibration calibration, SoftwareSpec software,
                                    CrossDcSpec crossDc) {
        this.siteModel = siteModel;
        this.calibration = calibration;
        this.software = software;
        this.crossDc = crossDc;
    }

    /** The single-site step model each datacenter's step comes from. */
    public StepModel siteModel() {
        return siteModel;
    }

    /** How a step crosses datacenters. */
    public CrossDcSpec crossDc() {
        return crossDc;
    }

    /** Problems with running {@code plan} on {@code fleet}; empty when it can run (memory aside). */
    public List<Problem> problems(TransformerSpec model, Fleet fleet, ParallelismPlan plan) {
        return FleetPlan.split(model, fleet, plan, crossDc.method()).problems();
    }

    /**
     * The fleet's step.
     *
     * @throws IllegalArgumentException if the plan does not split over the fleet ({@link #problems})
     */
    public FleetStepEstimate estimate(TransformerSpec model, Fleet fleet, ParallelismPlan plan) {
        if (!fleet.multiSite()) {
            return FleetStepEstimate.singleSite(siteModel.estimate(model, fleet.datacenters().get(0).cluster(), plan));
        }
        FleetPlan split = FleetPlan.split(model, fleet, plan, crossDc.method());
        if (!split.problems().isEmpty()) {
            Problem p = split.problems().get(0);
            throw new IllegalArgumentException(p.key() + ": " + p.message());
        }
        return switch (crossDc.method()) {
            case HIERARCHICAL_DP -> hierarchical(model, fleet, split.sitePlans());
            case DILOCO -> diloco(model, fleet, split.sitePlans());
            case PIPELINE -> pipeline(model, fleet, plan, split.stagesPerSite());
        };
    }

    /** A fleet and its routes, computed once per fleet. */
    private record Routed(Fleet fleet, WanRoutes routes) {
    }

    /**
     * The last fleet's routes: plan search asks for the same fleet's step a hundred thousand times,
     * and routing it (shortest paths, ring orders) was a sixth of that. Immutable pairs, compared by
     * identity, so any thread may read or replace it.
     */
    private volatile Routed lastRouted;

    private WanRoutes routes(Fleet fleet) {
        Routed r = lastRouted;
        if (r == null || r.fleet() != fleet) {
            r = new Routed(fleet, fleet.routes());
            lastRouted = r;
        }
        return r.routes();
    }

    private double efficiency() {
        return calibration.scaleOutEfficiency();
    }

    private List<StepEstimate> siteSteps(TransformerSpec model, Fleet fleet, List<ParallelismPlan> plans) {
        List<StepEstimate> sites = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            ClusterSpec cluster = fleet.datacenters().get(i).cluster();
            StepEstimate same = null;
            for (int j = 0; j < i && same == null; j++) {
                // an identical datacenter on the same plan has the same step (a pure function):
                // plan search evaluates fleets of like sites many thousand times
                if (plans.get(j).equals(plans.get(i)) && fleet.datacenters().get(j).cluster().equals(cluster)) {
                    same = sites.get(j);
                }
            }
            sites.add(same != null ? same : siteModel.estimate(model, cluster, plans.get(i)));
        }
        return sites;
    }

    /**
     * Seconds to all-reduce {@code bytes} that every site holds across the WAN, not less than each
     * chip pushing its 1/chips share through its NIC: bandwidth part and latency part.
     */
    private double[] siteAllReduce(Fleet fleet, WanRoutes routes, double bytes) {
        double eff = efficiency();
        double bandwidth = routes.allReduceBandwidthSeconds(bytes, eff);
        int k = fleet.datacenters().size();
        for (Datacenter dc : fleet.datacenters()) {
            double nic = dc.cluster().scaleOut().bytesPerSecondPerChip() * eff;
            bandwidth = Math.max(bandwidth, 2.0 * (k - 1) / k * bytes / dc.chips() / nic);
        }
        return new double[] {bandwidth, routes.allReduceLatencySeconds(bytes, eff)};
    }

    private FleetStepEstimate hierarchical(TransformerSpec model, Fleet fleet, List<ParallelismPlan> plans) {
        List<StepEstimate> sites = siteSteps(model, fleet, plans);
        int slowest = slowest(sites);
        StepEstimate s = sites.get(slowest);
        WanRoutes routes = routes(fleet);
        double gradientBytes = BF16 * model.parameterCount();
        double[] ar = siteAllReduce(fleet, routes, gradientBytes);
        double exposed;
        if (software.overlapGradReduce()) {
            double window = lastBackwardSeconds(s, plans.get(slowest));
            // while hidden, the compute loses the SMs NCCL's kernels hold and the contention (the
            // WAN's bytes are too slow to take a measurable share of HBM); whichever is longer of
            // the slowed compute and the transfer's own tail is exposed
            double slowdown = calibration.overlapCost(fleet.datacenters().get(slowest).cluster().chip(),
                    calibration.collectiveSms(), 0, 0);
            exposed = Calibration.exposedBeside(ar[0], window, slowdown) + ar[1];
        } else {
            exposed = ar[0] + ar[1];
        }
        return new FleetStepEstimate(combine(sites, s, exposed, fleet), sites, CrossDcSpec.Method.HIERARCHICAL_DP,
                ar[0] + ar[1], exposed, routes.allReduceBytesPerSite(gradientBytes), 1.0);
    }

    /** The backward pass of one micro-batch on the bottleneck stage, from the step's compute, seconds. */
    static double lastBackwardSeconds(StepEstimate step, ParallelismPlan plan) {
        double compute = step.breakdownSeconds().getOrDefault("compute", 0.0);
        double recomputeRatio = step.hardwareFlopsPerStep() / step.modelFlopsPerStep(); // (3 + r)/3
        return compute / Math.max(1, plan.microBatchesPerReplica()) * 2 / (3 * recomputeRatio);
    }

    private FleetStepEstimate diloco(TransformerSpec model, Fleet fleet, List<ParallelismPlan> plans) {
        List<StepEstimate> sites = siteSteps(model, fleet, plans);
        StepEstimate s = sites.get(slowest(sites));
        WanRoutes routes = routes(fleet);
        int h = crossDc.innerSteps(), f = crossDc.fragments();
        double fragmentBytes = model.parameterCount() * crossDc.outerBytesPerParameter() / f;
        double[] ar = siteAllReduce(fleet, routes, fragmentBytes);
        double fragmentSeconds = ar[0] + ar[1];
        double window = Math.min(crossDc.overlapSteps(), (double) h / f) * s.seconds();
        double exposedPerSync = Math.max(0, fragmentSeconds - window);
        double exposed = f * exposedPerSync / h;
        return new FleetStepEstimate(combine(sites, s, exposed, fleet), sites, CrossDcSpec.Method.DILOCO,
                f * fragmentSeconds / h, exposed, f * routes.allReduceBytesPerSite(fragmentBytes) / h,
                crossDc.tokenFactor());
    }

    private FleetStepEstimate pipeline(TransformerSpec model, Fleet fleet, ParallelismPlan plan, List<Integer> stagesPerSite) {
        ClusterSpec combined = fleet.combinedCluster();
        StepEstimate s = siteModel.estimate(model, combined, plan);
        WanRoutes routes = routes(fleet);
        int p = plan.pipeline(), v = plan.virtualStages(), m = Math.max(1, plan.microBatchesPerReplica());
        int[] siteOfRank = new int[p];
        for (int site = 0, rank = 0; site < stagesPerSite.size(); site++) {
            for (int i = 0; i < stagesPerSite.get(site); i++) {
                siteOfRank[rank++] = site;
            }
        }
        // one in-datacenter send of a micro-batch's activations (each TP rank its 1/t), the time a WAN
        // hop replaces — the send itself, not what of it the site model leaves exposed
        int tp = plan.tensor(), cp = plan.context();
        double sendInside = p > 1 ? GroupPlacement.of(combined, p, tp * cp * plan.data(), calibration.scaleUpEfficiency(),
                calibration.scaleOutEfficiency()).sendSeconds(BF16 * plan.microBatch() * (double) model.seqLen() / cp
                * model.hidden() / tp) : 0;
        double hopBytes = plan.data() * BF16 * plan.microBatch() * (double) model.seqLen() * model.hidden();
        double eff = efficiency();
        // Bandwidth: per rank, its sends over the WAN per micro-batch replace in-datacenter sends.
        double worstExtra = 0, worstBusy = 0;
        double[] siteBytes = new double[stagesPerSite.size()];
        for (int r = 0; r < p; r++) {
            double extra = 0, busy = 0;
            for (int c = 0; c < v; c++) {
                int j = c * p + r;
                for (int to : new int[] {j + 1, j - 1}) {
                    if (to < 0 || to >= p * v) {
                        continue;
                    }
                    int a = siteOfRank[r], b = siteOfRank[to % p];
                    if (a != b) {
                        double t = hopBytes / (routes.routeBytesPerSecond(a, b) * eff);
                        extra += Math.max(0, t - sendInside);
                        busy += t + routes.latencySeconds(a, b);
                        siteBytes[a] += hopBytes * m;
                    }
                }
            }
            worstExtra = Math.max(worstExtra, extra);
            worstBusy = Math.max(worstBusy, busy);
        }
        // Latency: fill and drain, plus the steady-state round trip spread over the micro-batches in flight.
        int stages = p * v;
        double[] hopLatency = new double[Math.max(0, stages - 1)];
        double total = 0;
        for (int j = 0; j < stages - 1; j++) {
            hopLatency[j] = routes.latencySeconds(siteOfRank[j % p], siteOfRank[(j + 1) % p]);
            total += hopLatency[j];
        }
        double deficit = 0, downstream = 0;
        for (int k = stages - 2; k >= 0; k--) {
            downstream += hopLatency[k];
            deficit = Math.max(deficit, 2 * downstream / (stages - k));
        }
        double latencyExposed = 2 * total + (m - 1) * deficit;
        double exposed = m * worstExtra + latencyExposed;
        double maxSiteBytes = 0;
        for (double b : siteBytes) {
            maxSiteBytes = Math.max(maxSiteBytes, b);
        }
        List<StepEstimate> one = List.of(s);
        return new FleetStepEstimate(combine(one, s, exposed, fleet), one, CrossDcSpec.Method.PIPELINE,
                m * worstBusy, exposed, maxSiteBytes, 1.0);
    }

    private static int slowest(List<StepEstimate> sites) {
        int worst = 0;
        for (int i = 1; i < sites.size(); i++) {
            if (sites.get(i).seconds() > sites.get(worst).seconds()) {
                worst = i;
            }
        }
        return worst;
    }

    /**
     * The fleet's step: the pace-setting step's breakdown plus the exposed WAN time; FLOPs and
     * tokens of all sites; the chip-weighted mean peak; the tightest site's memory.
     */
    private static StepEstimate combine(List<StepEstimate> sites, StepEstimate pace, double exposedWan, Fleet fleet) {
        LinkedHashMap<String, Double> breakdown = new LinkedHashMap<>(pace.breakdownSeconds());
        breakdown.put("exposedWan", exposedWan);
        double modelFlops = 0, hardwareFlops = 0, tokens = 0, peakSum = 0, attention = 0, recomputedAttention = 0;
        long chips = 0;
        MemoryEstimate memory = sites.get(0).memory();
        for (StepEstimate e : sites) {
            modelFlops += e.modelFlopsPerStep();
            hardwareFlops += e.hardwareFlopsPerStep();
            attention += e.attentionFlopsPerStep();
            recomputedAttention += e.recomputedAttentionFlopsPerStep();
            tokens += e.tokensPerStep();
            chips += e.chips();
            peakSum += e.chips() * e.peakFlopsPerChip();
            if (e.memory().perChipBytes() / e.memory().capacityBytes()
                    > memory.perChipBytes() / memory.capacityBytes()) {
                memory = e.memory();
            }
        }
        if (chips != fleet.chips()) {
            throw new IllegalStateException("site steps cover " + chips + " chips of " + fleet.chips());
        }
        return new StepEstimate(pace.seconds() + exposedWan, FrozenMap.adopt(breakdown), modelFlops, hardwareFlops, tokens, chips,
                peakSum / chips, memory, attention, recomputedAttention, pace.computeBreakdownSeconds());
    }
}
