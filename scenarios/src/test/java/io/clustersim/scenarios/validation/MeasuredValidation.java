package io.clustersim.scenarios.validation;

import io.clustersim.core.Scenario;
import io.clustersim.core.model.AnalyticStepModel;
import io.clustersim.core.model.Calibration;
import io.clustersim.core.model.PlanValidator;
import io.clustersim.core.model.Problem;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.model.ValidatedAccuracy;
import io.clustersim.topology.ChipFamily;
import io.clustersim.scenarios.ScenarioException;
import io.clustersim.scenarios.ScenarioLoader;
import org.apache.commons.math3.stat.descriptive.rank.Median;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The measured-throughput rows through the normal loader and step model: each generated scenario
 * ({@link MeasuredScenarios}) is loaded with {@link ScenarioLoader}, its plan checked and its step
 * estimated, and tokens/s per chip compared with the row's. Rows the loader refuses, plans that are
 * invalid or do not fit in memory are kept with the reason and left out of the statistics.
 *
 * <pre>{@code
 * List<MeasuredValidation.Result> results = MeasuredValidation.evaluate(MeasuredValidation.load(), Calibration.standard());
 * MeasuredValidation.Stats h100 = MeasuredValidation.stats(results, "DGX-H100", false);
 * }</pre>
 */
final class MeasuredValidation {

    /** Systems the issue's criterion names, in the order the tables show them. */
    static final List<String> TARGET_SYSTEMS = List.of("DGX-H100", "DGX-B200", "DGX-GB200", "DGX-GB300", "TPU v5p");

    private MeasuredValidation() {
    }

    /** A generated scenario, loaded (or the loader's refusal). */
    record Loaded(MeasuredScenarios.Outcome outcome, Scenario scenario, String refusal) {
    }

    /**
     * One row's comparison.
     *
     * @param status    "compared", or why not: "refused", "invalid plan", "does not fit"
     * @param detail    the refusal or problem, or null
     * @param simulated tokens/s per chip the model gives (NaN unless estimated)
     */
    record Result(Loaded loaded, String status, String detail, double simulated, double simulatedMfu) {
        MeasuredScenarios.Outcome outcome() {
            return loaded.outcome();
        }

        String system() {
            return outcome().row().get("system").replaceAll("\\s*\\(.*", "");
        }

        boolean compared() {
            return status.equals("compared");
        }

        double error() {
            return simulated / outcome().publishedTokensPerChip() - 1;
        }

        boolean fit() {
            return outcome().row().fit();
        }

        /**
         * The MFU the row publishes, as a fraction, where its FLOP convention is known (MaxText:
         * its own formula, attention in full; torchtitan: 6 per non-embedding parameter plus 12·l·h·s,
         * attention in full, against the peak of the row's precision); NaN otherwise.
         */
        double publishedMfu() {
            java.util.Map<String, String> c = outcome().row().columns();
            String v = c.get("mfu_pct");
            return v == null || v.isBlank() ? Double.NaN : Double.parseDouble(v) / 100;
        }

        /** Whether the row's model is a mixture of experts (issue 11's rows, kept apart from the dense statistics). */
        boolean moe() {
            return MeasuredModels.MOE.contains(outcome().row().get("model"));
        }
    }

    /** Every row, its scenario loaded where one was generated. */
    static List<Loaded> load() {
        List<Loaded> out = new ArrayList<>();
        for (MeasuredScenarios.Outcome o : MeasuredScenarios.all()) {
            if (!o.generated()) {
                out.add(new Loaded(o, null, null));
                continue;
            }
            try {
                out.add(new Loaded(o, ScenarioLoader.load(o.file()).scenario(), null));
            } catch (ScenarioException e) {
                out.add(new Loaded(o, null, e.getMessage()));
            }
        }
        return out;
    }

    static List<Result> evaluate(List<Loaded> rows, Calibration calibration) {
        List<Result> out = new ArrayList<>();
        for (Loaded l : rows) {
            out.add(evaluate(l, calibration));
        }
        return out;
    }

    static Result evaluate(Loaded l, Calibration calibration) {
        if (!l.outcome().generated()) {
            return new Result(l, l.outcome().category(), l.outcome().reason(), Double.NaN, Double.NaN);
        }
        if (l.scenario() == null) {
            return new Result(l, "refused", l.refusal(), Double.NaN, Double.NaN);
        }
        Scenario s = l.scenario();
        List<Problem> problems = PlanValidator.problems(s.model(), s.cluster(), s.parallelism());
        if (!problems.isEmpty()) {
            return new Result(l, "invalid plan", problems.get(0).key() + ": " + problems.get(0).message(), Double.NaN,
                    Double.NaN);
        }
        StepEstimate step;
        try {
            step = new AnalyticStepModel(calibration, s.software()).estimate(s.model(), s.cluster(), s.parallelism());
        } catch (IllegalArgumentException e) {
            return new Result(l, "refused", e.getMessage(), Double.NaN, Double.NaN);
        }
        double simulated = step.tokensPerSecond() / step.chips();
        // MFU in the row's own convention: MaxText's formula, or (torchtitan) the model's own, which is the same
        double mfu = !l.outcome().row().table().equals(MeasuredRow.MAXTEXT) ? step.mfu()
                : MeasuredModels.find(l.outcome().row().get("system"), l.outcome().row().get("model"))
                        .map(shape -> simulated * MeasuredModels.maxtextFlopsPerToken(shape, s.model().seqLen())
                                / step.peakFlopsPerChip()).orElse(Double.NaN);
        if (!step.memory().fits()) {
            return new Result(l, "does not fit", step.memory().explain(), simulated, mfu);
        }
        return new Result(l, "compared", null, simulated, mfu);
    }

    /**
     * Statistics of one system's compared rows of one half.
     *
     * @param rows         rows compared
     * @param medianAbs    median |error| (NaN without rows)
     * @param within12     share of rows within ±12%
     * @param notCompared  rows of the system (this half) with a scenario but no comparison (refused, invalid, no fit)
     */
    record Stats(int rows, double medianAbs, double within12, int notCompared) {
    }

    /** Statistics of one system's dense rows of one half (MoE rows: {@link #moeStats}). */
    static Stats stats(List<Result> results, String system, boolean fitHalf) {
        return stats(results, system, fitHalf, false, ValidatedAccuracy.Kind.DENSE.band());
    }

    /** Statistics of one system's MoE rows of one half; {@code within12} is the share within ±15%. */
    static Stats moeStats(List<Result> results, String system, boolean fitHalf) {
        return stats(results, system, fitHalf, true, ValidatedAccuracy.Kind.MOE.band());
    }

    private static Stats stats(List<Result> results, String system, boolean fitHalf, boolean moe, double band) {
        List<Result> of = results.stream().filter(r -> (system == null || r.system().equals(system)) && r.fit() == fitHalf
                        && r.moe() == moe).toList();
        double[] abs = of.stream().filter(Result::compared).mapToDouble(r -> Math.abs(r.error())).toArray();
        int notCompared = (int) of.stream().filter(r -> r.outcome().generated() && !r.compared()).count();
        if (abs.length == 0) {
            return new Stats(0, Double.NaN, Double.NaN, notCompared);
        }
        int within = 0;
        for (double a : abs) {
            within += a <= band ? 1 : 0;
        }
        return new Stats(abs.length, new Median().evaluate(abs), within / (double) abs.length, notCompared);
    }

    /** Systems with at least one generated dense scenario, target systems first. */
    static List<String> systems(List<Result> results) {
        List<String> out = new ArrayList<>(TARGET_SYSTEMS);
        for (Result r : results) {
            if (r.outcome().generated() && !r.moe() && !out.contains(r.system())) {
                out.add(r.system());
            }
        }
        return out;
    }

    /**
     * What reports state beside the calibration ({@link ValidatedAccuracy}): every held-out comparison
     * per chip family of its scenario and model kind — the compared rows of the measured-throughput
     * tables and the held-out cases of the other comparisons ({@code cases}: Megatron-LM's and Llama 3's
     * published runs, vTrain's iteration times, as throughput errors) — with the median |error|, the
     * share within the kind's band, the largest |error| and the systems or sources, in family, then
     * kind, order.
     */
    static List<ValidatedAccuracy.Entry> validatedAccuracy(List<Result> results, List<ValidationCases.Case> cases,
                                                           Calibration calibration) {
        record Comparison(double error, String source) {
        }
        Map<ChipFamily, Map<ValidatedAccuracy.Kind, List<Comparison>>> groups = new java.util.EnumMap<>(ChipFamily.class);
        java.util.function.BiConsumer<io.clustersim.core.Scenario, Comparison> add = (scenario, comparison) -> groups
                .computeIfAbsent(scenario.fleet().datacenters().get(0).cluster().chip().family(),
                        f -> new java.util.EnumMap<>(ValidatedAccuracy.Kind.class))
                .computeIfAbsent(ValidatedAccuracy.Kind.of(scenario.model()), k -> new ArrayList<>()).add(comparison);
        for (Result r : results) {
            if (r.compared() && !r.fit()) {
                add.accept(r.loaded().scenario(), new Comparison(r.error(), r.system()));
            }
        }
        for (ValidationCases.Case c : cases) {
            if (!c.training()) {
                add.accept(c.scenario(), new Comparison(c.throughputError(calibration), c.source()));
            }
        }
        List<ValidatedAccuracy.Entry> out = new ArrayList<>();
        groups.forEach((family, byKind) -> byKind.forEach((kind, rows) -> {
            double[] abs = rows.stream().mapToDouble(r -> Math.abs(r.error())).toArray();
            long within = java.util.Arrays.stream(abs).filter(a -> a <= kind.band()).count();
            java.util.Set<String> sources = new java.util.LinkedHashSet<>();
            rows.forEach(r -> sources.add(r.source()));
            out.add(new ValidatedAccuracy.Entry(family, kind, abs.length, new Median().evaluate(abs),
                    within / (double) abs.length, java.util.Arrays.stream(abs).max().orElseThrow(), String.join(", ", sources)));
        }));
        return out;
    }

    /** The README's summary: per system, fit half beside held-out half, and the rows beyond ±30%. */
    static String summary(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        long generated = results.stream().filter(r -> r.outcome().generated()).count();
        long compared = results.stream().filter(Result::compared).count();
        Map<String, Integer> categories = new TreeMap<>();
        for (Result r : results) {
            categories.merge(r.status(), 1, Integer::sum);
        }
        sb.append(String.format(Locale.ROOT, "**Measured throughput (%d rows of NeMo/Megatron-Bridge, MaxText and torchtitan)**: "
                + "%d scenarios generated, %d compared on tokens/s per chip; by status: %s. Full listing with every "
                + "row's scenario or reason: `scenarios/validation/measured/README.md`.%n%n", results.size(), generated,
                compared, categories.toString().replace("{", "").replace("}", "").replace("=", " ")));
        sb.append("The fit half is the split rule's; the calibration is fitted on its rows, the held-out half predicted.\n\n");
        sb.append("| system | fit half: rows | fit half: median \\|error\\| | fit half: within ±12% | held-out: rows | held-out: median \\|error\\| | held-out: within ±12% | scenarios not compared (refused, invalid, no fit) |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (String system : systems(results)) {
            Stats f = stats(results, system, true);
            Stats h = stats(results, system, false);
            sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %d | %s | %s | %d |%n", system, f.rows(), pct(f.medianAbs()),
                    pct(f.within12()), h.rows(), pct(h.medianAbs()), pct(h.within12()), f.notCompared() + h.notCompared()));
        }
        Stats f = stats(results, null, true);
        Stats h = stats(results, null, false);
        sb.append(String.format(Locale.ROOT, "| all | %d | %s | %s | %d | %s | %s | %d |%n%n", f.rows(), pct(f.medianAbs()),
                pct(f.within12()), h.rows(), pct(h.medianAbs()), pct(h.within12()), f.notCompared() + h.notCompared()));
        List<Result> far = results.stream().filter(r -> r.compared() && !r.moe() && Math.abs(r.error()) > 0.30).toList();
        sb.append("Rows beyond ±30%: ").append(far.isEmpty() ? "none" : "").append('\n');
        for (Result r : far) {
            sb.append(String.format(Locale.ROOT, "- %s (%s): %s %s %s on %s chips, %+.0f%%%n", r.outcome().row().id(),
                    r.fit() ? "fit" : "held out",
                    r.system(), r.outcome().row().get("model"), r.outcome().row().get("precision"),
                    chips(r), 100 * r.error()));
        }
        return sb.toString();
    }

    /** Systems with at least one generated MoE scenario, in table order. */
    static List<String> moeSystems(List<Result> results) {
        List<String> out = new ArrayList<>();
        for (Result r : results) {
            if (r.outcome().generated() && r.moe() && !out.contains(r.system())) {
                out.add(r.system());
            }
        }
        return out;
    }

    /**
     * The README's MoE summary (issue 11): per system, fit half beside held-out half on tokens/s per
     * chip with the share within ±15%, and the rows not compared by reason.
     */
    static String moeSummary(List<Result> results) {
        List<Result> moe = results.stream().filter(Result::moe).toList();
        Map<String, Integer> categories = new TreeMap<>();
        for (Result r : moe) {
            categories.merge(r.status(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "**Measured throughput, mixture-of-experts rows (%d of the tables)**: %d "
                        + "scenarios generated, %d compared on tokens/s per chip; by status: %s.%n%n", moe.size(),
                moe.stream().filter(r -> r.outcome().generated()).count(), moe.stream().filter(Result::compared).count(),
                categories.toString().replace("{", "").replace("}", "").replace("=", " ")));
        double[] all = moe.stream().filter(Result::compared).mapToDouble(r -> Math.abs(r.error())).toArray();
        sb.append(String.format(Locale.ROOT, "No MoE row is fitted on: the halves are the split rule's (issue 11's criterion"
                + " is on the held-out half); over both, median |error| %s.%n%n", pct(new Median().evaluate(all))));
        sb.append("| system | half A: rows | half A: median \\|error\\| | half A: within ±15% | held-out: rows | held-out: median \\|error\\| | held-out: within ±15% | scenarios not compared |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (String system : moeSystems(results)) {
            Stats f = moeStats(results, system, true);
            Stats h = moeStats(results, system, false);
            sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %d | %s | %s | %d |%n", system, f.rows(), pct(f.medianAbs()),
                    pct(f.within12()), h.rows(), pct(h.medianAbs()), pct(h.within12()), f.notCompared() + h.notCompared()));
        }
        Stats f = moeStats(results, null, true);
        Stats h = moeStats(results, null, false);
        sb.append(String.format(Locale.ROOT, "| all | %d | %s | %s | %d | %s | %s | %d |%n%n", f.rows(), pct(f.medianAbs()),
                pct(f.within12()), h.rows(), pct(h.medianAbs()), pct(h.within12()), f.notCompared() + h.notCompared()));
        Map<String, Integer> reasons = new TreeMap<>();
        for (Result r : moe) {
            if (!r.compared()) {
                reasons.merge(r.status() + ": " + reasonClass(r), 1, Integer::sum);
            }
        }
        sb.append("MoE rows not compared, by reason:\n");
        reasons.forEach((reason, n) -> sb.append("- ").append(n).append(" × ").append(reason).append('\n'));
        return sb.toString();
    }

    /** A refusal's reason without the file and line (so that rows group by cause). */
    private static String reasonClass(Result r) {
        String d = r.detail() == null ? "" : r.detail();
        int key = d.indexOf(": model.");
        if (key < 0) {
            key = d.indexOf(": parallelism.");
        }
        String reason = key >= 0 ? d.substring(key + 2) : d;
        if (r.status().equals("does not fit")) {
            return "activations and state exceed HBM with the row's plan (the recomputation and offload the framework"
                    + " used are not stated; PyTorch-backend FSDP rows)";
        }
        return reason.replaceAll("\\b\\d+(\\.\\d+)?\\b", "N").replace("\"", "");
    }

    /** The listing of every row (scenarios/validation/measured/README.md). */
    static String listing(List<Result> results, String calibrationLine) {
        StringBuilder sb = new StringBuilder("""
                # Measured-throughput validation scenarios

                Generated by `MeasuredValidationTest` from `docs/reference/measured-throughput/` (do not edit; the
                docs/validation.md names the command that regenerates this file and the scenarios).
                One scenario per row the format can state; every other row is listed below with the reason.
                Tokens/s per chip is compared (and MFU beside it where the row publishes one in a known
                convention: MaxText and torchtitan count attention in full); MaxText's rows publish TFLOP/s per chip, converted to tokens/s by
                MaxText's own FLOP formula (attention counted in full), which is exactly comparing TFLOP/s in
                that convention. The half is fixed by the row's key (CRC-32 even: fit), never by its error.

                """);
        sb.append(calibrationLine).append("\n\n");
        Map<String, List<Result>> bySection = new LinkedHashMap<>();
        bySection.put("Compared", new ArrayList<>());
        bySection.put("Scenario generated, not compared", new ArrayList<>());
        bySection.put("No scenario", new ArrayList<>());
        for (Result r : results) {
            String section = r.compared() ? "Compared" : r.outcome().generated() ? "Scenario generated, not compared" : "No scenario";
            bySection.get(section).add(r);
        }
        for (Map.Entry<String, List<Result>> e : bySection.entrySet()) {
            sb.append("## ").append(e.getKey()).append(" (").append(e.getValue().size()).append(" rows)\n\n");
            if (e.getKey().equals("Compared")) {
                sb.append("| row | system | model | precision | chips | published tok/s/chip | simulated | error | MFU published / simulated | half | scenario |\n");
                sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
                for (Result r : e.getValue()) {
                    String mfu = Double.isNaN(r.publishedMfu()) ? "–" : String.format(Locale.ROOT, "%.1f%% / %.1f%%",
                            100 * r.publishedMfu(), 100 * r.simulatedMfu());
                    sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.1f | %.1f | %+.1f%% | %s | %s | `%s` |%n",
                            r.outcome().row().id(), r.system(), r.outcome().row().get("model"), r.outcome().row().get("precision"),
                            chips(r), r.outcome().publishedTokensPerChip(), r.simulated(), 100 * r.error(), mfu,
                            r.fit() ? "fit" : "held out", DIR_RELATIVE(r)));
                }
            } else {
                sb.append("| row | system | model | precision | chips | status | reason | half |\n|---|---|---|---|---|---|---|---|\n");
                for (Result r : e.getValue()) {
                    sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", r.outcome().row().id(), r.system(),
                            r.outcome().row().get("model"), r.outcome().row().get("precision"), chips(r), r.status(),
                            r.detail() == null ? "" : r.detail().replace("|", "\\|").replace("\n", " "), r.fit() ? "fit" : "held out"));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String DIR_RELATIVE(Result r) {
        return MeasuredScenarios.DIR.relativize(r.outcome().file()).toString().replace('\\', '/');
    }

    /** The chips the scenario runs on (a row's GPU column can disagree with its plan), else the row's. */
    private static String chips(Result r) {
        if (r.loaded().scenario() != null) {
            return Integer.toString(r.loaded().scenario().cluster().chips());
        }
        Map<String, String> c = r.outcome().row().columns();
        return c.containsKey("gpus") ? c.get("gpus") : c.get("chips");
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
