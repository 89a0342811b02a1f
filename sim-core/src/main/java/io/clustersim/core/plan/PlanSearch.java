package io.clustersim.core.plan;

import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.core.model.FleetPlan;
import io.clustersim.core.model.MultiDatacenterStepModel;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.PlanValidator;
import io.clustersim.core.model.Problem;
import io.clustersim.core.model.Recompute;
import io.clustersim.core.model.RecomputeModule;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.model.StepModel;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Fleet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;

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
 *       tp·cp·dp (MoE parallel folding); virtual stages divide a stage's layers (the search proposes
 *       even chunks; a stated plan, or a value fixed in the search, may split unevenly, as
 *       Megatron-Core's pipeline layout does), need pp &gt; 1 and
 *       micro-batches a multiple of pp). Each layout's first plan is still checked by the validator,
 *       so a new rule there shows up as {@code rejectedConstraints} rather than as a plan the CLI
 *       would refuse.</li>
 *   <li>The order of enumeration is fixed (ascending degrees), and ties are broken by
 *       {@link RankedPlan#ORDER}, so the result never depends on it.</li>
 *   <li>The step model is used through {@link StepModel} only: calibration changes move the
 *       ranking, never break the search.</li>
 *   <li>Cost: a layout has up to 2 × 4 × 3 = 24 variants; Llama 3 405B on 16,384 chips has ~5,800
 *       layouts, ~107,000 plans. Everything kept is O(keep).</li>
 *   <li>Units of {@value #LAYOUTS_PER_UNIT} consecutive layouts are scanned by the caller's
 *       thread and the pool the search is given ({@link #parallelOn}; the facade's has
 *       {@code SimOptions.threads() - 1} threads, and one thread means no pool: the caller scans
 *       them in order), each taking the next unit as it finishes one, and put together
 *       by {@link #merge}, as slices are: the result — ranking, counts, leanest plan — is the
 *       sequential scan's whatever the threads (the step models are pure functions;
 *       {@code PlanSearchTest} compares with a sequential reference, {@code PlanSearchThreadsTest}
 *       1 thread with several).
 *       Progress is told one call at a time. This is most of what {@code validate} of a searched
 *       plan or a deadline costs.</li>
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
    /** Helpers of the caller's thread in scanning units of layouts; null: the caller's thread alone. */
    private final ForkJoinPool pool;

    private PlanSearch(StepModel stepModel, MultiDatacenterStepModel fleetModel, ForkJoinPool pool) {
        this.stepModel = stepModel;
        this.fleetModel = fleetModel;
        this.pool = pool;
    }

    /** A search of single-site plans with this step model, scanned in the caller's thread. */
    public PlanSearch(StepModel stepModel) {
        this(Objects.requireNonNull(stepModel, "stepModel"), null, null);
    }

    /**
     * A search that also covers fleets of several datacenters, ranked by the fleet's step under its
     * cross-datacenter scheme; single sites use the fleet model's site model. Scanned in the caller's thread.
     */
    public PlanSearch(MultiDatacenterStepModel fleetModel) {
        this(Objects.requireNonNull(fleetModel, "fleetModel").siteModel(), fleetModel, null);
    }

    /**
     * This search with its units of layouts scanned by the caller's thread and up to
     * {@code pool}'s parallelism of its threads at once, or, with {@code null}, one after another
     * in the caller's thread alone. The result is the same to the bit either way ({@link #merge}
     * puts the units together in order).
     *
     * <pre>{@code
     * ForkJoinPool helpers = new ForkJoinPool(threads - 1);    // threads > 1; the caller's to shut down
     * SearchResult r = new PlanSearch(stepModel).parallelOn(helpers).search(model, cluster, space, 5);
     * }</pre>
     */
    public PlanSearch parallelOn(ForkJoinPool pool) {
        return new PlanSearch(stepModel, fleetModel, pool);
    }

    /**
     * A layout: how the chips are split, before the per-chip choices (sequence parallelism, ZeRO,
     * recomputation).
     */
    public record Layout(int tp, int cp, int pp, int dp, int ep, int etp, int virtualStages, int microBatch) {

        /** The layout's plan with the given per-chip choices. */
        public ParallelismPlan plan(int globalBatch, boolean sequenceParallel, int zeroStage, Recompute recompute) {
            return plan(globalBatch, sequenceParallel, zeroStage, recompute, null);
        }

        /** The same, selective recomputation rerunning {@code modules} ({@code null}: the default modules). */
        public ParallelismPlan plan(int globalBatch, boolean sequenceParallel, int zeroStage, Recompute recompute,
                                    Set<RecomputeModule> modules) {
            return new ParallelismPlan(tp, pp, dp, microBatch, globalBatch, cp, ep, virtualStages, sequenceParallel,
                    zeroStage, recompute, etp, 0, recompute == Recompute.SELECTIVE ? modules : null, 0, 0);
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
                    int stageLayers = PlanValidator.stageLayers(model.layers(), pp);
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
                            for (int v : virtualStageCandidates(space, stageLayers)) {
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
                        out.add(layout.plan(space.globalBatch(), sp, zero, recompute, space.recomputeModules()));
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
        return task(model, cluster, space).search(0, 1, keep, Progress.NONE);
    }

    /** Told as a search goes through its layouts ({@code done} of {@code total}); it must return quickly. */
    @FunctionalInterface
    public interface Progress {
        /** Ignores progress. */
        Progress NONE = (done, total) -> { };

        void layoutsSearched(int done, int total);
    }

    /**
     * A search of one model on one fleet, ready to run whole or in slices of its layouts: slice
     * {@code i} of {@code n} is the layouts {@code [i·L/n, (i+1)·L/n)} in enumeration order, and
     * {@link #merge} of the slices' results in slice order is exactly the whole search's result —
     * so slices may run anywhere (a cluster's workers), in any order, and the ranked list is the
     * same to the byte.
     *
     * <pre>{@code
     * PlanSearch.Task task = search.task(model, fleet, space);
     * List<SearchResult> parts = new ArrayList<>();
     * for (int i = 0; i < 4; i++) parts.add(task.search(i, 4, 5, PlanSearch.Progress.NONE));
     * SearchResult all = PlanSearch.merge(parts, 5); // = task.search(0, 1, 5, NONE)
     * }</pre>
     */
    public final class Task {
        private final List<Layout> layouts;
        private final SearchSpace space;
        private final int chips;
        private final Function<ParallelismPlan, List<Problem>> validator;
        private final Function<ParallelismPlan, StepEstimate> estimator;

        private Task(List<Layout> layouts, SearchSpace space, int chips, Function<ParallelismPlan, List<Problem>> validator,
                     Function<ParallelismPlan, StepEstimate> estimator) {
            this.layouts = layouts;
            this.space = space;
            this.chips = chips;
            this.validator = validator;
            this.estimator = estimator;
        }

        /** Layouts the search goes through (what slices divide). */
        public int layouts() {
            return layouts.size();
        }

        /**
         * Searches slice {@code slice} of {@code slices}, keeping the best variant of its
         * {@code keep} fastest layouts; its {@code layouts} count is the slice's.
         */
        public SearchResult search(int slice, int slices, int keep, Progress progress) {
            if (slices < 1 || slice < 0 || slice >= slices) {
                throw new IllegalArgumentException("slice " + slice + " of " + slices);
            }
            int n = layouts.size();
            int from = (int) ((long) slice * n / slices), to = (int) ((long) (slice + 1) * n / slices);
            return PlanSearch.this.search(layouts.subList(from, to), space, chips, keep, validator, estimator, progress);
        }

        /**
         * The ranked plan of {@code plan} (its step estimate): how a coordinator rebuilds, from the
         * plans alone, the ranked plans a worker's slice kept — the same estimate to the bit.
         */
        public RankedPlan rank(ParallelismPlan plan) {
            return new RankedPlan(plan, estimator.apply(plan));
        }

        /**
         * A slice's result rebuilt from what a worker sends — its kept plans (best first), its
         * counts and its leanest plan (or null) — each plan's estimate computed again here.
         */
        public SearchResult rebuilt(List<ParallelismPlan> ranked, long sliceLayouts, long evaluated, long fitting,
                                    long rejected, ParallelismPlan leanest) {
            List<RankedPlan> plans = new ArrayList<>(ranked.size());
            for (ParallelismPlan plan : ranked) {
                plans.add(rank(plan));
            }
            return new SearchResult(space, chips, plans, sliceLayouts, evaluated, fitting, rejected,
                    Optional.ofNullable(leanest).map(this::rank));
        }
    }

    /**
     * The search of {@code model} on {@code fleet} under {@code space}, to run whole or in slices;
     * several datacenters are searched under the fleet model's cross-datacenter scheme.
     *
     * @throws IllegalStateException for several datacenters when this search was built without a fleet model
     */
    public Task task(TransformerSpec model, Fleet fleet, SearchSpace space) {
        if (!fleet.multiSite()) {
            return task(model, fleet.datacenters().get(0).cluster(), space);
        }
        if (fleetModel == null) {
            throw new IllegalStateException("a fleet of several datacenters needs PlanSearch(MultiDatacenterStepModel)");
        }
        CrossDcSpec.Method method = fleetModel.crossDc().method();
        return new Task(layouts(model, fleet, method, space), space, (int) fleet.chips(),
                plan -> FleetPlan.split(model, fleet, plan, method).problems(),
                plan -> fleetModel.estimate(model, fleet, plan).step());
    }

    /** The search of {@code model} on one cluster under {@code space}, to run whole or in slices. */
    public Task task(TransformerSpec model, ClusterSpec cluster, SearchSpace space) {
        return new Task(layouts(model, cluster, space), space, cluster.chips(),
                plan -> PlanValidator.problems(model, cluster, plan), plan -> stepModel.estimate(model, cluster, plan));
    }

    /**
     * The whole search from its slices' results, given in slice order: the {@code keep} best of
     * every slice's kept plans ({@link RankedPlan#ORDER} is total, so this is the whole search's
     * ranking), the counts summed, the leanest plan the first slice's leanest that no later slice
     * beats (as the whole search keeps the first it meets).
     */
    public static SearchResult merge(List<SearchResult> slices, int keep) {
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("no slices");
        }
        List<RankedPlan> top = new ArrayList<>(keep + 1);
        long layouts = 0, evaluated = 0, fitting = 0, rejected = 0;
        RankedPlan leanest = null;
        for (SearchResult slice : slices) {
            for (RankedPlan plan : slice.ranked()) {
                offer(top, plan, keep);
            }
            layouts += slice.layouts();
            evaluated += slice.evaluated();
            fitting += slice.fitting();
            rejected += slice.rejectedConstraints();
            RankedPlan lean = slice.leastMemory().orElse(null);
            if (lean != null && (leanest == null
                    || lean.estimate().memory().perChipBytes() < leanest.estimate().memory().perChipBytes())) {
                leanest = lean;
            }
        }
        SearchResult first = slices.get(0);
        return new SearchResult(first.space(), first.chips(), top, layouts, evaluated, fitting, rejected,
                Optional.ofNullable(leanest));
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
        return task(model, fleet, space).search(0, 1, keep, Progress.NONE);
    }

    /** Layouts per unit of a parallel search: small enough to spread, large enough to amortise. */
    private static final int LAYOUTS_PER_UNIT = 32;

    private SearchResult search(List<Layout> layouts, SearchSpace space, int chips, int keep,
                                Function<ParallelismPlan, List<Problem>> validator,
                                Function<ParallelismPlan, StepEstimate> estimator, Progress progress) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1, was " + keep);
        }
        // Units of consecutive layouts, scanned here and on the pool's threads and put together by
        // merge in enumeration order, which is exact: the result is the sequential scan's, whatever the threads.
        int n = layouts.size();
        Runnable tick = progress == Progress.NONE ? () -> { } : ticker(progress, n);
        int units = Math.max(1, (n + LAYOUTS_PER_UNIT - 1) / LAYOUTS_PER_UNIT);
        IntFunction<SearchResult> unit = u -> scan(layouts.subList(u * LAYOUTS_PER_UNIT,
                Math.min(n, (u + 1) * LAYOUTS_PER_UNIT)), space, chips, keep, validator, estimator, tick);
        SearchResult[] scans = new SearchResult[units];
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            try {
                for (int u = next.getAndIncrement(); u < units; u = next.getAndIncrement()) {
                    scans[u] = unit.apply(u);
                }
            } catch (RuntimeException e) {
                next.set(units); // the others stop at their next unit
                throw e;
            }
        };
        // the caller scans too, with up to the pool's parallelism of helpers taking units as they go
        int helpers = pool == null ? 0 : Math.min(pool.getParallelism(), units - 1);
        List<ForkJoinTask<?>> tasks = new ArrayList<>(helpers);
        for (int i = 0; i < helpers; i++) {
            try {
                tasks.add(pool.submit(work));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                break; // the pool was shut (its simulator closed): the caller scans what is left
            }
        }
        work.run();
        for (ForkJoinTask<?> task : tasks) {
            task.join(); // its units' results are visible after the join
        }
        progress.layoutsSearched(n, n);
        return merge(Arrays.asList(scans), keep);
    }

    /** Tells {@code progress} of each layout begun, one call at a time, counting up to {@code total}. */
    private static Runnable ticker(Progress progress, int total) {
        int[] done = {0};
        return () -> {
            synchronized (done) {
                progress.layoutsSearched(done[0]++, total);
            }
        };
    }

    /** Evaluates every variant of consecutive layouts, in order: that unit's result. */
    private SearchResult scan(List<Layout> layouts, SearchSpace space, int chips, int keep,
                              Function<ParallelismPlan, List<Problem>> validator,
                              Function<ParallelismPlan, StepEstimate> estimator, Runnable tick) {
        List<RankedPlan> top = new ArrayList<>(keep + 1);
        long evaluated = 0, fitting = 0, rejected = 0;
        RankedPlan leanest = null;
        for (Layout layout : layouts) {
            tick.run();
            if (!validator.apply(layout.plan(space.globalBatch(), false, 0, Recompute.NONE)).isEmpty()) {
                rejected++;
                continue;
            }
            // The framework's rule reads a plan's layout and ZeRO stage, never its SP or recomputation
            // (StepModel#runs): asked once per stage here, not for every variant.
            boolean[] runs = new boolean[layout.dp() > 1 ? 4 : 1];
            boolean any = false;
            for (int zero = 0; zero < runs.length; zero++) {
                runs[zero] = stepModel.runs(layout.plan(space.globalBatch(), false, zero, Recompute.NONE));
                any |= runs[zero];
            }
            if (!any) {
                continue; // the framework offers none of this layout's shardings or its schedule
            }
            RankedPlan layoutBest = null;
            for (ParallelismPlan plan : variants(layout, space)) {
                if (!runs[plan.zeroStage()]) {
                    continue; // the framework does not offer this sharding
                }
                StepEstimate estimate = estimator.apply(plan);
                evaluated++;
                RankedPlan ranked = new RankedPlan(plan, estimate);
                double bytes = estimate.memory().perChipBytes();
                if (leanest == null || bytes < leanest.estimate().memory().perChipBytes()) {
                    leanest = ranked;
                }
                if (!(bytes <= estimate.memory().capacityBytes())) { // MemoryEstimate.fits, its sum taken once
                    continue;
                }
                fitting++;
                if (layoutBest == null || RankedPlan.ORDER.compare(ranked, layoutBest) < 0) {
                    layoutBest = ranked;
                }
            }
            if (layoutBest != null) {
                offer(top, layoutBest, keep);
            }
        }
        return new SearchResult(space, chips, top, layouts.size(), evaluated, fitting, rejected,
                Optional.ofNullable(leanest));
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
    /**
     * Virtual stages to try for a stage of {@code stageLayers} layers: the even splits (the divisors),
     * or the one fixed in the search space if a stage can hold it — a fixed value may split the stage
     * unevenly, as a stated plan may.
     */
    static List<Integer> virtualStageCandidates(SearchSpace space, int stageLayers) {
        Integer fixed = space.virtualStages();
        if (fixed != null) {
            return fixed <= stageLayers ? List.of(fixed) : List.of();
        }
        return divisors(stageLayers);
    }

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
