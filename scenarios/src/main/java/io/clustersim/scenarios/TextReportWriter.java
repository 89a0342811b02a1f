package io.clustersim.scenarios;

import io.clustersim.core.Report;
import io.clustersim.core.model.ValidatedAccuracy;
import io.clustersim.core.plan.PlanFormat;

import java.util.Locale;
import java.util.Map;

/** Writes a {@link Report} as a short, readable terminal summary. */
public final class TextReportWriter {

    /** The summary, several lines ending in a newline. */
    public String write(Report report) {
        StringBuilder out = new StringBuilder();
        Report.Step s = report.step();
        Report.Memory m = report.memory();
        Report.Run r = report.run();
        line(out, "Scenario %s  (seed %d, %d trials)", report.scenario(), report.seed(), report.trials());
        line(out, "");
        line(out, "Step        %.3f s   MFU %.1f%%   HFU %.1f%%   %.1f TFLOP/s per chip   %.3g tokens/s",
                s.seconds(), 100 * s.mfu(), 100 * s.hfu(), s.tflopsPerChip(), s.tokensPerSecond());
        line(out, "            attention counted in full; causal half only: MFU %.1f%%   HFU %.1f%%   %.1f TFLOP/s per chip",
                100 * s.mfuCausal(), 100 * s.hfuCausal(), s.tflopsPerChipCausal());
        line(out, "            calibration %s", s.calibration());
        for (ValidatedAccuracy.Entry v : s.validation()) {
            line(out, "            validated %s", v.describe());
        }
        for (Map.Entry<String, Double> e : s.breakdownSeconds().entrySet()) {
            line(out, "  %-12s %9.3f s  %5.1f%%", e.getKey(), e.getValue(), 100 * e.getValue() / s.seconds());
            if (e.getKey().equals("compute") && !s.computeBreakdownSeconds().isEmpty()) {
                line(out, "    of which %s", computeParts(s.computeBreakdownSeconds()));
            }
        }
        line(out, "Memory      %.1f of %.1f GB per chip  %s", m.perChipBytes() / 1e9, m.capacityBytes() / 1e9,
                m.fits() ? "(fits)" : "(DOES NOT FIT)");
        line(out, "");
        line(out, "Wall clock  P50 %.2f d   P90 %.2f d   P99 %.2f d   mean %.2f d",
                r.wallClockDays().p50(), r.wallClockDays().p90(), r.wallClockDays().p99(), r.wallClockDays().mean());
        Map<String, Double> f = r.timeFractions();
        line(out, "Goodput     %.1f%%  (useful %.1f%%, lost work %.1f%%, checkpoints %.1f%%, recovery %.1f%%%s)",
                100 * r.goodput(), 100 * f.get("useful"), 100 * f.get("lostWork"), 100 * f.get("checkpoint"),
                100 * f.get("recovery"), optional(f, "waitingForRepair", "waiting for repair")
                        + optional(f, "maintenance", "maintenance") + optional(f, "stragglers", "stragglers")
                        + optional(f, "degraded", "fewer replicas"));
        StringBuilder causes = new StringBuilder();
        r.interruptions().byCause().forEach((cause, n) ->
                causes.append(String.format(Locale.ROOT, "%s %.1f  ", cause, n)));
        line(out, "Interrupts  %.1f per run  %s", r.interruptions().mean(), causes.toString().trim());
        line(out, "Failures    MTTF %s   checkpoint (%.3g TB, %s, %.3g s stall) every %s of training",
                Double.isFinite(r.mttfHours()) ? String.format(Locale.ROOT, "%.2f h", r.mttfHours()) : "none",
                r.checkpointBytes() / 1e12, r.checkpoints().mode(), r.checkpoints().stallSeconds(),
                r.checkpointIntervalSeconds() > 0 ? String.format(Locale.ROOT, "%.0f s", r.checkpointIntervalSeconds()) : "(never)");
        if (r.spares().datacenters().size() <= 1 && r.spares().anyLimited()) {
            int pool = r.spares().datacenters().isEmpty() ? r.spares().perDatacenter()
                    : r.spares().datacenters().get(0).spareNodes();
            double empty = r.spares().datacenters().isEmpty() ? 0 : r.spares().datacenters().get(0).poolEmpty();
            line(out, "Spares      %d nodes: %.1f used per run, pool empty at %.1f failures, %.1f waits for repair (%s when"
                    + " none is left)", pool, r.spares().used(), empty, r.spares().repairWaits(), r.spares().whenExhausted());
        } else if (r.spares().anyLimited()) {
            line(out, "Spares      %.1f used per run, %.1f waits for repair (%s when none is left)", r.spares().used(),
                    r.spares().repairWaits(), r.spares().whenExhausted());
            for (Report.SitePool pool : r.spares().datacenters()) {
                line(out, "  %-10s %s: %.1f used per run, pool empty at %.1f failures, %.1f waits for its repairs",
                        pool.name(), pool.spareNodes() >= 0 ? String.format(Locale.ROOT, "%,d spare nodes", pool.spareNodes())
                                : "unlimited spares", pool.used(), pool.poolEmpty(), pool.repairWaits());
            }
        }
        if (r.stragglerFactor() > 1) {
            line(out, "Stragglers  the slowest chip stretches each step by %.2f%%", 100 * (r.stragglerFactor() - 1));
        }
        line(out, "Steps       %d   chip-hours %.4g   achieved %.3g FLOPs (%.3g FLOP/s effective)",
                r.steps(), r.chipHours(), r.achievedFlops(), r.achievedFlopsPerSecond());
        Report.Batch b = report.batch();
        line(out, "Batch       %.3g tokens per step, critical %s%s   trained %.4g tokens (target %.4g)",
                b.globalBatchTokens(),
                Double.isFinite(b.criticalBatchTokens()) ? String.format(Locale.ROOT, "%.3g (%s)", b.criticalBatchTokens(),
                        b.criticalBatchSource()) : "not modelled",
                b.pastCritical() ? "  PAST CRITICAL" : "", b.trainedTokens(), b.targetTokens());
        Report.Energy e = report.energy();
        line(out, "Energy      %.4g MWh   %.1f MW average, %.1f MW provisioned", e.megawattHours(), e.averageMegawatts(),
                e.provisionedMegawatts());
        Report.Cost price = report.cost();
        if (price != null) {
            line(out, "Cost        %s %s   chips %s, energy %s (%s billing); %s per 10^12 tokens", price.currency(),
                    money(price.total()), money(price.chips()), money(price.energy()), price.billing(), money(price.perTrillionTokens()));
            line(out, "            failures cost %s: re-done work %s, recovery %s, waiting for repairs %s, idle spares %s",
                    money(price.failures().values().stream().mapToDouble(Double::doubleValue).sum()),
                    money(price.failures().get("lostWork")), money(price.failures().get("recovery")),
                    money(price.failures().get("waitingForRepair")), money(price.failures().get("idleSpares")));
        }
        Report.Fleet sites = report.fleet();
        if (sites.datacenters().size() > 1) {
            line(out, "");
            for (Report.Datacenter dc : sites.datacenters()) {
                line(out, "Site %-10s %,d × %s%s   %.1f MW provisioned%s", dc.name(), dc.chips(), dc.chip(),
                        dc.hotSpareNodes() > 0 ? String.format(Locale.ROOT, " + %,d spare nodes", dc.hotSpareNodes()) : "",
                        dc.provisionedMegawatts(), Double.isFinite(dc.budgetMegawatts())
                                ? String.format(Locale.ROOT, " of %.1f MW", dc.budgetMegawatts()) : "");
            }
            for (Report.WanLink l : sites.wanLinks()) {
                line(out, "WAN  %s–%s   %.4g Tb/s   %.2f ms one way", l.a(), l.b(), l.bitsPerSecond() / 1e12,
                        l.latencySeconds() * 1e3);
            }
            Report.CrossDc c = sites.crossDc();
            line(out, "Cross-DC    %s%s   WAN %.3f s per step, %.3f s exposed, %.3g GB sent per site per step", c.method(),
                    c.method().equals("diloco") ? String.format(Locale.ROOT, " (H %d, %d fragments, %.2g B/param, overlap %d,"
                            + " token efficiency %.2f)", c.innerSteps(), c.fragments(), c.outerBytesPerParameter(),
                            c.overlapSteps(), c.tokenEfficiency()) : "",
                    c.wanSecondsPerStep(), c.exposedWanSeconds(), c.wanBytesPerSitePerStep() / 1e9);
        }
        line(out, "");
        Report.Model mo = report.model();
        line(out, "Model       %d layers x %d, %d heads (%d KV), FFN %d, %.3g parameters%s", mo.layers(), mo.hidden(),
                mo.heads(), mo.kvHeads(), mo.ffnHidden(), mo.parameters(), mo.sized() ? "  (sized from the shape family)" : "");
        Report.Target t = report.target();
        line(out, "Target      %s: N %.3g, D %.3g tokens (%.1f per parameter), C = 6ND %.3g FLOPs", describe(t),
                t.parameters(), t.tokens(), t.tokensPerParameter(), t.computeFlops());
        line(out, "Loss        %.4f predicted (%s); compute-optimal for this C: N %.3g, D %.3g, loss %.4f",
                t.predictedLoss(), t.scalingLaw(), t.computeOptimal().parameters(), t.computeOptimal().tokens(),
                t.computeOptimal().loss());
        line(out, "Plan        %s%s", plan(report.parallelism()), report.search() == null ? "" : String.format(Locale.ROOT,
                "  (searched: fastest of %d plans that fit, of %d evaluated)", report.search().plansFitting(),
                report.search().plansEvaluated()));
        if (report.search() != null && !report.search().runnerUpLoses().isEmpty()) {
            line(out, "Runner-up   %s: %s", plan(report.search().ranked().get(1).plan()), report.search().runnerUpLoses());
        }
        Report.Deadline d = report.deadline();
        if (d != null) {
            StringBuilder fleets = new StringBuilder();
            boolean overSites = d.candidates().equals("datacenters");
            for (Report.FleetPoint point : d.fleetsSimulated()) {
                fleets.append(String.format(Locale.ROOT, "%d%s: %.2f d (%.2f without failures)  ", point.chips(),
                        overSites ? " (" + String.join("+", point.datacenters()) + ")" : "",
                        point.daysAtConfidence(), point.failureFreeDays()));
            }
            line(out, "Deadline    P%.0f <= %.2f days: %s %d chips%s (P%.0f %.2f days); %d candidate %s, %d on the "
                            + "frontier", 100 * d.confidence(), d.days(), !d.met() ? "NOT MET even by" : "cost".equals(d.chosenBy()) ? "met most cheaply by" : "met by", d.chips(),
                    overSites ? " in " + String.join(", ", d.datacenters()) : "",
                    100 * d.confidence(), d.daysAtConfidence(), d.candidateFleets(),
                    overSites ? "sets of datacenters (the first k listed)" : "fleets", d.frontierFleets());
            line(out, "  simulated %s", fleets.toString().trim());
        }
        for (String warning : report.warnings()) {
            line(out, "Warning: %s", warning);
        }
        return out.toString();
    }

    private static String describe(Report.Target t) {
        return switch (t.kind()) {
            case "compute" -> String.format(Locale.ROOT, "compute budget %.3g FLOPs", t.requested());
            case "loss" -> String.format(Locale.ROOT, "loss %.4f", t.requested());
            case "tokens-per-parameter" -> String.format(Locale.ROOT, "%.3g tokens per parameter%s", t.requested(),
                    Double.isFinite(t.budgetFlops()) ? String.format(Locale.ROOT, " within %.3g FLOPs", t.budgetFlops()) : "");
            default -> String.format(Locale.ROOT, "%.3g tokens", t.requested());
        };
    }

    /** A plan in one line, e.g. "TP 8, PP 16 (v 8), DP 128, mb 1, SP, ZeRO-2, recompute none". */
    public static String plan(Report.Parallelism p) {
        StringBuilder sb = new StringBuilder("TP " + p.tp());
        if (p.cp() > 1) {
            sb.append(", CP ").append(p.cp());
        }
        sb.append(", PP ").append(p.pp()).append(PlanFormat.pipelineNote(p.virtualStages(),
                p.firstStageLayers() == null ? 0 : p.firstStageLayers(), p.lastStageLayers() == null ? 0 : p.lastStageLayers()));
        sb.append(", DP ").append(p.dp());
        if (p.ep() > 1) {
            sb.append(", EP ").append(p.ep());
        }
        if (p.etp() > 1) {
            sb.append(", ETP ").append(p.etp());
        }
        sb.append(", mb ").append(p.microBatch()).append(" of ").append(p.globalBatch());
        if (p.sequenceParallel()) {
            sb.append(", SP");
        }
        return sb.append(", ZeRO-").append(p.zeroStage())
                .append(PlanFormat.shardNote(p.shardGroup() == null ? 0 : p.shardGroup())).append(", recompute ").append(p.recompute())
                .append(PlanFormat.modulesNote(p.recomputeModules())).toString();
    }

    private static String optional(Map<String, Double> fractions, String key, String label) {
        double v = fractions.getOrDefault(key, 0.0);
        return v > 0 ? String.format(Locale.ROOT, ", %s %.1f%%", label, 100 * v) : "";
    }

    /** An amount with a suffix: 1.23M, 45.6k, 789. */
    public static String money(double v) {
        double a = Math.abs(v);
        return a >= 1e9 ? String.format(Locale.ROOT, "%.3gB", v / 1e9)
                : a >= 1e6 ? String.format(Locale.ROOT, "%.3gM", v / 1e6)
                : a >= 1e3 ? String.format(Locale.ROOT, "%.3gk", v / 1e3)
                : String.format(Locale.ROOT, "%.3g", v);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }

    /** The compute term's non-zero parts on one line, seconds: "attentionProjections 1.234 s, ...". */
    static String computeParts(Map<String, Double> parts) {
        StringBuilder sb = new StringBuilder();
        parts.forEach((part, seconds) -> {
            if (seconds > 0) {
                sb.append(sb.length() > 0 ? ", " : "").append(String.format(Locale.ROOT, "%s %.3f s", part, seconds));
            }
        });
        return sb.toString();
    }
}
