package io.clustersim.core.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;

/**
 * Finds the smallest fleet whose simulated wall clock at a confidence meets a deadline, among
 * candidate fleet sizes.
 *
 * <h2>How</h2>
 * <ol>
 *   <li>Every candidate's <em>failure-free</em> wall clock (steps × step time — cheap: the step
 *       model, or one plan search per fleet) is a lower bound on its simulated wall clock, since
 *       failures, checkpoints and recovery only add time.</li>
 *   <li>Only the <em>frontier</em> competes: candidates failure-free faster than every smaller one.
 *       A larger fleet that is not faster (an awkward size that forces a worse plan) also fails
 *       more often, so in expectation it never beats the smaller, faster one; it is skipped.
 *       Frontier candidates whose lower bound already misses the deadline are out.</li>
 *   <li>What remains is probed with the Monte Carlo from the small end, at indices 0, 1, 3, 7, 15,
 *       … (galloping), until one meets the deadline; then bisected between the last late probe and
 *       that one: O(log k) simulations for an answer at index k. Probing from the small end matters:
 *       at very large fleets failures can grow faster than the speed-up (the wall clock at the
 *       confidence turns up again), and that region must not hide a smaller fleet that meets the
 *       deadline.</li>
 * </ol>
 * The answer is exact when, between the last late probe and the first timely one, the wall clock
 * at the confidence falls as the fleet grows — true where scaling is efficient (tested). If no
 * probe meets the deadline (the largest candidate is always probed), the answer is "not met" at
 * the simulated fleet with the shortest wall clock.
 *
 * <pre>{@code
 * FleetSizer.Sizing s = FleetSizer.solve(deadline, List.of(1024, 2048, 4096),
 *         chips -> failureFreeDays(chips), chips -> FleetSizer.Outcome.of(chips, simulateP90Days(chips)));
 * int chips = s.chips();
 * }</pre>
 */
public final class FleetSizer {

    private FleetSizer() {
    }

    /**
     * One simulated fleet.
     *
     * @param chips            fleet size
     * @param daysAtConfidence simulated wall clock at the deadline's confidence, days
     * @param cost             its total cost (means over trials), NaN when not priced
     */
    public record Outcome(int chips, double daysAtConfidence, double cost) {

        /** An outcome without a price (cost NaN): enough for {@link Criterion#SMALLEST}. */
        public static Outcome of(int chips, double daysAtConfidence) {
            return new Outcome(chips, daysAtConfidence, Double.NaN);
        }

        /**
         * An outcome with its total cost (any currency, the same for every candidate), as
         * {@link Criterion#cheapest} compares them.
         */
        public static Outcome of(int chips, double daysAtConfidence, double cost) {
            return new Outcome(chips, daysAtConfidence, cost);
        }

        /** Whether it meets a deadline of {@code days}. */
        public boolean meets(double days) {
            return daysAtConfidence <= days;
        }
    }

    /**
     * What chooses among the fleets that meet the deadline.
     *
     * <p>{@link #SMALLEST} (the default) stops at the smallest timely fleet. {@link #cheapest}
     * continues past it: every larger frontier fleet whose failure-free cost (a lower bound on its
     * simulated cost, since failures only add billed time) is below the cheapest simulated so far is
     * simulated, in ascending order of that bound, and the cheapest timely one wins. A larger fleet
     * can be cheaper when it finishes so much sooner that fewer chip-hours are billed, or with
     * {@code billing = reserved}, when its fixed spares cost less per day of a shorter run.
     *
     * @param key             {@code smallest} or {@code cost}, as the report's deadline section names it
     * @param failureFreeCost each fleet's cost without failures; {@code null} for {@link #SMALLEST}
     */
    public record Criterion(String key, IntToDoubleFunction failureFreeCost) {

        /** The smallest fleet that meets the deadline. */
        public static final Criterion SMALLEST = new Criterion("smallest", null);

        /**
         * The cheapest fleet that meets the deadline; the simulate function must give outcomes with a cost.
         *
         * @param failureFreeCost a lower bound on each fleet's total cost (its cost without failures)
         */
        public static Criterion cheapest(IntToDoubleFunction failureFreeCost) {
            return new Criterion("cost", java.util.Objects.requireNonNull(failureFreeCost));
        }
    }

    /**
     * The answer.
     *
     * @param deadline   the deadline
     * @param chips      the smallest candidate that meets it; when none does, the simulated fleet with
 *                   the shortest wall clock at the confidence
     * @param met        whether {@code chips} meets it
     * @param candidates candidate fleets considered
     * @param frontier   of those, fleets failure-free faster than every smaller one
     * @param simulated  every fleet simulated, by size
     * @param chosenBy   the criterion's key: {@code smallest} or {@code cost}
     */
    public record Sizing(Deadline deadline, int chips, boolean met, int candidates, int frontier,
                         List<Outcome> simulated, String chosenBy) {
        public Sizing {
            simulated = List.copyOf(simulated);
        }

        /** The chosen fleet's outcome. */
        public Outcome chosen() {
            return simulated.stream().filter(o -> o.chips() == chips).findFirst().orElseThrow();
        }
    }

    /**
     * Sizes the fleet.
     *
     * @param candidates      fleet sizes, strictly ascending, not empty
     * @param failureFreeDays each fleet's wall clock without failures, days; NaN when nothing runs on it
     * @param simulate        simulates one fleet; called at most once per size
     * @return the sizing, or {@code null} when nothing runs on any candidate
     */
    public static Sizing solve(Deadline deadline, List<Integer> candidates, IntToDoubleFunction failureFreeDays,
                               IntFunction<Outcome> simulate) {
        return solve(deadline, candidates, failureFreeDays, simulate, Criterion.SMALLEST);
    }

    /**
     * Sizes the fleet, choosing among the timely fleets by {@code criterion}.
     *
     * @see #solve(Deadline, List, IntToDoubleFunction, IntFunction)
     */
    public static Sizing solve(Deadline deadline, List<Integer> candidates, IntToDoubleFunction failureFreeDays,
                               IntFunction<Outcome> simulate, Criterion criterion) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidate fleets");
        }
        for (int i = 1; i < candidates.size(); i++) {
            if (candidates.get(i) <= candidates.get(i - 1)) {
                throw new IllegalArgumentException("candidate fleets must be strictly ascending");
            }
        }
        List<Integer> frontier = new ArrayList<>();
        List<Integer> inTime = new ArrayList<>(); // frontier fleets whose lower bound meets the deadline
        double fastest = Double.POSITIVE_INFINITY;
        for (int chips : candidates) {
            double days = failureFreeDays.applyAsDouble(chips);
            if (days < fastest) { // false for NaN
                fastest = days;
                frontier.add(chips);
                if (days <= deadline.days()) {
                    inTime.add(chips);
                }
            }
        }
        if (frontier.isEmpty()) {
            return null;
        }
        Map<Integer, Outcome> seen = new TreeMap<>();
        if (inTime.isEmpty()) {
            int best = frontier.get(frontier.size() - 1);
            seen.put(best, simulate.apply(best));
            return new Sizing(deadline, best, false, candidates.size(), frontier.size(), new ArrayList<>(seen.values()),
                    criterion.key());
        }
        IntFunction<Outcome> memo = i -> seen.computeIfAbsent(inTime.get(i), simulate::apply);
        int n = inTime.size();
        int late = -1, timely = -1;
        for (int probe = 0, gap = 1; ; probe += gap, gap *= 2) {
            int i = Math.min(probe, n - 1);
            if (memo.apply(i).meets(deadline.days())) {
                timely = i;
                break;
            }
            late = i;
            if (i == n - 1) {
                break;
            }
        }
        if (timely < 0) {
            Outcome best = seen.values().stream()
                    .min(java.util.Comparator.comparingDouble(Outcome::daysAtConfidence)).orElseThrow();
            return new Sizing(deadline, best.chips(), false, candidates.size(), frontier.size(),
                    new ArrayList<>(seen.values()), criterion.key());
        }
        int lo = late, hi = timely; // inTime[hi] meets the deadline; inTime[lo] (if any) does not
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (memo.apply(mid).meets(deadline.days())) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        int chosen = criterion.failureFreeCost() == null ? inTime.get(hi)
                : cheapest(deadline, inTime.subList(hi, n), criterion.failureFreeCost(), memo, hi);
        return new Sizing(deadline, chosen, true, candidates.size(), frontier.size(),
                new ArrayList<>(seen.values()), criterion.key());
    }

    /**
     * The cheapest timely fleet among {@code timely} (the smallest timely fleet first, then the larger
     * frontier fleets): branch and bound on the failure-free cost, a lower bound on the simulated one.
     *
     * @param offset index of {@code timely.get(0)} in the list {@code memo} indexes
     */
    private static int cheapest(Deadline deadline, List<Integer> timely, IntToDoubleFunction failureFreeCost,
                                IntFunction<Outcome> memo, int offset) {
        Outcome first = memo.apply(offset);
        if (Double.isNaN(first.cost())) {
            throw new IllegalArgumentException("choosing by cost needs outcomes with a cost");
        }
        int best = first.chips();
        double bestCost = first.cost();
        List<Integer> order = new ArrayList<>();
        for (int i = 1; i < timely.size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparingDouble(i -> failureFreeCost.applyAsDouble(timely.get(i))));
        for (int i : order) {
            if (!(failureFreeCost.applyAsDouble(timely.get(i)) < bestCost)) {
                break; // this and every later bound cannot beat the best
            }
            Outcome o = memo.apply(offset + i);
            if (o.meets(deadline.days()) && o.cost() < bestCost) {
                best = o.chips();
                bestCost = o.cost();
            }
        }
        return best;
    }
}
