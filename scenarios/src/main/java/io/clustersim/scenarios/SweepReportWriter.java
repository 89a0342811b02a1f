package io.clustersim.scenarios;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clustersim.core.Report;
import io.clustersim.core.sweep.ScalingFit;
import io.clustersim.core.sweep.Sweep;

import java.util.List;
import java.util.Locale;

/**
 * Writes the result of {@code clustersim sweep} as a table or as JSON (schema in docs/report-reference.md,
 * "Sweep report"). Speedup and scaling efficiency are relative to the feasible point with the
 * fewest chips (the first feasible point when the chips do not change).
 *
 * <pre>{@code
 * String text = new SweepReportWriter().text("llama", "chips", "per-replica", points, Sweep.fit(points));
 * }</pre>
 */
public final class SweepReportWriter {

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The base point: the feasible point with the fewest chips (first such). */
    private static Sweep.Point base(List<Sweep.Point> points) {
        Sweep.Point base = null;
        for (Sweep.Point p : points) {
            if (p.feasible() && (base == null || p.chips() < base.chips())) {
                base = p;
            }
        }
        return base;
    }

    /**
     * A readable table, one line per point, then the fits. A field sweep ({@code fits} null) has
     * no speedup or efficiency columns: they mean something only when the chips change.
     *
     * @param batchPolicy the batch rule of a chips sweep; {@code null} for a field sweep
     * @param notes       what the sweep adjusted (values rounded to whole numbers), one line each
     */
    public String text(String scenario, String field, String batchPolicy, List<Sweep.Point> points, Sweep.Fits fits,
                       List<String> notes) {
        StringBuilder out = new StringBuilder();
        boolean chips = fits != null;
        Sweep.Point base = base(points);
        line(out, "Sweep of %s over %s%s", scenario, field, batchPolicy == null ? "" : " (" + batchPolicy + " batch)");
        line(out, "");
        String header = String.format(Locale.ROOT, "%12s %10s %9s %9s ", "value", "chips", "days P50", "days mean")
                + (chips ? String.format(Locale.ROOT, "%8s %7s ", "speedup", "effic.") : "")
                + String.format(Locale.ROOT, "%9s %6s %8s %9s %7s %10s", "EFLOP/s", "MFU", "WAN exp", "B/B_crit",
                "tokens", "MWh");
        line(out, "%s", header);
        for (Sweep.Point p : points) {
            if (!p.feasible()) {
                line(out, "%12s %10s  cannot run: %s", p.label(), p.chips() > 0 ? String.format(Locale.ROOT, "%,d", p.chips()) : "-",
                        p.problem());
                continue;
            }
            Report r = p.report();
            double speedup = base.days() / p.days();
            double scale = (double) p.chips() / base.chips();
            double exposedWan = r.step().breakdownSeconds().getOrDefault("exposedWan", 0.0);
            line(out, "%12s %,10d %9.2f %9.2f %s%9.3f %5.1f%% %7.3fs %9.2f %6.2fx %10.4g",
                    p.label(), p.chips(), r.run().wallClockDays().p50(), p.days(),
                    chips ? String.format(Locale.ROOT, "%8.2f %6.1f%% ", speedup, 100 * speedup / scale) : "",
                    r.run().achievedFlopsPerSecond() / 1e18, 100 * r.step().mfu(), exposedWan,
                    r.batch().globalBatchTokens() / r.batch().criticalBatchTokens(),
                    r.batch().trainedTokens() / r.batch().targetTokens(), r.energy().megawattHours());
        }
        line(out, "");
        for (String note : notes) {
            line(out, "note: %s", note);
        }
        if (chips) {
            line(out, "speedup and efficiency: time to train (mean) relative to %s; tokens: trained over target",
                    base == null ? "-" : String.format(Locale.ROOT, "%,d chips", base.chips()));
        } else {
            line(out, "tokens: trained over target");
        }
        if (fits != null && fits.amdahl() != null) {
            ScalingFit.Amdahl a = fits.amdahl();
            line(out, "Amdahl  serial fraction σ = %.4g ± %.2g   max speedup %.4g×   RMS error %.2f%%", a.sigma(),
                    a.sigmaError(), a.maxSpeedup(), 100 * a.rmsRelativeError());
        }
        if (fits != null && fits.usl() != null) {
            ScalingFit.Usl u = fits.usl();
            line(out, "USL     σ = %.4g ± %.2g   κ = %.4g ± %.2g   RMS error %.2f%%   peak throughput at %s",
                    u.sigma(), u.sigmaError(), u.kappa(), u.kappaError(), 100 * u.rmsRelativeError(),
                    Double.isFinite(u.peakScale()) ? String.format(Locale.ROOT, "%,.0f chips", u.peakScale() * fits.baseChips())
                            : "no finite scale (κ = 0)");
        }
        return out.toString();
    }

    /** The sweep as JSON: every point with its summary and full report, and the fits. */
    public String json(String scenario, String field, String batchPolicy, long seed, int trials, List<Sweep.Point> points,
                       Sweep.Fits fits, List<String> notes) {
        ObjectNode root = mapper.createObjectNode();
        boolean chips = fits != null;
        root.put("schemaVersion", Report.SCHEMA_VERSION);
        root.put("scenario", scenario);
        root.put("field", field);
        root.put("batchPolicy", batchPolicy);
        notes.forEach(root.putArray("notes")::add);
        root.put("seed", seed);
        root.put("trials", trials);
        Sweep.Point base = base(points);
        ArrayNode array = root.putArray("points");
        JsonReportWriter reports = new JsonReportWriter();
        for (Sweep.Point p : points) {
            ObjectNode n = array.addObject();
            n.put("label", p.label());
            JsonReportWriter.putFinite(n, "value", p.value()); // null for a value that is not a number (a name)
            n.put("chips", p.chips());
            n.put("feasible", p.feasible());
            if (!p.feasible()) {
                n.put("problem", p.problem());
                continue;
            }
            Report r = p.report();
            double speedup = base.days() / p.days();
            n.put("daysP50", r.run().wallClockDays().p50());
            n.put("daysMean", p.days());
            // kept in field sweeps too (schema 1 has them), though only a chips sweep gives them meaning
            n.put("speedup", speedup);
            n.put("scalingEfficiency", speedup / ((double) p.chips() / base.chips()));
            n.put("achievedFlopsPerSecond", r.run().achievedFlopsPerSecond());
            n.put("mfu", r.step().mfu());
            n.put("stepSeconds", r.step().seconds());
            n.put("exposedWanSeconds", r.step().breakdownSeconds().getOrDefault("exposedWan", 0.0));
            n.put("globalBatchTokens", r.batch().globalBatchTokens());
            JsonReportWriter.putFinite(n, "criticalBatchTokens", r.batch().criticalBatchTokens());
            n.put("trainedTokens", r.batch().trainedTokens());
            n.put("megawattHours", r.energy().megawattHours());
            n.set("report", reports.toTree(r));
        }
        if (!chips) {
            root.putNull("fits");
            return serialise(root);
        }
        ObjectNode f = root.putObject("fits");
        f.put("baseChips", fits.baseChips());
        if (fits != null && fits.amdahl() != null) {
            ObjectNode a = f.putObject("amdahl");
            a.put("sigma", fits.amdahl().sigma());
            JsonReportWriter.putFinite(a, "sigmaError", fits.amdahl().sigmaError());
            JsonReportWriter.putFinite(a, "maxSpeedup", fits.amdahl().maxSpeedup());
            a.put("rmsRelativeError", fits.amdahl().rmsRelativeError());
        } else {
            f.putNull("amdahl");
        }
        if (fits != null && fits.usl() != null) {
            ObjectNode u = f.putObject("usl");
            u.put("sigma", fits.usl().sigma());
            JsonReportWriter.putFinite(u, "sigmaError", fits.usl().sigmaError());
            u.put("kappa", fits.usl().kappa());
            JsonReportWriter.putFinite(u, "kappaError", fits.usl().kappaError());
            u.put("rmsRelativeError", fits.usl().rmsRelativeError());
            JsonReportWriter.putFinite(u, "peakChips", fits.usl().peakScale() * fits.baseChips());
        } else {
            f.putNull("usl");
        }
        return serialise(root);
    }

    private String serialise(ObjectNode root) {
        try {
            return mapper.writeValueAsString(root) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise sweep", e);
        }
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }
}
