package io.clustersim.core.plan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FleetSizerTest {

    static List<Integer> multiplesOf8(int upTo) {
        List<Integer> out = new ArrayList<>();
        for (int c = 8; c <= upTo; c += 8) {
            out.add(c);
        }
        return out;
    }

    /** A job of 4,096 chip-days; nothing fits below 64 chips. */
    static double failureFree(int chips) {
        return chips < 64 ? Double.NaN : 4_096.0 / chips;
    }

    /** Failures add time in proportion to the fleet (more chips, more failures), at a P90. */
    static double p90(int chips) {
        return failureFree(chips) * (1 + chips / 50_000.0) + 0.1;
    }

    /** The smallest candidate that meets the deadline, by linear scan. */
    static Integer linearScan(List<Integer> sizes, double deadline, java.util.function.IntToDoubleFunction days) {
        for (int c : sizes) {
            if (days.applyAsDouble(c) <= deadline) {
                return c;
            }
        }
        return null;
    }

    @Test
    void agreesWithALinearScanAndSimulatesLogarithmicallyMany() {
        List<Integer> sizes = multiplesOf8(4_096);
        for (double deadline : new double[] {0.3, 1, 1.2, 2.5, 7, 40, 60.2, 64.2, 1000}) {
            List<Integer> simulated = new ArrayList<>();
            FleetSizer.Sizing s = FleetSizer.solve(new Deadline(deadline, 0.9, 0, 0), sizes, FleetSizerTest::failureFree,
                    chips -> {
                        simulated.add(chips);
                        return FleetSizer.Outcome.of(chips, p90(chips));
                    });
            Integer expected = linearScan(sizes, deadline, FleetSizerTest::p90);
            assertEquals(sizes.size(), s.candidates());
            assertEquals(sizes.size() - 7, s.frontier(), "every fleet that fits is faster than the smaller ones");
            if (expected == null) {
                assertFalse(s.met(), "deadline " + deadline);
                assertTrue(simulated.size() <= 1);
            } else {
                assertTrue(s.met());
                assertEquals(expected.intValue(), s.chips(), "deadline " + deadline);
                assertTrue(simulated.size() <= 20, simulated.size() + " simulations for 505 candidates");
                assertEquals(simulated.size(), s.simulated().size());
                assertTrue(s.chosen().meets(deadline));
            }
        }
    }

    @Test
    void awkwardSizesThatAreSlowerThanSmallerOnesAreSkipped() {
        // Every third size forces a bad plan: half the speed. The linear scan over all sizes and the
        // sizing agree, and the slow sizes are never simulated.
        List<Integer> sizes = multiplesOf8(2_048);
        java.util.function.IntToDoubleFunction slow = c -> (c / 8) % 3 == 0 ? 2 * failureFree(c) : failureFree(c);
        java.util.function.IntToDoubleFunction slowP90 = c -> (c / 8) % 3 == 0 ? 2 * p90(c) : p90(c);
        for (double deadline : new double[] {3, 5, 10, 20, 33}) {
            List<Integer> simulated = new ArrayList<>();
            FleetSizer.Sizing s = FleetSizer.solve(new Deadline(deadline, 0.9, 0, 0), sizes, slow, chips -> {
                simulated.add(chips);
                return FleetSizer.Outcome.of(chips, slowP90.applyAsDouble(chips));
            });
            assertEquals(linearScan(sizes, deadline, slowP90), Integer.valueOf(s.chips()), "deadline " + deadline);
            assertTrue(simulated.stream().noneMatch(c -> (c / 8) % 3 == 0), "a slow size was simulated: " + simulated);
        }
    }

    @Test
    void failuresOutgrowingTheSpeedUpAtLargeFleetsDoNotHideASmallFleetThatMeetsTheDeadline() {
        // The wall clock at the confidence falls, bottoms out near 2,000 chips and rises again as
        // failures (in proportion to the fleet) outgrow the speed-up: a U.
        List<Integer> sizes = multiplesOf8(4_096);
        java.util.function.IntToDoubleFunction u = c -> failureFree(c) + 0.1 + c / 1_000.0;
        for (double deadline : new double[] {4.2, 4.5, 5, 8, 20, 60}) {
            FleetSizer.Sizing s = FleetSizer.solve(new Deadline(deadline, 0.9, 0, 0), sizes, FleetSizerTest::failureFree,
                    chips -> FleetSizer.Outcome.of(chips, u.applyAsDouble(chips)));
            assertEquals(linearScan(sizes, deadline, u), Integer.valueOf(s.chips()), "deadline " + deadline);
            assertTrue(s.met());
        }
        // below the bottom of the U nothing meets it: the answer is the fastest fleet simulated
        FleetSizer.Sizing none = FleetSizer.solve(new Deadline(4.0, 0.9, 0, 0), sizes, FleetSizerTest::failureFree,
                chips -> FleetSizer.Outcome.of(chips, u.applyAsDouble(chips)));
        assertFalse(none.met());
        assertTrue(u.applyAsDouble(none.chips()) < 4.3, "the shortest simulated: " + none.chips());
    }

    @Test
    void edgeCases() {
        FleetSizer.Sizing first = FleetSizer.solve(new Deadline(10, 0.5, 0, 0), List.of(8, 16, 32), c -> 1.0 / c,
                chips -> FleetSizer.Outcome.of(chips, 1.0));
        assertEquals(8, first.chips());
        assertTrue(first.met());
        // the lower bound already misses: only the fastest fleet is simulated, to report it
        List<Integer> simulated = new ArrayList<>();
        FleetSizer.Sizing late = FleetSizer.solve(new Deadline(1, 0.5, 0, 0), List.of(8, 16, 32), c -> 100.0 / c,
                chips -> {
                    simulated.add(chips);
                    return FleetSizer.Outcome.of(chips, 200.0 / chips);
                });
        assertFalse(late.met());
        assertEquals(32, late.chips());
        assertEquals(List.of(32), simulated, "only the fastest is simulated, to report it");
        assertNull(FleetSizer.solve(new Deadline(1, 0.5, 0, 0), List.of(8, 16), c -> Double.NaN,
                chips -> FleetSizer.Outcome.of(chips, 1)));
    }

    /**
     * Choosing by cost: a job that scales sub-linearly (days ~ chips^-0.9), so its chip-days grow
     * with the fleet; billed {@code used} (job chips only) the smallest timely fleet is the cheapest,
     * billed {@code reserved} with 64 spare chips held for the whole run a larger fleet is cheaper
     * (the spares cost less over a shorter run). The answer must match a brute-force minimum over
     * every timely candidate, and the bound must spare some simulations.
     */
    @Test
    void cheapestAgreesWithBruteForceAndBillingDecides() {
        List<Integer> sizes = multiplesOf8(1_024);
        Deadline deadline = new Deadline(60, 0.9, 0, 0);
        java.util.function.IntToDoubleFunction ff = c -> 4_096.0 / Math.pow(c, 0.9);
        java.util.function.IntToDoubleFunction days = c -> ff.applyAsDouble(c) * 1.1;
        int smallest = FleetSizer.solve(deadline, sizes, ff, c -> FleetSizer.Outcome.of(c, days.applyAsDouble(c)))
                .chips();
        int[] spareChips = {0, 64}; // used: no spares billed; reserved: 64 spare chips billed all along
        int[] chosen = new int[2];
        for (int k = 0; k < 2; k++) {
            int spares = spareChips[k];
            List<Integer> simulated = new ArrayList<>();
            FleetSizer.Sizing s = FleetSizer.solve(deadline, sizes, ff, c -> {
                simulated.add(c);
                return FleetSizer.Outcome.of(c, days.applyAsDouble(c), (c + spares) * days.applyAsDouble(c));
            }, FleetSizer.Criterion.cheapest(c -> (c + spares) * ff.applyAsDouble(c)));
            int brute = -1;
            double bruteCost = Double.POSITIVE_INFINITY;
            for (int c : sizes) {
                double cost = (c + spares) * days.applyAsDouble(c);
                if (days.applyAsDouble(c) <= deadline.days() && cost < bruteCost) {
                    brute = c;
                    bruteCost = cost;
                }
            }
            assertTrue(s.met());
            assertEquals("cost", s.chosenBy());
            assertEquals(brute, s.chips(), "spares " + spares);
            assertTrue(simulated.size() < sizes.size(), "the failure-free bound prunes: " + simulated.size());
            chosen[k] = s.chips();
        }
        assertEquals(smallest, chosen[0], "billed used, the smallest timely fleet is the cheapest");
        assertTrue(chosen[1] > 2 * smallest, "billed reserved, a larger fleet is cheaper: " + chosen[1]);
    }

    @Test
    void cheapestNeedsPricedOutcomes() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () ->
                FleetSizer.solve(new Deadline(10, 0.5, 0, 0), List.of(8, 16), c -> 1.0 / c,
                        c -> FleetSizer.Outcome.of(c, 1.0), FleetSizer.Criterion.cheapest(c -> c)));
    }
}
