package io.clustersim.core.plan;

import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.PlanValidator;
import io.clustersim.core.model.Recompute;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.model.StepModel;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.topology.ClusterSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 *       one layer short on the first and last stage); dp and micro-batch divide the global batch;
 *       ep divides dp and the experts; virtual stages divide a stage's layers, need pp &gt; 1 and
 *       micro-batches a multiple of pp). Each layout's first plan is still checked by the validator,
 *       so a new rule there shows up as {@code rejectedConstraints} rather than as a plan the CLI
 *       would refuse.</li>
 *   <li>The order of enumeration is fixed (ascending degrees), and ties are broken by
 *       {@link RankedPlan#ORDER}, so the result never depends on it.</li>
 *   <li>The step model is used through {@link StepModel} only: calibration changes move the
 *       ranking, never break the search.</li>
 *   <li>Cost: a layout has up to 2 × 4 × 3 = 24 variants; Llama 3 405B on 16,384 chips has ~5,800
 *       layouts, ~107,000 plans. Everything kept is O(keep).</li>
 * </ul>
 */
public final class PlanSearch {

    private static final Recompute[] RECOMPUTE = Recompute.values();

    private final StepModel stepModel;

    public PlanSearch(StepModel stepModel) {
        this.stepModel = Objects.requireNonNull(stepModel, "stepModel");
    }

    /**
     * A layout: how the chips are split, before the per-chip choices (sequence parallelism, ZeRO,
     * recomputation).
     */
    public record Layout(int tp, int cp, int pp, int dp, int ep, int virtualStages, int microBatch) {

        /** The layout's plan with the given per-chip choices. */
        public ParallelismPlan plan(int globalBatch, boolean sequenceParallel, int zeroStage, Recompute recompute) {
            return new ParallelismPlan(tp, pp, dp, microBatch, globalBatch, cp, ep, virtualStages, sequenceParallel,
                    zeroStage, recompute);
        }
    }

    /**
     * Every structurally valid layout of the model on the cluster under the global batch, in a
     * fixed order (tp, cp, pp, ep, micro-batch, virtual stages ascending).
     */
    public static List<Layout> layouts(TransformerSpec model, ClusterSpec cluster, SearchSpace space) {
        return layouts(model, cluster, space, Integer.MAX_VALUE);
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
                            || pp * stageLayers - model.layers() > 2) {
                        continue;
                    }
                    int dp = afterCp / pp;
                    if (!SearchSpace.allows(space.dp(), dp) || globalBatch % dp != 0) {
                        continue;
                    }
                    int perReplica = globalBatch / dp;
                    for (int ep : expertDegrees(model, dp)) {
                        if (!SearchSpace.allows(space.ep(), ep)) {
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
                                out.add(new Layout(tp, cp, pp, dp, ep, v, mb));
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
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1, was " + keep);
        }
        List<Layout> layouts = layouts(model, cluster, space);
        List<RankedPlan> top = new ArrayList<>(keep + 1);
        long evaluated = 0, fitting = 0, rejected = 0;
        RankedPlan leanest = null;
        for (Layout layout : layouts) {
            if (!PlanValidator.problems(model, cluster, layout.plan(space.globalBatch(), false, 0, Recompute.NONE))
                    .isEmpty()) {
                rejected++;
                continue;
            }
            RankedPlan layoutBest = null;
            for (ParallelismPlan plan : variants(layout, space)) {
                StepEstimate estimate = stepModel.estimate(model, cluster, plan);
                evaluated++;
                RankedPlan ranked = new RankedPlan(plan, estimate);
                if (leanest == null || estimate.memory().perChipBytes() < leanest.estimate().memory().perChipBytes()) {
                    leanest = ranked;
                }
                if (!estimate.memory().fits()) {
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
        return new SearchResult(space, cluster.chips(), top, layouts.size(), evaluated, fitting, rejected,
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

    private static List<Integer> expertDegrees(TransformerSpec model, int dp) {
        if (!model.isMoe()) {
            return List.of(1);
        }
        List<Integer> out = new ArrayList<>();
        for (int ep : divisors(dp)) {
            if (model.moe().experts() % ep == 0) {
                out.add(ep);
            }
        }
        return out;
    }

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
