package io.clustersim.core.plan;

import io.clustersim.core.model.AnalyticStepModel;
import io.clustersim.core.model.Architecture;
import io.clustersim.core.model.MoeSpec;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.PlanValidator;
import io.clustersim.core.model.Recompute;
import io.clustersim.core.model.SoftwareSpec;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.ScaleOutFabric;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanSearchTest {

    static final ChipSpec A100 = ChipCatalog.standard().require("a100-80gb-sxm");
    static final ChipSpec H100 = ChipCatalog.standard().require("h100-sxm");
    static final AnalyticStepModel STEP = new AnalyticStepModel(SoftwareSpec.modern());
    /** A 12-layer GPT of ~1.3B parameters on 64 A100. */
    static final TransformerSpec GPT = TransformerSpec.builder().layers(12).hidden(2_048).heads(16).vocab(51_200)
            .seqLen(2_048).build();
    static final ClusterSpec FLEET = new ClusterSpec(A100, 64, 8, 8, ScaleOutFabric.nonBlocking(A100, 64));
    static final SearchSpace SPACE = new SearchSpace(96);

    /**
     * Every plan the validator accepts, by brute force over every degree up to the fleet size —
     * independent of the search's enumeration — with virtual stages of equal size. Sequence
     * parallelism only with TP and ZeRO only with DP (otherwise they change nothing).
     */
    static Set<ParallelismPlan> bruteForce(TransformerSpec model, ClusterSpec cluster, int globalBatch) {
        Set<ParallelismPlan> out = new HashSet<>();
        int n = cluster.chips();
        int experts = model.isMoe() ? model.moe().experts() : 1;
        for (int tp = 1; tp <= n; tp++) {
            for (int cp = 1; tp * cp <= n; cp++) {
                for (int pp = 1; tp * cp * pp <= n; pp++) {
                    if (n % (tp * cp * pp) != 0) {
                        continue;
                    }
                    int dp = n / (tp * cp * pp);
                    for (int ep = 1; ep <= experts; ep++) { // the validator refuses ep > 1 for a dense model, ep not dividing the experts
                      for (int etp = 1; etp <= (model.isMoe() ? tp : 1); etp++) {
                        for (int mb = 1; mb <= globalBatch; mb++) {
                            for (int v = 1; v <= model.layers(); v++) {
                                for (Recompute r : Recompute.values()) {
                                    for (int zero = 0; zero <= (dp > 1 ? 3 : 0); zero++) {
                                        for (boolean sp : tp > 1 ? new boolean[] {false, true} : new boolean[] {false}) {
                                            ParallelismPlan p = new ParallelismPlan(tp, pp, dp, mb, globalBatch, cp, ep, v,
                                                    sp, zero, r, etp, 0);
                                            // the search proposes even chunks only: an uneven split
                                            // needs a pipeline layout the user states
                                            boolean evenChunks = PlanValidator.stageLayers(model.layers(), pp) % v == 0;
                                            if (evenChunks && PlanValidator.problems(model, cluster, p).isEmpty()) {
                                                out.add(p);
                                            }
                                        }
                                    }
                                }
                            }
                        }
                      }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void enumeratesExactlyThePlansTheValidatorAccepts() {
        List<ParallelismPlan> candidates = PlanSearch.candidates(GPT, FLEET, SPACE);
        assertEquals(candidates.size(), new HashSet<>(candidates).size(), "no duplicates");
        assertEquals(bruteForce(GPT, FLEET, SPACE.globalBatch()), new HashSet<>(candidates));
    }

    @Test
    void aFixedVirtualStageCountMaySplitAStageUnevenly() {
        // 12 layers over pp 2: 6 per stage. The open search proposes only even chunks (1, 2, 3, 6);
        // fixed at 4 — chunks of 2, 2, 1, 1, as a stated plan may have — it searches that value.
        assertTrue(PlanSearch.candidates(GPT, FLEET, SPACE).stream().noneMatch(p -> p.virtualStages() == 4));
        SearchSpace four = new SearchSpace(96, null, null, 2, null, null, 4, null, null, null, null, null, null);
        List<ParallelismPlan> fixed = PlanSearch.candidates(GPT, FLEET, four);
        assertFalse(fixed.isEmpty());
        for (ParallelismPlan p : fixed) {
            assertEquals(4, p.virtualStages());
            assertTrue(PlanValidator.problems(GPT, FLEET, p).isEmpty(), p + ": " + PlanValidator.problems(GPT, FLEET, p));
        }
        SearchSpace seven = new SearchSpace(96, null, null, 2, null, null, 7, null, null, null, null, null, null);
        assertTrue(PlanSearch.candidates(GPT, FLEET, seven).isEmpty(), "7 chunks of a 6-layer stage");
    }

    @Test
    void enumeratesExpertParallelPlansOfAMoeModel() {
        TransformerSpec moe = TransformerSpec.builder().layers(4).hidden(1_024).heads(16).vocab(32_000).seqLen(1_024)
                .moe(new MoeSpec(8, 2, 0, 2_048, 1)).build();
        ClusterSpec fleet = new ClusterSpec(A100, 16, 8, 8, ScaleOutFabric.nonBlocking(A100, 16));
        Set<ParallelismPlan> expected = bruteForce(moe, fleet, 32);
        assertTrue(expected.stream().anyMatch(p -> p.expert() == 8));
        assertEquals(expected, new HashSet<>(PlanSearch.candidates(moe, fleet, new SearchSpace(32))));
    }

    @Test
    void fixedDimensionsRestrictTheSpaceToExactlyThosePlans() {
        SearchSpace fixed = SearchSpace.builder(96).tp(2).sequenceParallel(false).zeroStage(1)
                .recompute(Recompute.FULL).build();
        Set<ParallelismPlan> expected = new HashSet<>();
        for (ParallelismPlan p : bruteForce(GPT, FLEET, 96)) {
            if (p.tensor() == 2 && !p.sequenceParallel() && (p.zeroStage() == 1 || p.data() == 1)
                    && p.recompute() == Recompute.FULL) {
                expected.add(p);
            }
        }
        assertTrue(expected.size() > 10);
        assertEquals(expected, new HashSet<>(PlanSearch.candidates(GPT, FLEET, fixed)));
        assertTrue(fixed.restricted());
        assertTrue(!SPACE.restricted());
    }

    @Test
    void findsTheFastestFittingPlanOfAll() {
        RankedPlan fastest = null;
        for (ParallelismPlan p : bruteForce(GPT, FLEET, SPACE.globalBatch())) {
            StepEstimate e = STEP.estimate(GPT, FLEET, p);
            if (e.memory().fits()) {
                RankedPlan r = new RankedPlan(p, e);
                if (fastest == null || RankedPlan.ORDER.compare(r, fastest) < 0) {
                    fastest = r;
                }
            }
        }
        SearchResult result = new PlanSearch(STEP).search(GPT, FLEET, SPACE, 5);
        assertEquals(fastest.plan(), result.best().orElseThrow().plan());
        assertEquals(PlanSearch.candidates(GPT, FLEET, SPACE).size(), result.evaluated());
        assertEquals(0, result.rejectedConstraints());
    }

    /**
     * The search scans units of layouts in parallel; its result must be the sequential scan's
     * exactly: the first {@code keep} layouts of a stable sort of each layout's best fitting plan,
     * every count, and the first plan of least memory in enumeration order.
     */
    @Test
    void aParallelSearchIsTheSequentialScanExactly() {
        TransformerSpec model = TransformerSpec.builder().layers(24).hidden(4_096).heads(32).vocab(51_200)
                .seqLen(2_048).build();
        ClusterSpec cluster = new ClusterSpec(A100, 512, 8, 8, ScaleOutFabric.nonBlocking(A100, 512));
        SearchSpace space = new SearchSpace(512);
        List<PlanSearch.Layout> layouts = PlanSearch.layouts(model, cluster, space);
        assertTrue(layouts.size() > 4 * 32, "several units of layouts: " + layouts.size());
        List<RankedPlan> bests = new java.util.ArrayList<>();
        long evaluated = 0, fitting = 0;
        RankedPlan leanest = null;
        for (PlanSearch.Layout layout : layouts) {
            RankedPlan best = null;
            for (ParallelismPlan p : PlanSearch.variants(layout, space)) {
                if (!STEP.runs(p)) {
                    continue;
                }
                RankedPlan r = new RankedPlan(p, STEP.estimate(model, cluster, p));
                evaluated++;
                if (leanest == null || r.estimate().memory().perChipBytes() < leanest.estimate().memory().perChipBytes()) {
                    leanest = r;
                }
                if (r.estimate().memory().fits()) {
                    fitting++;
                    best = best == null || RankedPlan.ORDER.compare(r, best) < 0 ? r : best;
                }
            }
            if (best != null) {
                bests.add(best);
            }
        }
        bests.sort(RankedPlan.ORDER); // stable
        for (int keep : new int[] {1, 7, 50}) {
            SearchResult result = new PlanSearch(STEP).search(model, cluster, space, keep);
            assertEquals(bests.subList(0, Math.min(keep, bests.size())).stream().map(RankedPlan::plan).toList(),
                    result.ranked().stream().map(RankedPlan::plan).toList(), "keep " + keep);
            assertEquals(evaluated, result.evaluated());
            assertEquals(fitting, result.fitting());
            assertEquals(leanest.plan(), result.leastMemory().orElseThrow().plan());
        }
    }

    @Test
    void rankingIsSortedDistinctAndDeterministic() {
        SearchResult a = new PlanSearch(STEP).search(GPT, FLEET, SPACE, 8);
        SearchResult b = new PlanSearch(STEP).search(GPT, FLEET, SPACE, 8);
        assertEquals(8, a.ranked().size());
        Set<String> layouts = new HashSet<>();
        for (int i = 0; i < a.ranked().size(); i++) {
            ParallelismPlan p = a.ranked().get(i).plan();
            assertEquals(p, b.ranked().get(i).plan());
            assertTrue(layouts.add(p.tensor() + "/" + p.context() + "/" + p.pipeline() + "/" + p.data() + "/"
                    + p.expert() + "/" + p.virtualStages() + "/" + p.microBatch()), "one plan per layout");
            assertTrue(a.ranked().get(i).estimate().memory().fits());
            assertTrue(PlanValidator.problems(GPT, FLEET, p).isEmpty());
            if (i > 0) {
                assertTrue(RankedPlan.ORDER.compare(a.ranked().get(i - 1), a.ranked().get(i)) < 0);
            }
        }
    }

    @Test
    void explainsWhyTheRunnerUpLoses() {
        SearchResult r = new PlanSearch(STEP).search(GPT, FLEET, SPACE, 5);
        PlanComparison why = r.whyRunnerUpLoses().orElseThrow();
        // the named terms account for the difference (the rest are each below 0.1% of the step)
        double named = why.termDeltas().values().stream().mapToDouble(Double::doubleValue).sum();
        double unnamedBound = 8 * PlanComparison.NEGLIGIBLE * r.best().orElseThrow().seconds();
        assertEquals(why.secondsSlower(), named, unnamedBound);
        assertTrue(why.secondsSlower() >= 0);
        assertTrue(!why.differences().isEmpty(), "a different layout differs in some setting");
        System.out.println("best: " + PlanFormat.describe(r.best().orElseThrow().plan()));
        System.out.println("runner-up: " + PlanFormat.describe(r.runnerUp().orElseThrow().plan()) + " — " + why.explain());
    }

    @Test
    void saysWhyNothingFits() {
        TransformerSpec huge = TransformerSpec.builder().layers(96).hidden(12_288).heads(96).vocab(51_200)
                .seqLen(2_048).build();
        ClusterSpec eight = new ClusterSpec(A100, 8, 8, 8, ScaleOutFabric.nonBlocking(A100, 8));
        SearchResult r = new PlanSearch(STEP).search(huge, eight, new SearchSpace(8), 3);
        assertTrue(r.best().isEmpty());
        assertTrue(r.evaluated() > 0);
        String why = r.whyNone().orElseThrow();
        assertTrue(why.contains("fits in memory") && why.contains("GB per chip"), why);

        // one head (no TP), an odd sequence (no CP), two layers (PP <= 2) and 3 sequences per step (DP 1 or 3) on 16 chips
        TransformerSpec odd = TransformerSpec.builder().layers(2).hidden(128).heads(1).vocab(1_000).seqLen(2_047).build();
        ClusterSpec sixteen = new ClusterSpec(A100, 16, 8, 8, ScaleOutFabric.nonBlocking(A100, 16));
        SearchResult none = new PlanSearch(STEP).search(odd, sixteen, new SearchSpace(3), 3);
        assertEquals(0, none.layouts());
        assertTrue(none.whyNone().orElseThrow().contains("dp dividing the global batch of 3"), none.whyNone().get());
    }

    @Test
    void expertParallelismStaysInsideTheScaleUpDomainWhenItCan() {
        // a 39B-parameter fine-grained MoE (64 experts, top-8) on 64 H100: its experts do not fit
        // below EP 4; EP up to 8 keeps the all-to-all inside a node's NVLink, EP 16 and more send
        // most of it through the NICs — with the rest of the plan fixed the search must stay inside
        // the node; inside one 64-GPU domain EP 64 leaves NVLink no more than EP 8 does
        TransformerSpec moe = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(48).hidden(2_048)
                .heads(16).vocab(32_000).seqLen(4_096).moe(new MoeSpec(64, 8, 0, 2_048, 1)).build();
        SearchSpace space = SearchSpace.builder(256).tp(1).cp(1).pp(1).microBatch(1).zeroStage(1)
                .recompute(Recompute.NONE).etp(1).build();
        ClusterSpec nodes = new ClusterSpec(H100, 64, 8, 8, ScaleOutFabric.nonBlocking(H100, 64));
        SearchResult result = new PlanSearch(STEP).search(moe, nodes, space, 8);
        ParallelismPlan best = result.best().orElseThrow().plan();
        assertTrue(best.expert() >= 4 && best.expert() <= 8, "best EP " + best.expert());
        assertTrue(result.ranked().stream().anyMatch(r -> r.plan().expert() > 8), "EP beyond the node was searched");
        ClusterSpec rack = new ClusterSpec(H100, 64, 8, 64, ScaleOutFabric.nonBlocking(H100, 64));
        double ep8 = STEP.estimate(moe, rack, ParallelismPlan.builder().dp(64).ep(8).globalBatch(256).zeroStage(1).build()).breakdownSeconds().get("epAllToAll");
        double ep8Nodes = STEP.estimate(moe, nodes, ParallelismPlan.builder().dp(64).ep(8).globalBatch(256).zeroStage(1).build()).breakdownSeconds().get("epAllToAll");
        assertEquals(ep8Nodes, ep8, 1e-12, "EP 8 stays inside a node either way");
        double ep64Nodes = STEP.estimate(moe, nodes, ParallelismPlan.builder().dp(64).ep(64).globalBatch(256)
                .zeroStage(1).build()).breakdownSeconds().get("epAllToAll");
        double ep64Rack = STEP.estimate(moe, rack, ParallelismPlan.builder().dp(64).ep(64).globalBatch(256)
                .zeroStage(1).build()).breakdownSeconds().get("epAllToAll");
        assertTrue(ep64Rack < ep64Nodes / 4, ep64Rack + " vs " + ep64Nodes);
    }

    /**
     * With a framework that refuses some shardings and schedules, the search (which asks the
     * framework once per layout and ZeRO stage) skips exactly the plans a per-plan check skips:
     * every framework, the same ranking and counts as a scan that asks for every variant.
     */
    @Test
    void eachFrameworksSearchSkipsExactlyThePlansItCannotRun() {
        for (io.clustersim.core.model.Framework framework : io.clustersim.core.model.Framework.values()) {
            AnalyticStepModel step = new AnalyticStepModel(framework.defaults());
            List<RankedPlan> bests = new java.util.ArrayList<>();
            long evaluated = 0;
            for (PlanSearch.Layout layout : PlanSearch.layouts(GPT, FLEET, SPACE)) {
                RankedPlan best = null;
                for (ParallelismPlan p : PlanSearch.variants(layout, SPACE)) {
                    if (!framework.problems(p).isEmpty()) {
                        continue;
                    }
                    evaluated++;
                    RankedPlan r = new RankedPlan(p, step.estimate(GPT, FLEET, p));
                    if (r.estimate().memory().fits() && (best == null || RankedPlan.ORDER.compare(r, best) < 0)) {
                        best = r;
                    }
                }
                if (best != null) {
                    bests.add(best);
                }
            }
            bests.sort(RankedPlan.ORDER);
            SearchResult result = new PlanSearch(step).search(GPT, FLEET, SPACE, 10);
            assertEquals(evaluated, result.evaluated(), framework.key());
            assertEquals(bests.subList(0, Math.min(10, bests.size())).stream().map(RankedPlan::plan).toList(),
                    result.ranked().stream().map(RankedPlan::plan).toList(), framework.key());
            if (framework != io.clustersim.core.model.Framework.GENERIC) {
                assertTrue(evaluated < PlanSearch.candidates(GPT, FLEET, SPACE).size(), framework.key() + " refuses some");
            }
        }
    }
}
