package io.clustersim.core.sweep;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.InfeasibleScenarioException;
import io.clustersim.core.Report;
import io.clustersim.core.Scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a scenario over a range of one quantity and reads off the limits of scale-out: time to
 * train, achieved FLOP/s, scaling efficiency and MFU per point, and Amdahl's and the USL's fit
 * when the quantity is the number of chips.
 *
 * <pre>{@code
 * List<Sweep.Point> points = Sweep.chips(sim, scenario, Sweep.logSpaced(1_000, 1_000_000, 10), BatchPolicy.PER_REPLICA);
 * Sweep.Fits fits = Sweep.fit(points);
 * System.out.println(fits.usl().peakScale() * points.get(0).chips());
 * }</pre>
 */
public final class Sweep {

    private Sweep() {
    }

    /**
     * One point of a sweep.
     *
     * @param label   the swept value as written (e.g. {@code 400Tbps}, or the chips asked for)
     * @param value   the swept quantity's value (chips asked for, or the field's number)
     * @param chips   chips of the scenario actually run (0 when it could not be built)
     * @param report  the report ({@code null} when the point cannot run)
     * @param problem why the point cannot run ({@code null} when it ran)
     */
    public record Point(String label, double value, long chips, Report report, String problem) {
        /** Whether the point ran. */
        public boolean feasible() {
            return report != null;
        }

        /** Mean time to train, days. */
        public double days() {
            return report.run().wallClockDays().mean();
        }
    }

    /**
     * The scaling laws fitted to a chips sweep, relative to its smallest feasible point.
     *
     * @param baseChips chips of the smallest feasible point (x = 1)
     * @param amdahl    Amdahl's fit ({@code null} with fewer than 2 feasible points)
     * @param usl       the USL's fit ({@code null} with fewer than 3)
     */
    public record Fits(long baseChips, ScalingFit.Amdahl amdahl, ScalingFit.Usl usl) {
    }

    /** {@code n} values spaced evenly in log between {@code from} and {@code to} (inclusive). */
    public static List<Double> logSpaced(double from, double to, int n) {
        if (!(from > 0) || !(to > 0) || n < 1) {
            throw new IllegalArgumentException("a log-spaced range needs from, to > 0 and at least one point");
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(n == 1 ? from : from * Math.pow(to / from, (double) i / (n - 1)));
        }
        return out;
    }

    /** {@code n} values spaced evenly between {@code from} and {@code to} (inclusive). */
    public static List<Double> linearSpaced(double from, double to, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a range needs at least one point");
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(n == 1 ? from : from + (to - from) * i / (n - 1));
        }
        return out;
    }

    /** Runs {@code base} resized to each chip count (points whose resized fleet repeats an earlier one are skipped). */
    public static List<Point> chips(ClusterSim sim, Scenario base, List<Double> chips, BatchPolicy policy) {
        List<Point> points = new ArrayList<>();
        List<Long> seen = new ArrayList<>();
        // A searched plan: sizes follow the best plan on the scenario's own fleet (its replica and
        // batch rule), and each resized fleet searches its plan again.
        Scenario sizing = base;
        if (base.searchesPlan()) {
            try {
                sizing = base.withParallelism(sim.search(base, 1).best().orElseThrow(() ->
                        new InfeasibleScenarioException(java.util.List.of(new io.clustersim.core.model.Problem(
                                "parallelism", "no plan fits on the scenario's own fleet")))).plan());
            } catch (InfeasibleScenarioException e) {
                points.add(new Point("base", 0, 0, null, e.problems().get(0).key() + ": " + e.problems().get(0).message()));
                return points;
            }
        }
        for (double n : chips) {
            ChipScaling.Resized resized = ChipScaling.resize(sizing, Math.round(n), policy);
            if (resized.problem() == null && base.searchesPlan()) {
                Scenario s = resized.scenario();
                resized = new ChipScaling.Resized(resized.requestedChips(),
                        s.withPlanSearch(base.planSearch().withGlobalBatch(s.parallelism().globalBatch())), null);
            }
            if (resized.problem() != null) {
                points.add(new Point(label(n), n, 0, null, resized.problem()));
                continue;
            }
            if (seen.contains(resized.chips())) {
                continue;
            }
            seen.add(resized.chips());
            points.add(run(sim, label(n), n, resized.scenario()));
        }
        return points;
    }

    private static String label(double chips) {
        return String.format(java.util.Locale.ROOT, "%,d", Math.round(chips));
    }

    /**
     * Runs one point; an infeasible scenario, or a simulation that cannot complete (a stalled
     * trial, the event limit), becomes a point with its problem: one point never ends a sweep.
     */
    public static Point run(ClusterSim sim, String label, double value, Scenario scenario) {
        try {
            Report report = sim.run(scenario);
            return new Point(label, value, scenario.fleet().chips(), report, null);
        } catch (InfeasibleScenarioException e) {
            String problem = e.problems().isEmpty() ? "infeasible"
                    : e.problems().get(0).key() + ": " + e.problems().get(0).message();
            return new Point(label, value, scenario.fleet().chips(), null, problem);
        } catch (io.clustersim.core.engine.SimulationException e) {
            return new Point(label, value, scenario.fleet().chips(), null, "simulation failed: " + e.getMessage());
        }
    }

    /**
     * Amdahl and USL fitted to the speedup in time to train (mean days) of the feasible points,
     * relative to the one with the fewest chips.
     */
    public static Fits fit(List<Point> points) {
        List<Point> feasible = new ArrayList<>();
        for (Point p : points) {
            if (p.feasible()) {
                feasible.add(p);
            }
        }
        feasible.sort((a, b) -> Long.compare(a.chips(), b.chips()));
        if (feasible.isEmpty()) {
            return new Fits(0, null, null);
        }
        Point base = feasible.get(0);
        double[] x = new double[feasible.size()], s = new double[feasible.size()];
        for (int i = 0; i < feasible.size(); i++) {
            x[i] = (double) feasible.get(i).chips() / base.chips();
            s[i] = base.days() / feasible.get(i).days();
        }
        return new Fits(base.chips(), x.length >= 2 ? ScalingFit.amdahl(x, s) : null,
                x.length >= 3 ? ScalingFit.usl(x, s) : null);
    }
}
