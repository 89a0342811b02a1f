package io.clustersim.core.plan;

import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.RecomputeModule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Why one plan loses to another: which settings differ, and which terms of the step's breakdown
 * account for the difference in step time.
 *
 * <pre>{@code
 * PlanComparison why = PlanComparison.of(result.best(), result.runnerUp());
 * System.out.println(why.explain()); // "0.41 s (6.0%) slower: ppBubble +0.52 s, exposedDp -0.11 s; differs in ..."
 * }</pre>
 *
 * @param better      the faster plan
 * @param worse       the slower plan
 * @param differences settings that differ, as {@code key worse-value (better-value)}, scenario key names
 * @param termDeltas  breakdown terms of the worse minus the better, seconds; largest |Δ| first, terms
 *                    that differ by less than 0.1% of the better step time left out
 */
public record PlanComparison(RankedPlan better, RankedPlan worse, List<String> differences,
                             Map<String, Double> termDeltas) {

    /** Terms that differ by less than this share of the better step time are not worth naming. */
    static final double NEGLIGIBLE = 1e-3;

    public PlanComparison {
        differences = List.copyOf(differences);
        termDeltas = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(termDeltas));
    }

    /** Compares two ranked plans. */
    public static PlanComparison of(RankedPlan better, RankedPlan worse) {
        ParallelismPlan b = better.plan(), w = worse.plan();
        List<String> diff = new ArrayList<>();
        differ(diff, "tp", w.tensor(), b.tensor());
        differ(diff, "cp", w.context(), b.context());
        differ(diff, "pp", w.pipeline(), b.pipeline());
        differ(diff, "dp", w.data(), b.data());
        differ(diff, "ep", w.expert(), b.expert());
        differ(diff, "etp", w.expertTensor(), b.expertTensor());
        differ(diff, "virtual-stages", w.virtualStages(), b.virtualStages());
        differ(diff, "micro-batch", w.microBatch(), b.microBatch());
        differ(diff, "sequence-parallel", w.sequenceParallel(), b.sequenceParallel());
        differ(diff, "zero-stage", w.zeroStage(), b.zeroStage());
        differ(diff, "shard-group", w.shardDegree(), b.shardDegree());
        differ(diff, "recompute", w.recompute().name().toLowerCase(Locale.ROOT), b.recompute().name().toLowerCase(Locale.ROOT));
        differ(diff, "recompute-modules", modules(w), modules(b));
        differ(diff, "first-stage-layers", stageLayers(w.firstStageLayers()), stageLayers(b.firstStageLayers()));
        differ(diff, "last-stage-layers", stageLayers(w.lastStageLayers()), stageLayers(b.lastStageLayers()));
        Map<String, Double> deltas = new LinkedHashMap<>();
        double floor = NEGLIGIBLE * better.seconds();
        List<Map.Entry<String, Double>> entries = new ArrayList<>();
        for (Map.Entry<String, Double> e : worse.estimate().breakdownSeconds().entrySet()) {
            double delta = e.getValue() - better.estimate().breakdownSeconds().getOrDefault(e.getKey(), 0.0);
            if (Math.abs(delta) >= floor) {
                entries.add(Map.entry(e.getKey(), delta));
            }
        }
        // largest effect first; names break ties so the order is fixed
        entries.sort(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -Math.abs(e.getValue()))
                .thenComparing(Map.Entry::getKey));
        entries.forEach(e -> deltas.put(e.getKey(), e.getValue()));
        return new PlanComparison(better, worse, diff, deltas);
    }

    private static String stageLayers(int stated) {
        return stated > 0 ? Integer.toString(stated) : "even";
    }

    private static String modules(ParallelismPlan p) {
        return String.join(",", RecomputeModule.configNames(p.recomputeModules()));
    }

    private static void differ(List<String> out, String key, Object worse, Object better) {
        if (!worse.equals(better)) {
            out.add(key + " " + worse + " (" + better + ")");
        }
    }

    /** How much longer the worse plan's step is, seconds (0 on a tie). */
    public double secondsSlower() {
        return worse.seconds() - better.seconds();
    }

    /** The breakdown term that grows most, or {@code null} when none grows noticeably. */
    public String mainTerm() {
        return termDeltas.entrySet().stream().filter(e -> e.getValue() > 0)
                .max(Comparator.comparingDouble((Map.Entry<String, Double> e) -> e.getValue())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey).orElse(null);
    }

    /** One line: how much slower, the terms that differ, the settings that differ. */
    public String explain() {
        StringBuilder sb = new StringBuilder();
        double slower = secondsSlower();
        if (slower > 0) {
            sb.append(String.format(Locale.ROOT, "%.3g s (%.1f%%) slower", slower, 100 * slower / better.seconds()));
        } else if (slower < 0) { // a stated plan the search does not reach (an HSDP shard group, a stage layout)
            sb.append(String.format(Locale.ROOT, "%.3g s (%.1f%%) faster, outside the searched plans", -slower,
                    -100 * slower / better.seconds()));
        } else {
            double more = worse.estimate().memory().perChipBytes() - better.estimate().memory().perChipBytes();
            sb.append(more >= 0.05e9 ? String.format(Locale.ROOT, "as fast, but needs %.1f GB more per chip", more / 1e9)
                    : more > 0 ? String.format(Locale.ROOT, "as fast, but needs %.0f MB more per chip", more / 1e6)
                    : "as fast and no smaller; ranked after it in the search's fixed order");
        }
        if (!termDeltas.isEmpty()) {
            sb.append(": ");
            boolean first = true;
            for (Map.Entry<String, Double> e : termDeltas.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(String.format(Locale.ROOT, "%s %+.3g s", e.getKey(), e.getValue()));
            }
        }
        if (!differences.isEmpty()) {
            sb.append("; differs in ").append(String.join(", ", differences)).append(" (best's in brackets)");
        }
        return sb.toString();
    }
}
