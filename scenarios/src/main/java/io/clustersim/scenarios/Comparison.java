package io.clustersim.scenarios;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clustersim.core.Report;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Key figures of several reports side by side, with each one's difference from the first
 * ({@code clustersim compare}): as text, JSON, CSV, or the rows of the HTML report.
 *
 * <pre>{@code
 * Comparison c = new Comparison(List.of("a.conf", "b.conf"), List.of(a, b));
 * System.out.print(c.text());
 * }</pre>
 */
public final class Comparison {

    /**
     * One key figure.
     *
     * @param name   what it is
     * @param unit   its unit ({@code days}, {@code s}, {@code fraction}, ...)
     * @param format how to print one value
     * @param value  how to read it from a report (NaN when the report has none)
     */
    record Figure(String name, String unit, String format, ToDoubleFunction<Report> value) {
    }

    static final List<Figure> FIGURES = List.of(
            new Figure("wall clock P50", "days", "%.2f", r -> r.run().wallClockDays().p50()),
            new Figure("wall clock P90", "days", "%.2f", r -> r.run().wallClockDays().p90()),
            new Figure("wall clock P99", "days", "%.2f", r -> r.run().wallClockDays().p99()),
            new Figure("wall clock mean", "days", "%.2f", r -> r.run().wallClockDays().mean()),
            new Figure("chips", "chips", "%,.0f",
                    r -> r.fleet().datacenters().stream().mapToLong(Report.Datacenter::chips).sum()),
            new Figure("step time", "s", "%.3f", r -> r.step().seconds()),
            new Figure("MFU", "fraction", "%.3f", r -> r.step().mfu()),
            new Figure("goodput", "fraction", "%.3f", r -> r.run().goodput()),
            new Figure("interruptions per run", "count", "%.1f", r -> r.run().interruptions().mean()),
            new Figure("chip-hours", "chip-hours", "%.4g", r -> r.run().chipHours()),
            new Figure("energy", "MWh", "%.4g", r -> r.energy().megawattHours()),
            new Figure("tokens trained", "tokens", "%.4g", r -> r.batch().trainedTokens()),
            new Figure("cost", "currency", "%.4g", r -> r.cost() == null ? Double.NaN : r.cost().total()),
            new Figure("cost per 10^12 tokens", "currency", "%.4g",
                    r -> r.cost() == null ? Double.NaN : r.cost().perTrillionTokens()));

    private final List<String> names;
    private final List<Report> reports;

    /**
     * @param names   each report's label (e.g. its file), in order
     * @param reports the reports; differences are against the first
     */
    public Comparison(List<String> names, List<Report> reports) {
        if (names.size() != reports.size() || reports.size() < 2) {
            throw new IllegalArgumentException("compare needs two or more reports, each named");
        }
        this.names = List.copyOf(names);
        this.reports = List.copyOf(reports);
    }

    private static String value(Figure f, double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, f.format(), v) : "-";
    }

    private static String difference(Figure f, double base, double v) {
        if (!Double.isFinite(base) || !Double.isFinite(v)) {
            return "-";
        }
        String abs = String.format(Locale.ROOT, "%+" + f.format().substring(1), v - base);
        return base == 0 ? abs : abs + String.format(Locale.ROOT, " (%+.1f%%)", 100 * (v - base) / Math.abs(base));
    }

    /** The header of the table: figure, unit, each name, then "Δ name" for each but the first. */
    public List<String> header() {
        List<String> h = new ArrayList<>(List.of("figure", "unit"));
        h.addAll(names);
        for (int i = 1; i < names.size(); i++) {
            h.add("Δ " + names.get(i));
        }
        return h;
    }

    /** The table's rows, as text cells. */
    public List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        for (Figure f : FIGURES) {
            List<String> row = new ArrayList<>(List.of(f.name(), unit(f)));
            double base = f.value().applyAsDouble(reports.get(0));
            for (Report r : reports) {
                row.add(value(f, f.value().applyAsDouble(r)));
            }
            for (int i = 1; i < reports.size(); i++) {
                row.add(difference(f, base, f.value().applyAsDouble(reports.get(i))));
            }
            rows.add(row);
        }
        return rows;
    }

    private String unit(Figure f) {
        if (!f.unit().equals("currency")) {
            return f.unit();
        }
        return reports.stream().filter(r -> r.cost() != null).map(r -> r.cost().currency()).findFirst().orElse("");
    }

    /** The names. */
    public List<String> names() {
        return names;
    }

    /** The reports. */
    public List<Report> reports() {
        return reports;
    }

    /** A fixed-width table. */
    public String text() {
        List<String> header = header();
        List<List<String>> rows = rows();
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                line.append(c < 2 ? String.format("%-" + widths[c] + "s", cell) : String.format("%" + widths[c] + "s", cell));
                line.append(c == row.size() - 1 ? "" : "  ");
            }
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        out.append(System.lineSeparator()).append("Δ: each scenario minus ").append(names.get(0))
                .append(System.lineSeparator());
        return out.toString();
    }

    /**
     * JSON: {@code {"schemaVersion", "scenarios": [names], "figures": [{"name", "unit", "values",
     * "differences"}], "reports": [full reports]}}; values and differences null where missing.
     */
    public String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", Report.SCHEMA_VERSION);
        names.forEach(root.putArray("scenarios")::add);
        ArrayNode figures = root.putArray("figures");
        for (Figure f : FIGURES) {
            ObjectNode n = figures.addObject();
            n.put("name", f.name());
            n.put("unit", unit(f));
            ArrayNode values = n.putArray("values");
            ArrayNode diffs = n.putArray("differences");
            double base = f.value().applyAsDouble(reports.get(0));
            for (Report r : reports) {
                double v = f.value().applyAsDouble(r);
                if (Double.isFinite(v)) {
                    values.add(v);
                    if (Double.isFinite(base)) {
                        diffs.add(v - base);
                    } else {
                        diffs.addNull();
                    }
                } else {
                    values.addNull();
                    diffs.addNull();
                }
            }
        }
        JsonReportWriter writer = new JsonReportWriter();
        ArrayNode full = root.putArray("reports");
        reports.forEach(r -> full.add(writer.toTree(r)));
        try {
            return mapper.writeValueAsString(root) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise comparison", e);
        }
    }

    /** CSV: one row per figure, a column per scenario, then a difference column per scenario after the first. */
    public String csv() {
        List<String> header = new ArrayList<>(List.of("figure", "unit"));
        header.addAll(names);
        for (int i = 1; i < names.size(); i++) {
            header.add("difference " + names.get(i));
        }
        StringWriter text = new StringWriter();
        try (CSVPrinter out = new CSVPrinter(text, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new))
                .setRecordSeparator(System.lineSeparator()).get())) {
            for (Figure f : FIGURES) {
                List<Object> row = new ArrayList<>(List.of(f.name(), unit(f)));
                double base = f.value().applyAsDouble(reports.get(0));
                for (Report r : reports) {
                    double v = f.value().applyAsDouble(r);
                    row.add(Double.isFinite(v) ? v : "");
                }
                for (int i = 1; i < reports.size(); i++) {
                    double v = f.value().applyAsDouble(reports.get(i));
                    row.add(Double.isFinite(v) && Double.isFinite(base) ? v - base : "");
                }
                out.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
