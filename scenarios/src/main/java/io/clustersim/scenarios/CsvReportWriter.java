package io.clustersim.scenarios;

import io.clustersim.core.Report;
import io.clustersim.core.sweep.Sweep;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * CSV for spreadsheets (RFC 4180, Commons CSV): {@code run} one row per trial, {@code sweep} one
 * row per point, {@code plan} one row per ranked plan. Numbers in SI units as in the JSON report;
 * empty cells where a figure does not apply.
 *
 * <pre>{@code
 * String csv = new CsvReportWriter().trials(report);
 * }</pre>
 */
public final class CsvReportWriter {

    private interface Rows {
        void print(CSVPrinter out) throws IOException;
    }

    private static String csv(List<String> header, Rows rows) {
        StringWriter text = new StringWriter();
        try (CSVPrinter out = new CSVPrinter(text, CSVFormat.RFC4180.builder()
                .setHeader(header.toArray(String[]::new)).setRecordSeparator(System.lineSeparator()).get())) {
            rows.print(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static Object number(double v) {
        return Double.isFinite(v) ? v : "";
    }

    /** {@code run --format csv}: one row per trial, interruptions per cause in their own columns. */
    public String trials(Report report) {
        Set<String> causes = new TreeSet<>();
        report.perTrial().forEach(t -> causes.addAll(t.interruptionsByCause().keySet()));
        List<String> header = new ArrayList<>(List.of("trial", "wall_clock_days", "goodput", "interruptions"));
        causes.forEach(c -> header.add("interruptions_" + c));
        header.addAll(List.of("lost_work_days", "checkpoint_days", "recovery_days", "waiting_days", "maintenance_days",
                "chip_hours", "checkpoints_written", "spares_used",
                report.cost() == null ? "cost" : "cost_" + report.cost().currency()));
        return csv(header, out -> {
            int i = 0;
            for (Report.Trial t : report.perTrial()) {
                List<Object> row = new ArrayList<>(List.of(i++, t.wallClockDays(), t.goodput(), t.interruptions()));
                causes.forEach(c -> row.add(t.interruptionsByCause().getOrDefault(c, 0L)));
                row.addAll(List.of(t.lostWorkDays(), t.checkpointDays(), t.recoveryDays(), t.waitingDays(),
                        t.maintenanceDays(), t.chipHours(), t.checkpointsWritten(), t.sparesUsed(), number(t.cost())));
                out.printRecord(row);
            }
        });
    }

    /** {@code sweep --format csv}: one row per point; speedup and efficiency only in a chips sweep. */
    public String sweep(String field, List<Sweep.Point> points, boolean chips) {
        Sweep.Point base = null;
        for (Sweep.Point p : points) {
            if (p.feasible() && (base == null || p.chips() < base.chips())) {
                base = p;
            }
        }
        Sweep.Point first = base;
        List<String> header = new ArrayList<>(List.of(field, "value", "chips", "feasible", "problem", "days_p50",
                "days_p90", "days_mean"));
        if (chips) {
            header.addAll(List.of("speedup", "scaling_efficiency"));
        }
        header.addAll(List.of("achieved_flops_per_second", "mfu", "step_seconds", "exposed_wan_seconds", "goodput",
                "batch_over_critical", "trained_tokens", "megawatt_hours", "cost"));
        return csv(header, out -> {
            for (Sweep.Point p : points) {
                List<Object> row = new ArrayList<>(List.of(p.label(), p.value(), p.chips(), p.feasible(),
                        p.problem() == null ? "" : p.problem()));
                if (!p.feasible()) {
                    while (row.size() < header.size()) {
                        row.add("");
                    }
                    out.printRecord(row);
                    continue;
                }
                Report r = p.report();
                row.addAll(List.of(r.run().wallClockDays().p50(), r.run().wallClockDays().p90(), p.days()));
                if (chips) {
                    double speedup = first.days() / p.days();
                    row.addAll(List.of(speedup, speedup / ((double) p.chips() / first.chips())));
                }
                row.addAll(List.of(r.run().achievedFlopsPerSecond(), r.step().mfu(), r.step().seconds(),
                        r.step().breakdownSeconds().getOrDefault("exposedWan", 0.0), r.run().goodput(),
                        number(r.batch().globalBatchTokens() / r.batch().criticalBatchTokens()),
                        r.batch().trainedTokens(), r.energy().megawattHours(),
                        r.cost() == null ? "" : r.cost().total()));
                out.printRecord(row);
            }
        });
    }

    /** {@code plan --format csv}: one row per ranked plan, its step's breakdown terms in columns. */
    public String plans(Report.Search search) {
        Set<String> terms = new LinkedHashSet<>();
        search.ranked().forEach(r -> terms.addAll(r.breakdownSeconds().keySet()));
        List<String> header = new ArrayList<>(List.of("rank", "tp", "cp", "pp", "virtual_stages", "dp", "ep",
                "micro_batch", "global_batch", "sequence_parallel", "zero_stage", "recompute", "step_seconds", "mfu",
                "per_chip_bytes"));
        terms.forEach(t -> header.add("seconds_" + t));
        return csv(header, out -> {
            int rank = 1;
            for (Report.RankedPlan r : search.ranked()) {
                Report.Parallelism p = r.plan();
                List<Object> row = new ArrayList<>(List.of(rank++, p.tp(), p.cp(), p.pp(), p.virtualStages(), p.dp(),
                        p.ep(), p.microBatch(), p.globalBatch(), p.sequenceParallel(), p.zeroStage(), p.recompute(),
                        r.stepSeconds(), r.mfu(), r.perChipBytes()));
                terms.forEach(t -> row.add(r.breakdownSeconds().getOrDefault(t, 0.0)));
                out.printRecord(row);
            }
        });
    }
}
