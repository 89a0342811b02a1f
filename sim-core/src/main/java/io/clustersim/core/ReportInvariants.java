package io.clustersim.core;

import io.clustersim.core.engine.SimulationException;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The invariants every report must keep, checked before anything is written: goodput and every
 * time fraction in [0, 1], the time fractions summing to 1, the recovery fractions summing to the
 * recovery share, MFU ≤ HFU ≤ 1, and no NaN or infinity anywhere, except in the few fields where it
 * means "none" and the writers print null. A broken invariant is a bug in the simulator,
 * never a scenario mistake: it is an internal error naming the invariant, not a wrong report.
 *
 * <pre>{@code
 * ReportInvariants.check(report); // throws SimulationException("internal error: ...") when broken
 * }</pre>
 */
public final class ReportInvariants {

    /** Slack for sums of fractions computed in floating point. */
    static final double TOLERANCE = 1e-6;

    /**
     * Record components that hold infinity or NaN for "none" (no failures: infinite MTTF; no power
     * budget; no compute budget; ...): the report writers print them as null.
     */
    static final Set<String> MAY_BE_NONE = Set.of("mttfHours", "budgetMegawatts", "budgetFlops",
            "criticalBatchTokens", "kappaError", "sigmaError", "maxSpeedup", "peakChips", "checkpointIntervalSeconds",
            "secondsSlower", "daysAtConfidence", "failureFreeDays", "cost" /* a trial's cost when nothing is priced */,
            "medianAbsError", "withinBand", "largestAbsError" /* no measured rows behind a family's estimate */);

    private ReportInvariants() {
    }

    /** Throws a {@link SimulationException} naming the first invariant {@code report} breaks. */
    public static void check(Report report) {
        List<String> broken = violations(report);
        if (!broken.isEmpty()) {
            throw new SimulationException("internal error: the report breaks an invariant, " + broken.get(0)
                    + (broken.size() > 1 ? " (and " + (broken.size() - 1) + " more)" : "")
                    + "; nothing was written (please report this with the scenario)");
        }
    }

    /** Every invariant {@code report} breaks, described; empty when it keeps them all. */
    public static List<String> violations(Report report) {
        List<String> out = new ArrayList<>();
        walk(report, "report", out);
        Report.Run run = report.run();
        if (run != null) {
            inUnit(out, "run.goodput", run.goodput());
            double sum = 0;
            for (Map.Entry<String, Double> e : run.timeFractions().entrySet()) {
                inUnit(out, "run.timeFractions." + e.getKey(), e.getValue());
                sum += e.getValue();
            }
            if (!run.timeFractions().isEmpty() && Math.abs(sum - 1) > TOLERANCE) {
                out.add("run.timeFractions sum to " + sum + ", not 1");
            }
            double recovery = 0;
            for (Map.Entry<String, Double> e : run.recoveryFractions().entrySet()) {
                inUnit(out, "run.recoveryFractions." + e.getKey(), e.getValue());
                recovery += e.getValue();
            }
            Double share = run.timeFractions().get("recovery");
            if (share != null && !run.recoveryFractions().isEmpty() && Math.abs(recovery - share) > TOLERANCE) {
                out.add("run.recoveryFractions sum to " + recovery + ", not the recovery share " + share);
            }
        }
        Report.Step step = report.step();
        if (step != null) {
            if (!(step.mfu() >= 0 && step.mfu() <= step.hfu() + TOLERANCE && step.hfu() <= 1 + TOLERANCE)) {
                out.add("step MFU " + step.mfu() + " ≤ HFU " + step.hfu() + " ≤ 1 does not hold");
            }
            for (io.clustersim.core.model.ValidatedAccuracy.Entry v : step.validation()) {
                // NaN says "no rows": exactly when there are none
                boolean none = v.heldOutRows() == 0;
                if (java.util.stream.DoubleStream.of(v.medianAbsError(), v.withinBand(), v.largestAbsError())
                        .anyMatch(x -> Double.isNaN(x) != none)) {
                    out.add("step.validation " + v.family() + " " + v.kind() + ": fractions NaN unless it has no rows, was " + v);
                }
            }
            if (!(step.seconds() > 0)) {
                out.add("step.seconds " + step.seconds() + " is not > 0");
            }
        }
        return out;
    }

    private static void inUnit(List<String> out, String name, double value) {
        if (!(value >= -TOLERANCE && value <= 1 + TOLERANCE)) {
            out.add(name + " = " + value + " is not in [0, 1]");
        }
    }

    /** Every double (in records, lists and maps) finite, but for the fields that may say "none". */
    private static void walk(Object value, String path, List<String> out) {
        if (value == null) {
            return;
        }
        if (value instanceof Double d) {
            String leaf = path.substring(path.lastIndexOf('.') + 1);
            if (!Double.isFinite(d) && !MAY_BE_NONE.contains(leaf)) {
                out.add(path + " is " + d);
            }
        } else if (value instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    walk(c.getAccessor().invoke(r), path + "." + c.getName(), out);
                } catch (ReflectiveOperationException e) {
                    out.add(path + "." + c.getName() + " cannot be read: " + e);
                }
            }
        } else if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                walk(e.getValue(), path + "." + e.getKey(), out);
            }
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                walk(l.get(i), path + "[" + i + "]", out);
            }
        }
    }
}
