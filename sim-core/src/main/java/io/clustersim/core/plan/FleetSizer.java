package io.clustersim.core.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Finds the smallest fleet whose simulated wall clock at a confidence meets a deadline, among
 * candidate fleet sizes.
 *
 * <p>The search is a bisection over the candidates, so it simulates O(log n) fleets: it assumes
 * that within the candidates a larger fleet never finishes later — true where scaling is efficient,
 * and tested; a fleet on which no plan runs (too small to fit the model) counts as late. The
 * largest candidate is simulated first: if even it is late, the answer is "not met" at that size.
 *
 * <pre>{@code
 * FleetSizer.Sizing s = FleetSizer.solve(deadline, List.of(1024, 2048, 4096),
 *         chips -> FleetSizer.Outcome.of(chips, simulateP90Days(chips)));
 * int chips = s.chips();
 * }</pre>
 */
public final class FleetSizer {

    private FleetSizer() {
    }

    /**
     * What one fleet gives.
     *
     * @param chips            fleet size
     * @param daysAtConfidence wall clock at the deadline's confidence, days; NaN when nothing runs on it
     * @param note             why nothing runs on it, or empty
     */
    public record Outcome(int chips, double daysAtConfidence, String note) {

        public static Outcome of(int chips, double daysAtConfidence) {
            return new Outcome(chips, daysAtConfidence, "");
        }

        public static Outcome infeasible(int chips, String why) {
            return new Outcome(chips, Double.NaN, why);
        }

        /** Whether it meets a deadline of {@code days}. */
        public boolean meets(double days) {
            return daysAtConfidence <= days; // false for NaN
        }
    }

    /**
     * The answer.
     *
     * @param deadline  the deadline
     * @param chips     the smallest candidate that meets it, or the largest candidate when none does
     * @param met       whether {@code chips} meets it
     * @param simulated every candidate evaluated, by size
     */
    public record Sizing(Deadline deadline, int chips, boolean met, List<Outcome> simulated) {
        public Sizing {
            simulated = List.copyOf(simulated);
        }

        /** The chosen fleet's outcome. */
        public Outcome chosen() {
            return simulated.stream().filter(o -> o.chips() == chips).findFirst().orElseThrow();
        }
    }

    /**
     * Bisects the candidates.
     *
     * @param candidates fleet sizes, strictly ascending, not empty
     * @param evaluate   simulates one fleet; called at most once per size
     */
    public static Sizing solve(Deadline deadline, List<Integer> candidates, IntFunction<Outcome> evaluate) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidate fleets");
        }
        for (int i = 1; i < candidates.size(); i++) {
            if (candidates.get(i) <= candidates.get(i - 1)) {
                throw new IllegalArgumentException("candidate fleets must be strictly ascending");
            }
        }
        Map<Integer, Outcome> seen = new TreeMap<>();
        IntFunction<Outcome> memo = i -> seen.computeIfAbsent(candidates.get(i), evaluate::apply);
        int hi = candidates.size() - 1;
        if (!memo.apply(hi).meets(deadline.days())) {
            return new Sizing(deadline, candidates.get(hi), false, new ArrayList<>(seen.values()));
        }
        int lo = -1; // invariant: candidates[hi] meets the deadline; candidates[lo] (if any) does not
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (memo.apply(mid).meets(deadline.days())) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return new Sizing(deadline, candidates.get(hi), true, new ArrayList<>(seen.values()));
    }
}
