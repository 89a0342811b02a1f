package io.clustersim.core.scaling;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScalingLawTest {

    /** Gopher's (and Chinchilla's) training budget, FLOPs (Hoffmann et al. 2022, Table 3). */
    static final double GOPHER_BUDGET = 5.76e23;

    /**
     * The N minimising L(N, C/6N), found numerically (golden-section search on log N) — an
     * independent check of the closed form.
     */
    static double numericOptimalN(ScalingLaw law, double c) {
        double lo = Math.log(1e6), hi = Math.log(1e15);
        double g = (Math.sqrt(5) - 1) / 2;
        for (int i = 0; i < 200; i++) {
            double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
            double n1 = Math.exp(x1), n2 = Math.exp(x2);
            if (law.loss(n1, c / 6 / n1) < law.loss(n2, c / 6 / n2)) {
                hi = x2;
            } else {
                lo = x1;
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    @Test
    void epochRefitPutsGophersBudgetNearChinchillas70BOn1point4T() {
        ScalingLaw.Allocation a = ScalingLaw.EPOCH_2024.computeOptimal(GOPHER_BUDGET);
        System.out.printf("epoch-2024 at 5.76e23: N %.3g, D %.3g, D/N %.1f, loss %.4f%n", a.parameters(), a.tokens(),
                a.tokensPerParameter(), a.loss());
        assertEquals(numericOptimalN(ScalingLaw.EPOCH_2024, GOPHER_BUDGET), a.parameters(), 1e-6 * a.parameters());
        assertEquals(GOPHER_BUDGET, a.computeFlops(), 1e-9 * GOPHER_BUDGET);
        // Chinchilla itself: 70B parameters on 1.4T tokens (approach 1's ~20 tokens per parameter)
        assertEquals(70e9, a.parameters(), 0.10 * 70e9);
        assertEquals(1.4e12, a.tokens(), 0.10 * 1.4e12);
        assertEquals(20, a.tokensPerParameter(), 3);
    }

    @Test
    void publishedApproach3FitGivesFarMoreTokensPerParameterThanApproach1() {
        ScalingLaw.Allocation a = ScalingLaw.CHINCHILLA.computeOptimal(GOPHER_BUDGET);
        System.out.printf("chinchilla approach 3 at 5.76e23: N %.3g, D %.3g, D/N %.1f, loss %.4f%n", a.parameters(),
                a.tokens(), a.tokensPerParameter(), a.loss());
        assertEquals(numericOptimalN(ScalingLaw.CHINCHILLA, GOPHER_BUDGET), a.parameters(), 1e-6 * a.parameters());
        // The closed form G (C/6)^(β/(α+β)) evaluated by hand from the published constants.
        double g = Math.pow(0.34 * 406.4 / (0.28 * 410.7), 1 / 0.62);
        assertEquals(g * Math.pow(GOPHER_BUDGET / 6, 0.28 / 0.62), a.parameters(), 1e-9 * a.parameters());
        assertTrue(a.parameters() < 40e9 && a.tokensPerParameter() > 60,
                "approach 3 as published: a smaller model on more data than approach 1's 70B / 1.4T");
    }

    @Test
    void allocationExponentsMatchTheReference() {
        // N_opt ∝ C^(β/(α+β)): 0.45 for Chinchilla approach 3, ~0.51 for Epoch's refit.
        for (ScalingLaw law : ScalingLaw.all()) {
            double n1 = law.computeOptimal(1e21).parameters(), n2 = law.computeOptimal(1e25).parameters();
            assertEquals(law.beta() / (law.alpha() + law.beta()), Math.log(n2 / n1) / Math.log(1e4), 1e-9);
        }
        assertEquals(0.51, ScalingLaw.EPOCH_2024.beta() / (ScalingLaw.EPOCH_2024.alpha() + ScalingLaw.EPOCH_2024.beta()), 0.01);
    }

    @Test
    void cheapestWayToALossIsOnTheComputeOptimalFrontier() {
        for (ScalingLaw law : ScalingLaw.all()) {
            double target = law.e() + 0.25;
            ScalingLaw.Allocation a = law.cheapestFor(target);
            assertEquals(target, a.loss(), 1e-9);
            // the compute-optimal allocation of that much compute is the same point
            ScalingLaw.Allocation same = law.computeOptimal(a.computeFlops());
            assertEquals(a.parameters(), same.parameters(), 1e-6 * a.parameters());
            assertEquals(target, same.loss(), 1e-9);
            // any other model size needs more compute to reach the same loss
            for (double f : new double[] {0.5, 0.9, 1.1, 2}) {
                double n = f * a.parameters();
                double d = law.tokensFor(n, target);
                assertEquals(target, law.loss(n, d), 1e-9);
                assertTrue(6 * n * d > a.computeFlops(), law.id() + " x" + f);
            }
        }
    }

    @Test
    void unreachableLossesAreExplained() {
        IllegalArgumentException below = assertThrows(IllegalArgumentException.class,
                () -> ScalingLaw.CHINCHILLA.cheapestFor(1.5));
        assertTrue(below.getMessage().contains("irreducible loss is 1.69"), below.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> ScalingLaw.EPOCH_2024.tokensFor(1e8, 2.0));
        assertTrue(small.getMessage().contains("cannot reach loss"), small.getMessage());
    }

    @Test
    void lawsAreFoundById() {
        assertEquals(ScalingLaw.CHINCHILLA, ScalingLaw.find("chinchilla").orElseThrow());
        assertEquals(ScalingLaw.EPOCH_2024, ScalingLaw.find("epoch-2024").orElseThrow());
        assertTrue(ScalingLaw.find("kaplan").isEmpty());
    }
}
