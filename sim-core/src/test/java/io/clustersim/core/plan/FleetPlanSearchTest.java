package io.clustersim.core.plan;

import io.clustersim.core.model.AnalyticStepModel;
import io.clustersim.core.model.Calibration;
import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.core.model.FleetPlan;
import io.clustersim.core.model.MultiDatacenterStepModel;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.PlanValidator;
import io.clustersim.core.model.Recompute;
import io.clustersim.core.model.SoftwareSpec;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Datacenter;
import io.clustersim.topology.Fleet;
import io.clustersim.topology.ScaleOutFabric;
import io.clustersim.topology.WanLink;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plan search over a fleet of several datacenters against a brute force over the fleet's plan
 * validator ({@link FleetPlan#split}) and the fleet's step model, for two schemes; and a fleet of
 * one datacenter searched exactly as its cluster.
 */
class FleetPlanSearchTest {

    static final ChipSpec A100 = ChipCatalog.standard().require("a100-80gb-sxm");
    /** The 12-layer GPT of {@link PlanSearchTest}. */
    static final TransformerSpec GPT = PlanSearchTest.GPT;
    static final SearchSpace SPACE = new SearchSpace(96);

    static ClusterSpec cluster(int chips) {
        return new ClusterSpec(A100, chips, 8, 8, ScaleOutFabric.nonBlocking(A100, 64)); // one fabric: the pipeline split needs the same everywhere
    }

    /** Two sites of unequal size (16 and 32 A100) over a 100 Gb/s, 5 ms link: the WAN matters. */
    static final Fleet FLEET = new Fleet(List.of(Datacenter.of("a", cluster(16)), Datacenter.of("b", cluster(32))),
            List.of(new WanLink("a", "b", 100e9, 5e-3)));

    static MultiDatacenterStepModel model(CrossDcSpec crossDc) {
        return new MultiDatacenterStepModel(new AnalyticStepModel(SoftwareSpec.modern()), Calibration.standard(),
                SoftwareSpec.modern(), crossDc);
    }

    /**
     * Every fleet plan the fleet's split accepts, by brute force over every degree up to the fleet
     * size (SP only with TP, ZeRO only with DP, virtual stages of equal size, as the single-site
     * brute force).
     */
    static Set<ParallelismPlan> bruteForce(TransformerSpec model, Fleet fleet, CrossDcSpec.Method method, int globalBatch) {
        Set<ParallelismPlan> out = new HashSet<>();
        int n = (int) fleet.chips();
        for (int tp = 1; tp <= n; tp++) {
            for (int cp = 1; tp * cp <= n; cp++) {
                for (int pp = 1; tp * cp * pp <= n; pp++) {
                    if (n % (tp * cp * pp) != 0) {
                        continue;
                    }
                    int dp = n / (tp * cp * pp);
                    for (int mb = 1; mb <= globalBatch; mb++) {
                        for (int v = 1; v <= model.layers(); v++) {
                            for (Recompute r : Recompute.values()) {
                                for (int zero = 0; zero <= (dp > 1 ? 3 : 0); zero++) {
                                    for (boolean sp : tp > 1 ? new boolean[] {false, true} : new boolean[] {false}) {
                                        ParallelismPlan p = new ParallelismPlan(tp, pp, dp, mb, globalBatch, cp, 1, v,
                                                sp, zero, r);
                                        boolean evenChunks = PlanValidator.stageLayers(model.layers(), pp) % v == 0; // what the search proposes
                                        if (evenChunks && FleetPlan.split(model, fleet, p, method).problems().isEmpty()) {
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
        return out;
    }

    @Test
    void searchesExactlyThePlansTheFleetAcceptsAndFindsTheFastest() {
        for (CrossDcSpec crossDc : List.of(CrossDcSpec.hierarchicalDp(), CrossDcSpec.pipeline())) {
            CrossDcSpec.Method method = crossDc.method();
            Set<ParallelismPlan> expected = bruteForce(GPT, FLEET, method, SPACE.globalBatch());
            List<ParallelismPlan> candidates = PlanSearch.candidates(GPT, FLEET, method, SPACE);
            assertEquals(candidates.size(), new HashSet<>(candidates).size(), "no duplicates");
            assertEquals(expected, new HashSet<>(candidates), method.key());
            assertTrue(expected.size() > 100, method.key() + ": " + expected.size() + " plans");

            MultiDatacenterStepModel fleetModel = model(crossDc);
            RankedPlan fastest = null;
            for (ParallelismPlan p : expected) {
                StepEstimate e = fleetModel.estimate(GPT, FLEET, p).step();
                if (e.memory().fits()) {
                    RankedPlan r = new RankedPlan(p, e);
                    if (fastest == null || RankedPlan.ORDER.compare(r, fastest) < 0) {
                        fastest = r;
                    }
                }
            }
            SearchResult result = new PlanSearch(fleetModel).search(GPT, FLEET, SPACE, 5);
            RankedPlan best = result.best().orElseThrow();
            System.out.printf("%s: %d plans; best %s, %.4f s (exposedWan %.4f s)%n", method.key(), expected.size(),
                    PlanFormat.describe(best.plan()), best.seconds(), best.estimate().breakdownSeconds().get("exposedWan"));
            assertEquals(fastest.plan(), best.plan(), method.key());
            assertEquals(fastest.seconds(), best.seconds(), 0);
            assertEquals(expected.size(), result.evaluated());
            assertEquals(48, result.chips());
            assertEquals(0, result.rejectedConstraints());
            for (RankedPlan r : result.ranked()) {
                assertTrue(r.estimate().breakdownSeconds().get("exposedWan") > 0,
                        "the WAN term is in every ranked breakdown: " + r.estimate().breakdownSeconds());
            }
        }
    }

    @Test
    void theWanChangesTheRanking() {
        // Over an unbounded WAN the two sites rank like one site of 48 chips; over a thin one, plans
        // that send less across it (fewer bytes per step) must win.
        Fleet unbounded = FLEET.withLinks(List.of(new WanLink("a", "b", 1e21, 0)));
        Fleet thin = FLEET.withLinks(List.of(new WanLink("a", "b", 10e9, 20e-3)));
        MultiDatacenterStepModel m = model(CrossDcSpec.hierarchicalDp());
        RankedPlan fast = new PlanSearch(m).search(GPT, unbounded, SPACE, 1).best().orElseThrow();
        RankedPlan slow = new PlanSearch(m).search(GPT, thin, SPACE, 1).best().orElseThrow();
        // every plan's hierarchical WAN cost is one bf16 gradient of all parameters: what differs is how
        // much of it hides behind backward, so the thin WAN's best must expose no more than the fast
        // WAN's best would on the thin WAN
        double fastOnThin = m.estimate(GPT, thin, fast.plan()).step().seconds();
        assertTrue(slow.seconds() <= fastOnThin, slow.seconds() + " vs " + fastOnThin);
        assertTrue(slow.estimate().breakdownSeconds().get("exposedWan")
                > 10 * fast.estimate().breakdownSeconds().get("exposedWan"));
    }

    @Test
    void aFleetOfOneIsSearchedExactlyAsItsCluster() {
        ClusterSpec c = cluster(64);
        SearchResult single = new PlanSearch(new AnalyticStepModel(SoftwareSpec.modern())).search(GPT, c, SPACE, 5);
        SearchResult viaFleet = new PlanSearch(model(CrossDcSpec.pipeline()))
                .search(GPT, Fleet.single(Datacenter.of("only", c)), SPACE, 5);
        assertEquals(single, viaFleet);
        assertEquals(PlanSearch.candidates(GPT, c, SPACE),
                PlanSearch.candidates(GPT, Fleet.single(Datacenter.of("only", c)), CrossDcSpec.Method.PIPELINE, SPACE));
    }
}
