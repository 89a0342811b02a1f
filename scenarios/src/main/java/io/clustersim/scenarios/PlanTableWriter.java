package io.clustersim.scenarios;

import io.clustersim.core.Scenario;
import io.clustersim.core.model.FleetPlan;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.plan.PlanComparison;
import io.clustersim.core.plan.PlanFormat;
import io.clustersim.core.plan.RankedPlan;
import io.clustersim.core.plan.SearchResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the ranking of a plan search as a terminal table: the best plan of each of the fastest
 * layouts with its step time, MFU, memory and breakdown, why the runner-up loses, and how a
 * scenario's own plan compares.
 *
 * <pre>{@code
 * String table = new PlanTableWriter().write(scenario, sim.search(scenario, 5), null);
 * }</pre>
 */
public final class PlanTableWriter {

    /**
     * The table, several lines ending in a newline.
     *
     * @param stated how the scenario's own plan compares with the best (best first), or {@code null}
     */
    public String write(Scenario scenario, SearchResult result, PlanComparison stated) {
        StringBuilder out = new StringBuilder();
        boolean sites = scenario.fleet().multiSite();
        line(out, "Plan search  %s: %.3g parameters on %d x %s%s, global batch %d x %d tokens",
                scenario.name(), scenario.model().parameterCount(), result.chips(), scenario.cluster().chip().id(),
                sites ? String.format(Locale.ROOT, " in %d datacenters (%s; step times include the WAN)",
                        scenario.fleet().datacenters().size(), scenario.crossDc().method().key()) : "",
                result.space().globalBatch(), scenario.model().seqLen());
        line(out, "  %d layouts, %d plans evaluated, %d fit in memory (%d do not)", result.layouts(),
                result.evaluated(), result.fitting(), result.rejectedMemory());
        if (result.best().isEmpty()) {
            line(out, "  %s", result.whyNone().orElse(""));
            return out.toString();
        }
        line(out, "");
        line(out, "  #   TP  CP   PP    v     DP  EP   mb  SP  ZeRO  recompute   step s     MFU   GB/chip");
        int rank = 1;
        for (RankedPlan r : result.ranked()) {
            ParallelismPlan p = r.plan();
            line(out, "%3d  %3d %3d %4d %4d %6d %3d %4d %3s %5d  %-9s %8.3f  %5.1f%%  %8.1f", rank++, p.tensor(),
                    p.context(), p.pipeline(), p.virtualStages(), p.data(), p.expert(), p.microBatch(),
                    p.sequenceParallel() ? "on" : "-", p.zeroStage(), p.recompute().name().toLowerCase(Locale.ROOT),
                    r.seconds(), 100 * r.estimate().mfu(), r.estimate().memory().perChipBytes() / 1e9);
            StringBuilder terms = new StringBuilder();
            for (Map.Entry<String, Double> e : r.estimate().breakdownSeconds().entrySet()) {
                if (e.getValue() > 0) {
                    terms.append(String.format(Locale.ROOT, "%s %.3g  ", e.getKey(), e.getValue()));
                }
            }
            line(out, "       %s", terms.toString().trim());
        }
        line(out, "");
        line(out, "Best        %s%s", PlanFormat.describe(result.best().get().plan()),
                sites ? perSite(scenario, result.best().get().plan()) : "");
        result.whyRunnerUpLoses().ifPresent(why -> line(out, "Runner-up   loses: %s", why.explain()));
        if (stated != null) {
            line(out, "Stated plan %s: %s", PlanFormat.describe(stated.worse().plan()),
                    stated.worse().plan().equals(stated.better().plan()) ? "is the best plan"
                            : stated.secondsSlower() == 0 ? "ties with the best on step time ("
                            + stated.explain() + ")" : stated.explain());
        }
        return out.toString();
    }

    /** How a fleet plan falls on the datacenters: "; per site: a dp 16, b dp 32" (or pp for a pipeline split). */
    private static String perSite(Scenario scenario, ParallelismPlan plan) {
        FleetPlan split = FleetPlan.split(scenario.model(), scenario.fleet(), plan, scenario.crossDc().method());
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < scenario.fleet().datacenters().size(); i++) {
            String name = scenario.fleet().datacenters().get(i).name();
            if (!split.stagesPerSite().isEmpty()) {
                parts.add(name + " pp " + split.stagesPerSite().get(i));
            } else if (i < split.sitePlans().size()) {
                parts.add(name + " dp " + split.sitePlans().get(i).data());
            }
        }
        return parts.isEmpty() ? "" : "; per site: " + String.join(", ", parts);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }
}
