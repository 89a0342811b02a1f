package io.clustersim.core.plan;

import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.core.model.FleetPlan;
import io.clustersim.core.model.MultiDatacenterStepModel;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.PlanValidator;
import io.clustersim.core.model.Problem;
import io.clustersim.core.model.Recompute;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.model.StepModel;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Exhaustive search for the fastest parallelism plan of a model on a fleet, under a fixed global
 * batch (and whatever else the {@link SearchSpace} fixes): every valid combination of TP, CP, PP (with virtual stages), DP, EP, micro-batch size,
 * sequence parallelism, ZeRO stage and recomputation is evaluated with the step model, plans that
 * do not fit in memory are dropped, and the rest ranked by step time ({@link RankedPlan#ORDER}).
 *
 * <pre>{@code
 * PlanSearch search = new PlanSearch(new AnalyticStepModel(SoftwareSpec.modern()));
 * SearchResult r = search.search(llama405b, cluster16k, new SearchSpace(2_048), 5);
 * ParallelismPlan best = r.best().orElseThrow().plan();
 * }</pre>
 *
 * <h2>Maintainer notes</h2>
 * <ul>
 *   <li>Enumeration builds only structurally valid <em>layouts</em> (the constraints of
 *       {@link PlanValidator}: tp divides the scale-up domain, the heads and (or is a multiple of)
 *       the KV heads; cp splits the sequence into 2·cp chunks; pp splits the layers (evenly, or
 *       the first and last stage giving up the rest, keeping a layer each); dp and micro-batch divide the global batch;
 *       ep divides the experts, expert TP divides TP and the expert FFN, and ep·etp divides
 *       tp·cp·dp (MoE parallel folding); virtual stages divide a stage's layers, need pp &gt; 1 and
 *       micro-batches a multiple of pp). Each layout's first plan is still checked by the validator,
 *       so a new rule there shows up as {@code rejectedConstraints} rather than as a plan the CLI
 *       would refuse.</li>
 *   <li>The order of enumeration is fixed (ascending degrees), and ties are broken by
 *       {@link RankedPlan#ORDER}, so the result never depends on it.</li>
 *   <li>The step model is used through {@link StepModel} only: calibration changes move the
 *       ranking, never break the search.</li>
 *   <li>Cost: a layout has up to 2 × 4 × 3 = 24 variants; Llama 3 405B on 16,384 chips has ~5,800
 *       layouts, ~107,000 plans. Everything kept is O(keep).</li>
 *   <li>Units of {@value #LAYOUTS_PER_UNIT} consecutive layouts are scanned in parallel (the
 *       common fork-join pool) and merged in enumeration order, so the result — ranking, counts,
 *       leanest plan — is the sequential scan's whatever the threads (the step models are pure
 *       functions; {@code PlanSearchTest} compares with a sequential brute force). This is most of
 *       what {@code validate} of a searched plan or a deadline costs.</li>
 *   <li><b>Fleets of several datacenters</b> ({@link #PlanSearch(MultiDatacenterStepModel)},
 *       {@link #search(TransformerSpec, Fleet, SearchSpace, int)}): the plan is still one plan for the
 *       whole fleet, split over the sites by {@link FleetPlan} for the scheme of the fleet model —
 *       TP, CP, PP, virtual stages, EP, micro-batch, SP, ZeRO and recomputation the same in every
 *       site (every replica is the same program), DP per site following from its chips (hierarchical
 *       DP, DiLoCo: dp_i = chips_i / (tp·cp·pp)) or PP per site (pipeline split: pp_i = chips_i /
 *       (tp·cp·dp)). Layouts are enumerated on the combined cluster (whose constraints every fleet
 *       plan must meet: the first site's scale-up domain, the total chips) and kept when
 *       {@link FleetPlan#split} accepts them — so the set is exactly the plans the fleet's
 *       validator accepts (tested against a brute force) — and ranked by the fleet's step
 *       ({@link MultiDatacenterStepModel}: the pace-setting site plus the exposed WAN time, which
 *       shows as {@code exposedWan} in every ranked breakdown). A fleet of one datacenter takes the
 *       single-site path unchanged.</li>
 * </ul>
 */
public final class PlanSearch {

    private static final Recompute[] RECOMPUTE = Recompute.values();

    private final StepModel stepModel;
    /** The fleet's step model for searches over several datacenters; null when only single sites are searched. */
    private final MultiDatacenterStepModel fleetModel;

    /** A search of single-site plans with this step model. */
    public PlanSearch(StepModel stepModel) {
        this.stepModel = Objects.requireNonNull(stepModel, "stepModel");
        this.fleetModel = null;
    }

    /**
     * A search that also covers fleets of several datacenters, ranked by the fleet's step under its
     * cross-datacenter scheme; single sites use the fleet model's site model.
     */
    public PlanSearch(MultiDatacenterStepModel fleetModel) {
        this.fleetModel = Objects.requireNonNull(fleetModel, "fleetModel");
        this.stepModel = fleetModel.siteModel();
    }

    /**
     * A layout: how the chips are split, before the per-chip choices (sequence parallelism, ZeRO,
     * recomputation).
     */
    public record Layout(int tp, int cp, int pp, int dp, int ep, int etp, int virtualStages, int microBatch) {

        /** The layout's plan with the given per-chip choices. */
        public ParallelismPlan plan(int globalBatch, boolean sequenceParallel, int zeroStage, Recompute recompute) {
            return new ParallelismPlan(tp, pp, dp, microBatch, globalBatch, cp, ep, virtualStages, sequenceParallel,
                    zeroStage, recompute, etp, 0);
        }
    }

    /**
     * Every structurally valid layout of the model on the cluster under the global batch, in a
     * fixed order (tp, cp, pp, etp, ep, micro-batch, virtual stages ascending).
     */
    public static List<Layout> layouts(TransformerSpec model, ClusterSpec cluster, SearchSpace space) {
        return layouts(model, cluster, space, Integer.MAX_VALUE);
    }

    /**
     * Every layout of the model on a fleet that the fleet's plan split accepts for {@code method}
     * ({@link FleetPlan#split}), in the single-site order; for a fleet of one datacenter exactly
     * {@link #layouts(TransformerSpec, ClusterSpec, SearchSpace)} on it.
     */
    public static List<Layout> layouts(TransformerSpec model, Fleet fleet, CrossDcSpec.Method method, SearchSpace space) {
        if (!fleet.multiSite()) {
            return layouts(model, fleet.datacenters().get(0).cluster(), space);
        }
        List<Layout> out = new ArrayList<>();
        for (Layout layout : layouts(model, fleet.combinedCluster(), space)) {
            if (FleetPlan.split(model, fleet, layout.plan(space.globalBatch(), false, 0, Recompute.NONE), method)
                    .problems().isEmpty()) {
                out.add(layout);
            }
        }
        return out;
    }

    /** Every plan the search considers on a fleet (each accepted layout's variants), in enumeration order. */
    public static List<ParallelismPlan> candidates(TransformerSpec model, Fleet fleet, CrossDcSpec.Method method,
                                                   SearchSpace space) {
        List<ParallelismPlan> out = new ArrayList<>();
        for (Layout layout : layouts(model, fleet, method, space)) {
            out.addAll(variants(layout, space));
        }
        return out;
    }

    /** Whether any structurally valid layout exists (cheap: stops at the first). */
    public static boolean hasLayout(TransformerSpec model, ClusterSpec cluster, SearchSpace space) {
        return !layouts(model, cluster, space, 1).isEmpty();
    }

    private static List<Layout> layouts(TransformerSpec model, ClusterSpec cluster, SearchSpace space, int limit) {
        List<Layout> out = new ArrayList<>();
        int globalBatch = space.globalBatch();
        int chips = cluster.chips();
        int domain = cluster.effectiveScaleUpDomainChips();
        for (int tp = 1; tp <= domain; tp++) {
            if (!SearchSpace.allows(space.tp(), tp) || domain % tp != 0 || chips % tp != 0 || model.heads() % tp != 0
                    || (model.kvHeads() % tp != 0 && tp % model.kvHeads() != 0)) {
                continue;
            }
            int afterTp = chips / tp;
            for (int cp : divisors(afterTp)) {
                if (!SearchSpace.allows(space.cp(), cp) || (cp > 1 && model.seqLen() % (2 * cp) != 0)) {
                    continue;
                }
                int afterCp = afterTp / cp;
                for (int pp : divisors(afterCp)) {
                    int stageLayers = (model.layers() + pp - 1) / pp;
                    if (!SearchSpace.allows(space.pp(), pp) || model.layers() < pp
                            || !PlanValidator.unevenSplitFits(model.layers(), pp)) {
                        continue;
                    }
                    int dp = afterCp / pp;
                    if (!SearchSpace.allows(space.dp(), dp) || globalBatch % dp != 0) {
                        continue;
                    }
                    int perReplica = globalBatch / dp;
                    for (ExpertDegrees expert : expertDegrees(model, tp, tp * cp * dp)) {
                        int ep = expert.ep(), etp = expert.etp();
                        if (!SearchSpace.allows(space.ep(), ep) || !SearchSpace.allows(space.etp(), etp)) {
                            continue;
                        }
                        for (int mb : divisors(perReplica)) {
                            if (!SearchSpace.allows(space.microBatch(), mb)) {
                                continue;
                            }
                            int microBatches = perReplica / mb;
                            for (int v : divisors(stageLayers)) {
                                if (!SearchSpace.allows(space.virtualStages(), v)
                                        || (v > 1 && (pp == 1 || microBatches % pp != 0))) {
                                    continue;
                                }
                                out.add(new Layout(tp, cp, pp, dp, ep, etp, v, mb));
                                if (out.size() >= limit) {
                                    return out;
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Every plan the search considers (each layout's variants), in enumeration order. */
    public static List<ParallelismPlan> candidates(TransformerSpec model, ClusterSpec cluster, SearchSpace space) {
        List<ParallelismPlan> out = new ArrayList<>();
        for (Layout layout : layouts(model, cluster, space)) {
            out.addAll(variants(layout, space));
        }
        return out;
    }

    /** The plans of one layout: each allowed choice of sequence parallelism, ZeRO stage and recomputation. */
    static List<ParallelismPlan> variants(Layout layout, SearchSpace space) {
        // SP only means something with TP; ZeRO only with DP (with dp = 1 every stage is stage 0).
        List<ParallelismPlan> out = new ArrayList<>(24);
        for (int s = 0; s < (layout.tp() > 1 ? 2 : 1); s++) {
            boolean sp = s == 1;
            if (space.sequenceParallel() != null && space.sequenceParallel() != sp && layout.tp() > 1) {
                continue;
            }
            for (int zero = 0; zero < (layout.dp() > 1 ? 4 : 1); zero++) {
                if (!SearchSpace.allows(space.zeroStage(), zero) && layout.dp() > 1) {
                    continue;
                }
                for (Recompute recompute : RECOMPUTE) {
                    if (space.recompute() == null || space.recompute() == recompute) {
                        out.add(layout.plan(space.globalBatch(), sp, zero, recompute));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Searches every plan and keeps the best variant of the {@code keep} fastest layouts.
     *
     * @param keep how many layouts to rank (at least 1)
     */
    public SearchResult search(TransformerSpec model, ClusterSpec cluster, SearchSpace space, int keep) {
        return search(layouts(model, cluster, space), space, cluster.chips(), keep,
                plan -> PlanValidator.problems(model, cluster, plan), plan -> stepModel.estimate(model, cluster, plan));
    }

    /**
     * Searches every plan of the model on a fleet and keeps the best variant of the {@code keep}
     * fastest layouts, ranked by the fleet's step (WAN included). A fleet of one datacenter is
     * searched exactly as {@link #search(TransformerSpec, ClusterSpec, SearchSpace, int)} on its cluster.
     *
     * @throws IllegalStateException for several datacenters when this search was built without a
     *                               fleet model
     */
    public SearchResult search(TransformerSpec model, Fleet fleet, SearchSpace space, int keep) {
        if (!fleet.multiSite()) {
            return search(model, fleet.datacenters().get(0).cluster(), space, keep);
        }
        if (fleetModel == null) {
            throw new IllegalStateException("a fleet of several datacenters needs PlanSearch(MultiDatacenterStepModel)");
        }
        CrossDcSpec.Method method = fleetModel.crossDc().method();
        long chips = fleet.chips();
        return search(layouts(model, fleet, method, space), space, (int) chips, keep,
                plan -> FleetPlan.split(model, fleet, plan, method).problems(),
                plan -> fleetModel.estimate(model, fleet, plan).step());
    }

    /** Layouts per unit of a parallel search: small enough to spread, large enough to amortise. */
    private static final int LAYOUTS_PER_UNIT = 32;

    private SearchResult search(List<Layout> layouts, SearchSpace space, int chips, int keep,
                                Function<ParallelismPlan, List<Problem>> validator,
                                Function<ParallelismPlan, StepEstimate> estimator) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1, was " + keep);
        }
        // Units of consecutive layouts scanned in parallel, merged in enumeration order: the
        // result is the sequential scan's exactly (see Scan.merge), however many threads ran.
        int units = (layouts.size() + LAYOUTS_PER_UNIT - 1) / LAYOUTS_PER_UNIT;
        IntStream indices = IntStream.range(0, units);
        List<Scan> scans = (units > 1 ? indices.parallel() : indices).mapToObj(u -> scan(layouts.subList(
                u * LAYOUTS_PER_UNIT, Math.min(layouts.size(), (u + 1) * LAYOUTS_PER_UNIT)), space, keep, validator,
                estimator)).toList();
        Scan all = new Scan(keep);
        scans.forEach(all::merge);
        return new SearchResult(space, chips, all.top, layouts.size(), all.evaluated, all.fitting, all.rejected,
                Optional.ofNullable(all.leanest));
    }

    /** What scanning some consecutive layouts found: its best layouts, its counts, its leanest plan. */
    private static final class Scan {
        final int keep;
        final List<RankedPlan> top;
        long evaluated, fitting, rejected;
        RankedPlan leanest;

        Scan(int keep) {
            this.keep = keep;
            this.top = new ArrayList<>(keep + 1);
        }

        /**
         * Adds a later scan's findings. Exact: {@link #offer} keeps the first {@code keep} of a stable
         * sort by {@link RankedPlan#ORDER}, and every layout in the overall first {@code keep} is in
         * its own scan's; the leanest stays the first of least memory in enumeration order.
         */
        void merge(Scan later) {
            evaluated += later.evaluated;
            fitting += later.fitting;
            rejected += later.rejected;
            later.top.forEach(r -> offer(top, r, keep));
            if (later.leanest != null && (leanest == null
                    || later.leanest.estimate().memory().perChipBytes() < leanest.estimate().memory().perChipBytes())) {
                leanest = later.leanest;
            }
        }
    }

    /** Evaluates every variant of the layouts, in order. */
    private Scan scan(List<Layout> layouts, SearchSpace space, int keep,
                      Function<ParallelismPlan, List<Problem>> validator,
                      Function<ParallelismPlan, StepEstimate> estimator) {
        Scan scan = new Scan(keep);
        for (Layout layout : layouts) {
            if (!validator.apply(layout.plan(space.globalBatch(), false, 0, Recompute.NONE)).isEmpty()) {
                scan.rejected++;
                continue;
            }
            RankedPlan layoutBest = null;
            for (ParallelismPlan plan : variants(layout, space)) {
                if (!stepModel.runs(plan)) {
                    continue; // the framework does not offer this sharding or schedule
                }
                StepEstimate estimate = estimator.apply(plan);
                scan.evaluated++;
                RankedPlan ranked = new RankedPlan(plan, estimate);
                double bytes = estimate.memory().perChipBytes();
                if (scan.leanest == null || bytes < scan.leanest.estimate().memory().perChipBytes()) {
                    scan.leanest = ranked;
                }
                if (!(bytes <= estimate.memory().capacityBytes())) { // MemoryEstimate.fits, its sum taken once
                    continue;
                }
                scan.fitting++;
                if (layoutBest == null || RankedPlan.ORDER.compare(ranked, layoutBest) < 0) {
                    layoutBest = ranked;
                }
            }
            if (layoutBest != null) {
                offer(scan.top, layoutBest, keep);
            }
        }
        return scan;
    }

    /** Inserts into the sorted top list, keeping at most {@code keep}. */
    private static void offer(List<RankedPlan> top, RankedPlan candidate, int keep) {
        if (top.size() == keep && RankedPlan.ORDER.compare(candidate, top.get(keep - 1)) >= 0) {
            return;
        }
        int i = top.size();
        while (i > 0 && RankedPlan.ORDER.compare(candidate, top.get(i - 1)) < 0) {
            i--;
        }
        top.add(i, candidate);
        if (top.size() > keep) {
            top.remove(top.size() - 1);
        }
    }

    /**
     * The (ep, etp) pairs of an MoE model on a stage of {@code stageRanks} = tp·cp·dp ranks: expert
     * TP a divisor of TP that divides the expert FFN, EP a divisor of the experts, and ep·etp
     * dividing the stage's ranks (MoE parallel folding). Dense models: only (1, 1).
     */
    private static List<ExpertDegrees> expertDegrees(TransformerSpec model, int tp, int stageRanks) {
        if (!model.isMoe()) {
            return DENSE_EXPERT_DEGREES;
        }
        List<ExpertDegrees> out = new ArrayList<>();
        for (int etp : divisors(tp)) {
            if (model.moe().expertFfnHidden() % etp != 0) {
                continue;
            }
            for (int ep : divisors(stageRanks / etp)) {
                if (model.moe().experts() % ep == 0) {
                    out.add(new ExpertDegrees(ep, etp));
                }
            }
        }
        return out;
    }

    private record ExpertDegrees(int ep, int etp) {
    }

    private static final List<ExpertDegrees> DENSE_EXPERT_DEGREES = List.of(new ExpertDegrees(1, 1));

    /** Divisors of n, ascending. */
    static List<Integer> divisors(int n) {
        List<Integer> small = new ArrayList<>();
        List<Integer> large = new ArrayList<>();
        for (int d = 1; (long) d * d <= n; d++) {
            if (n % d == 0) {
                small.add(d);
                if (d != n / d) {
                    large.add(n / d);
                }
            }
        }
        for (int i = large.size() - 1; i >= 0; i--) {
            small.add(large.get(i));
        }
        return small;
    }
}
