package io.clustersim.scenarios;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clustersim.core.Report;
import io.clustersim.core.model.ValidatedAccuracy;

import java.util.Map;

/**
 * Writes a {@link Report} as JSON, schema version {@value Report#SCHEMA_VERSION} (documented in the
 * docs/report-reference.md). Field order is fixed by this class, not by reflection, so the bytes
 * depend only on the report.
 */
public final class JsonReportWriter {

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The report as a JSON tree (without the per-trial rows). */
    public ObjectNode toTree(Report report) {
        return toTree(report, false);
    }

    /** The report as a JSON tree; with {@code perTrial} its {@code perTrial} array of every trial. */
    public ObjectNode toTree(Report report, boolean perTrial) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", report.schemaVersion());
        root.put("scenario", report.scenario());
        root.put("seed", report.seed());
        root.put("trials", report.trials());

        Report.Step s = report.step();
        ObjectNode step = root.putObject("step");
        step.put("seconds", s.seconds());
        step.put("mfu", s.mfu());
        step.put("hfu", s.hfu());
        step.put("tflopsPerChip", s.tflopsPerChip());
        step.put("tokensPerSecond", s.tokensPerSecond());
        step.put("mfuCausal", s.mfuCausal());
        step.put("hfuCausal", s.hfuCausal());
        step.put("tflopsPerChipCausal", s.tflopsPerChipCausal());
        step.put("flopConvention", s.flopConvention());
        step.put("calibration", s.calibration());
        ArrayNode validation = step.putArray("validation");
        for (ValidatedAccuracy.Entry v : s.validation()) {
            ObjectNode o = validation.addObject();
            o.put("family", v.family().name());
            o.put("kind", v.kind().name().toLowerCase(java.util.Locale.ROOT));
            o.put("heldOutRows", v.heldOutRows());
            putFinite(o, "medianAbsError", v.medianAbsError());
            putFinite(o, "withinBand", v.withinBand());
            o.put("band", v.kind().band());
            putFinite(o, "largestAbsError", v.largestAbsError());
            o.put("systems", v.systems());
        }
        putMap(step.putObject("breakdownSeconds"), s.breakdownSeconds());
        putMap(step.putObject("computeBreakdownSeconds"), s.computeBreakdownSeconds());

        Report.Memory m = report.memory();
        ObjectNode memory = root.putObject("memory");
        memory.put("perChipBytes", m.perChipBytes());
        memory.put("capacityBytes", m.capacityBytes());
        memory.put("fits", m.fits());
        putMap(memory.putObject("breakdownBytes"), m.breakdownBytes());

        Report.Run r = report.run();
        ObjectNode run = root.putObject("run");
        ObjectNode days = run.putObject("wallClockDays");
        days.put("p50", r.wallClockDays().p50());
        days.put("p90", r.wallClockDays().p90());
        days.put("p99", r.wallClockDays().p99());
        days.put("mean", r.wallClockDays().mean());
        run.put("goodput", r.goodput());
        ObjectNode interruptions = run.putObject("interruptions");
        interruptions.put("mean", r.interruptions().mean());
        putMap(interruptions.putObject("byCause"), r.interruptions().byCause());
        run.put("chipHours", r.chipHours());
        run.put("achievedFlops", r.achievedFlops());
        run.put("achievedFlopsPerSecond", r.achievedFlopsPerSecond());
        run.put("steps", r.steps());
        putMap(run.putObject("timeFractions"), r.timeFractions());
        run.put("checkpointIntervalSeconds", r.checkpointIntervalSeconds());
        run.put("checkpointBytes", r.checkpointBytes());
        run.put("checkpointWriteSeconds", r.checkpointWriteSeconds());
        putFinite(run, "mttfHours", r.mttfHours());
        putMap(run.putObject("recoveryFractions"), r.recoveryFractions());
        putMap(run.putObject("failuresPerDay"), r.failuresPerDay());
        ObjectNode spares = run.putObject("spares");
        putNodes(spares, "perDatacenter", r.spares().perDatacenter());
        spares.put("whenExhausted", r.spares().whenExhausted());
        spares.put("used", r.spares().used());
        spares.put("repairWaits", r.spares().repairWaits());
        ArrayNode pools = spares.putArray("datacenters");
        for (Report.SitePool pool : r.spares().datacenters()) {
            ObjectNode d = pools.addObject();
            d.put("name", pool.name());
            putNodes(d, "spareNodes", pool.spareNodes());
            d.put("used", pool.used());
            d.put("poolEmpty", pool.poolEmpty());
            d.put("repairWaits", pool.repairWaits());
        }
        ObjectNode checkpoints = run.putObject("checkpoints");
        checkpoints.put("mode", r.checkpoints().mode());
        checkpoints.put("stallSeconds", r.checkpoints().stallSeconds());
        checkpoints.put("written", r.checkpoints().written());
        checkpoints.put("lost", r.checkpoints().lost());
        run.put("stragglerFactor", r.stragglerFactor());

        Report.Fleet f = report.fleet();
        ObjectNode fleet = root.putObject("fleet");
        ArrayNode dcs = fleet.putArray("datacenters");
        for (Report.Datacenter dc : f.datacenters()) {
            ObjectNode d = dcs.addObject();
            d.put("name", dc.name());
            d.put("chip", dc.chip());
            d.put("chips", dc.chips());
            putNodes(d, "hotSpareNodes", dc.hotSpareNodes());
            putFinite(d, "powerBudgetMegawatts", dc.budgetMegawatts());
            d.put("provisionedMegawatts", dc.provisionedMegawatts());
            d.put("averageMegawatts", dc.averageMegawatts());
            d.put("pue", dc.pue());
            d.put("serverOverheadWattsPerChip", dc.serverOverheadWattsPerChip());
            d.put("chipUtilisation", dc.chipUtilisation());
        }
        ArrayNode links = fleet.putArray("wanLinks");
        for (Report.WanLink l : f.wanLinks()) {
            ObjectNode n = links.addObject();
            n.put("a", l.a());
            n.put("b", l.b());
            n.put("bitsPerSecond", l.bitsPerSecond());
            n.put("latencySeconds", l.latencySeconds());
        }
        if (f.crossDc() == null) {
            fleet.putNull("crossDc");
        } else {
            Report.CrossDc c = f.crossDc();
            ObjectNode x = fleet.putObject("crossDc");
            x.put("method", c.method());
            x.put("wanSecondsPerStep", c.wanSecondsPerStep());
            x.put("exposedWanSeconds", c.exposedWanSeconds());
            x.put("wanBytesPerSitePerStep", c.wanBytesPerSitePerStep());
            x.put("innerSteps", c.innerSteps());
            x.put("fragments", c.fragments());
            x.put("outerBytesPerParameter", c.outerBytesPerParameter());
            x.put("overlapSteps", c.overlapSteps());
            x.put("tokenEfficiency", c.tokenEfficiency());
        }

        Report.Energy e = report.energy();
        ObjectNode energy = root.putObject("energy");
        energy.put("megawattHours", e.megawattHours());
        energy.put("averageMegawatts", e.averageMegawatts());
        energy.put("provisionedMegawatts", e.provisionedMegawatts());

        Report.Batch b = report.batch();
        ObjectNode batch = root.putObject("batch");
        batch.put("globalBatchTokens", b.globalBatchTokens());
        putFinite(batch, "criticalBatchTokens", b.criticalBatchTokens());
        batch.put("criticalBatchSource", b.criticalBatchSource());
        batch.put("pastCritical", b.pastCritical());
        batch.put("referenceBatchTokens", b.referenceBatchTokens());
        batch.put("tokenFactor", b.tokenFactor());
        batch.put("targetTokens", b.targetTokens());
        batch.put("trainedTokens", b.trainedTokens());

        ArrayNode warnings = root.putArray("warnings");
        report.warnings().forEach(warnings::add);

        Report.Model mo = report.model();
        ObjectNode model = root.putObject("model");
        model.put("parameters", mo.parameters());
        model.put("activeParameters", mo.activeParameters());
        model.put("layers", mo.layers());
        model.put("hidden", mo.hidden());
        model.put("heads", mo.heads());
        model.put("kvHeads", mo.kvHeads());
        model.put("ffnHidden", mo.ffnHidden());
        model.put("vocab", mo.vocab());
        model.put("seqLen", mo.seqLen());
        model.put("sized", mo.sized());

        Report.Target t = report.target();
        ObjectNode target = root.putObject("target");
        target.put("kind", t.kind());
        target.put("requested", t.requested());
        putFinite(target, "budgetFlops", t.budgetFlops());
        target.put("scalingLaw", t.scalingLaw());
        target.put("parameters", t.parameters());
        target.put("tokens", t.tokens());
        target.put("tokensPerParameter", t.tokensPerParameter());
        target.put("computeFlops", t.computeFlops());
        target.put("predictedLoss", t.predictedLoss());
        ObjectNode optimal = target.putObject("computeOptimal");
        optimal.put("parameters", t.computeOptimal().parameters());
        optimal.put("tokens", t.computeOptimal().tokens());
        optimal.put("loss", t.computeOptimal().loss());

        putPlan(root.putObject("parallelism"), report.parallelism());

        Report.Search se = report.search();
        if (se == null) {
            root.putNull("search");
        } else {
            putSearch(root.putObject("search"), se);
        }

        Report.Deadline d = report.deadline();
        if (d == null) {
            root.putNull("deadline");
        } else {
            ObjectNode deadline = root.putObject("deadline");
            deadline.put("days", d.days());
            deadline.put("confidence", d.confidence());
            deadline.put("chips", d.chips());
            deadline.put("met", d.met());
            deadline.put("daysAtConfidence", d.daysAtConfidence());
            deadline.put("candidateFleets", d.candidateFleets());
            deadline.put("frontierFleets", d.frontierFleets());
            deadline.put("chosenBy", d.chosenBy());
            ArrayNode fleets = deadline.putArray("fleetsSimulated");
            for (Report.FleetPoint fp : d.fleetsSimulated()) {
                ObjectNode point = fleets.addObject();
                point.put("chips", fp.chips());
                point.put("failureFreeDays", fp.failureFreeDays());
                point.put("daysAtConfidence", fp.daysAtConfidence());
                fp.datacenters().forEach(point.putArray("datacenters")::add);
            }
            deadline.put("candidates", d.candidates());
            d.datacenters().forEach(deadline.putArray("datacenters")::add);
        }
        Report.Cost c = report.cost();
        if (c == null) {
            root.putNull("cost");
        } else {
            ObjectNode cost = root.putObject("cost");
            cost.put("currency", c.currency());
            cost.put("billing", c.billing());
            cost.put("total", c.total());
            cost.put("chips", c.chips());
            cost.put("energy", c.energy());
            cost.put("perTrillionTokens", c.perTrillionTokens());
            putMap(cost.putObject("failures"), c.failures());
            putMap(cost.putObject("perDatacenter"), c.perDatacenter());
        }
        if (perTrial) {
            ArrayNode trials = root.putArray("perTrial");
            for (Report.Trial row : report.perTrial()) {
                ObjectNode n = trials.addObject();
                n.put("wallClockDays", row.wallClockDays());
                n.put("goodput", row.goodput());
                n.put("interruptions", row.interruptions());
                ObjectNode causes = n.putObject("interruptionsByCause");
                row.interruptionsByCause().forEach(causes::put);
                n.put("lostWorkDays", row.lostWorkDays());
                n.put("checkpointDays", row.checkpointDays());
                n.put("recoveryDays", row.recoveryDays());
                n.put("waitingDays", row.waitingDays());
                n.put("maintenanceDays", row.maintenanceDays());
                n.put("chipHours", row.chipHours());
                n.put("checkpointsWritten", row.checkpointsWritten());
                n.put("sparesUsed", row.sparesUsed());
                putFinite(n, "cost", row.cost());
            }
        }
        return root;
    }

    /** The search section: layouts, the ranked plans, why the runner-up loses, the stated plan. */
    private static void putSearch(ObjectNode search, Report.Search se) {
        search.put("layouts", se.layouts());
        search.put("plansEvaluated", se.plansEvaluated());
        search.put("plansFitting", se.plansFitting());
        ArrayNode ranked = search.putArray("ranked");
        for (Report.RankedPlan rp : se.ranked()) {
            putRanked(ranked.addObject(), rp);
        }
        search.put("runnerUpLoses", se.runnerUpLoses());
        putMap(search.putObject("runnerUpTermDeltas"), se.runnerUpTermDeltas());
        Report.StatedPlan stated = se.statedPlan();
        if (stated == null) {
            search.putNull("statedPlan");
        } else {
            ObjectNode node = search.putObject("statedPlan");
            putRanked(node, stated.plan());
            node.put("isBest", stated.isBest());
            node.put("secondsSlower", stated.secondsSlower());
            node.put("comparison", stated.comparison());
            putMap(node.putObject("termDeltas"), stated.termDeltas());
        }
    }

    /**
     * {@code plan --no-run --format json}: the scenario and its search section (as in the full
     * report), without the run.
     */
    public String writeSearch(String scenario, Report.Search search) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", Report.SCHEMA_VERSION);
        root.put("scenario", scenario);
        putSearch(root.putObject("search"), search);
        try {
            return mapper.writeValueAsString(root) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise search", e);
        }
    }

    private static void putRanked(ObjectNode entry, Report.RankedPlan rp) {
        putPlan(entry.putObject("plan"), rp.plan());
        entry.put("stepSeconds", rp.stepSeconds());
        entry.put("mfu", rp.mfu());
        entry.put("perChipBytes", rp.perChipBytes());
        putMap(entry.putObject("breakdownSeconds"), rp.breakdownSeconds());
    }

    private static void putPlan(ObjectNode node, Report.Parallelism p) {
        node.put("tp", p.tp());
        node.put("cp", p.cp());
        node.put("pp", p.pp());
        node.put("dp", p.dp());
        node.put("ep", p.ep());
        node.put("etp", p.etp());
        node.put("virtualStages", p.virtualStages());
        node.put("microBatch", p.microBatch());
        node.put("globalBatch", p.globalBatch());
        node.put("sequenceParallel", p.sequenceParallel());
        node.put("zeroStage", p.zeroStage());
        node.put("recompute", p.recompute());
        p.recomputeModules().forEach(node.putArray("recomputeModules")::add);
        node.put("firstStageLayers", p.firstStageLayers());
        node.put("lastStageLayers", p.lastStageLayers());
        node.put("shardGroup", p.shardGroup());
        node.put("searched", p.searched());
    }

    /** The report as indented JSON text, ending in a newline. */
    public String write(Report report) {
        return write(report, false);
    }

    /** The report as indented JSON text; with {@code perTrial} its array of every trial. */
    public String write(Report report, boolean perTrial) {
        try {
            return mapper.writeValueAsString(toTree(report, perTrial)) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise report", e);
        }
    }

    /** A number, or null when it is NaN or infinite (JSON has neither). */
    static void putFinite(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    /** A node count, or null when negative (unlimited). */
    private static void putNodes(ObjectNode node, String field, int nodes) {
        if (nodes >= 0) {
            node.put(field, nodes);
        } else {
            node.putNull(field);
        }
    }

    private static void putMap(ObjectNode node, Map<String, Double> values) {
        values.forEach(node::put);
    }
}
