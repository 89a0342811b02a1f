package io.clustersim.scenarios;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clustersim.core.Report;

import java.util.Map;

/**
 * Writes a {@link Report} as JSON, schema version {@value Report#SCHEMA_VERSION} (documented in the
 * README, "Report schema"). Field order is fixed by this class, not by reflection, so the bytes
 * depend only on the report.
 */
public final class JsonReportWriter {

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The report as a JSON tree. */
    public ObjectNode toTree(Report report) {
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
        putMap(step.putObject("breakdownSeconds"), s.breakdownSeconds());

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
        if (Double.isFinite(r.mttfHours())) {
            run.put("mttfHours", r.mttfHours());
        } else {
            run.putNull("mttfHours");
        }
        putMap(run.putObject("recoveryFractions"), r.recoveryFractions());
        putMap(run.putObject("failuresPerDay"), r.failuresPerDay());
        ObjectNode spares = run.putObject("spares");
        if (r.spares().perDatacenter() >= 0) {
            spares.put("perDatacenter", r.spares().perDatacenter());
        } else {
            spares.putNull("perDatacenter");
        }
        spares.put("whenExhausted", r.spares().whenExhausted());
        spares.put("used", r.spares().used());
        spares.put("repairWaits", r.spares().repairWaits());
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
            d.put("hotSpareNodes", dc.hotSpareNodes());
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
        return root;
    }

    /** The report as indented JSON text, ending in a newline. */
    public String write(Report report) {
        try {
            return mapper.writeValueAsString(toTree(report)) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise report", e);
        }
    }

    /** A number, or null when it is infinite (JSON has no infinity). */
    private static void putFinite(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    private static void putMap(ObjectNode node, Map<String, Double> values) {
        values.forEach(node::put);
    }
}
