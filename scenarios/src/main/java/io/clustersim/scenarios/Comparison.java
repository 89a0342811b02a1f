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

/**
 * Key figures ({@link KeyFigure#ALL}) of several reports side by side, with each one's difference
 * from the first ({@code clustersim compare}): as text, JSON, CSV, or the rows of the HTML report.
 *
 * <pre>{@code
 * Comparison c = new Comparison(List.of("a.conf", "b.conf"), List.of(a, b));
 * System.out.print(c.text());
 * }</pre>
 */
public final class Comparison {

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

    private static String difference(KeyFigure f, double base, double v) {
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
        for (KeyFigure f : KeyFigure.ALL) {
            List<String> row = new ArrayList<>(List.of(f.name(), unit(f)));
            double base = f.of(reports.get(0));
            for (Report r : reports) {
                row.add(f.format(r));
            }
            for (int i = 1; i < reports.size(); i++) {
                row.add(difference(f, base, f.of(reports.get(i))));
            }
            rows.add(row);
        }
        return rows;
    }

    private String unit(KeyFigure f) {
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
        // how far each step estimate can be trusted: the reports' validated figures, which a table of
        // differences would otherwise put on an equal footing
        for (int i = 0; i < reports.size(); i++) {
            for (io.clustersim.core.model.ValidatedAccuracy.Entry v : reports.get(i).step().validation()) {
                out.append("validated ").append(names.get(i)).append(": ").append(v.describe()).append(System.lineSeparator());
            }
        }
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
        for (KeyFigure f : KeyFigure.ALL) {
            ObjectNode n = figures.addObject();
            n.put("name", f.name());
            n.put("unit", unit(f));
            ArrayNode values = n.putArray("values");
            ArrayNode diffs = n.putArray("differences");
            double base = f.of(reports.get(0));
            for (Report r : reports) {
                double v = f.of(r);
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
            for (KeyFigure f : KeyFigure.ALL) {
                List<Object> row = new ArrayList<>(List.of(f.name(), unit(f)));
                double base = f.of(reports.get(0));
                for (Report r : reports) {
                    double v = f.of(r);
                    row.add(Double.isFinite(v) ? v : "");
                }
                for (int i = 1; i < reports.size(); i++) {
                    double v = f.of(reports.get(i));
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
