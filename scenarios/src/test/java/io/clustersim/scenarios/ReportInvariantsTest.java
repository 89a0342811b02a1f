package io.clustersim.scenarios;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.Report;
import io.clustersim.core.ReportInvariants;
import io.clustersim.core.SimOptions;
import io.clustersim.core.engine.EngineKind;
import io.clustersim.core.engine.SimulationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ReportInvariants}: a real report keeps them; each kind of wrong report is named. */
class ReportInvariantsTest {

    private static Report report;

    @BeforeAll
    static void simulate() {
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(1).withEngine(EngineKind.INLINE))) {
            report = sim.run(ScenarioLoader.load(Path.of("scenarios/examples/gpt3-175b-a100.conf")).scenario().withTrials(4));
        }
    }

    private static Report withRun(double goodput, Map<String, Double> fractions) {
        Report.Run r = report.run();
        Report.Run run = new Report.Run(r.wallClockDays(), goodput, r.interruptions(), r.chipHours(), r.achievedFlops(),
                r.achievedFlopsPerSecond(), r.steps(), fractions, r.checkpointIntervalSeconds(), r.mttfHours(),
                r.checkpointBytes(), r.checkpointWriteSeconds(), r.recoveryFractions(), r.failuresPerDay(), r.spares(),
                r.checkpoints(), r.stragglerFactor());
        Report p = report;
        return new Report(p.schemaVersion(), p.scenario(), p.seed(), p.trials(), p.step(), p.memory(), run, p.fleet(),
                p.energy(), p.batch(), p.warnings(), p.model(), p.target(), p.parallelism(), p.search(), p.deadline());
    }

    @Test
    void aSimulatedReportKeepsThemAll() {
        assertEquals(List.of(), ReportInvariants.violations(report));
    }

    @Test
    void goodputAboveOneAndANegativeShareAreNamed() {
        Map<String, Double> fractions = new LinkedHashMap<>(report.run().timeFractions());
        fractions.put("useful", fractions.get("useful") + 0.2);
        fractions.put("degraded", -0.2);
        SimulationException e = assertThrows(SimulationException.class,
                () -> ReportInvariants.check(withRun(1.16, fractions)));
        assertTrue(e.getMessage().startsWith("internal error: the report breaks an invariant, run.goodput = 1.16"),
                e.getMessage());
        assertTrue(ReportInvariants.violations(withRun(0.9, fractions)).stream().anyMatch(v -> v.contains("degraded")));
    }

    @Test
    void validationFractionsAreNaNExactlyWithoutRows() {
        Report.Step s = report.step();
        java.util.function.Function<io.clustersim.core.model.ValidatedAccuracy.Entry, Report> with = v -> {
            Report.Step step = new Report.Step(s.seconds(), s.mfu(), s.hfu(), s.tflopsPerChip(), s.tokensPerSecond(),
                    s.breakdownSeconds(), s.mfuCausal(), s.hfuCausal(), s.tflopsPerChipCausal(), s.flopConvention(),
                    s.calibration(), s.computeBreakdownSeconds(), List.of(v));
            Report p = report;
            return new Report(p.schemaVersion(), p.scenario(), p.seed(), p.trials(), step, p.memory(), p.run(), p.fleet(),
                    p.energy(), p.batch(), p.warnings(), p.model(), p.target(), p.parallelism(), p.search(), p.deadline());
        };
        var family = io.clustersim.topology.ChipFamily.NVIDIA_AMPERE;
        var dense = io.clustersim.core.model.ValidatedAccuracy.Kind.DENSE;
        assertEquals(List.of(), ReportInvariants.violations(with.apply(
                io.clustersim.core.model.ValidatedAccuracy.Entry.none(family, dense))));
        List<String> rowsButNaN = ReportInvariants.violations(with.apply(
                new io.clustersim.core.model.ValidatedAccuracy.Entry(family, dense, 3, Double.NaN, 1, 0.1, "A100")));
        assertTrue(rowsButNaN.size() == 1 && rowsButNaN.get(0).startsWith("step.validation NVIDIA_AMPERE DENSE"), rowsButNaN.toString());
    }

    @Test
    void fractionsThatDoNotSumToOneAndNaNAreNamed() {
        Map<String, Double> fractions = new LinkedHashMap<>(report.run().timeFractions());
        fractions.put("useful", fractions.get("useful") - 0.1);
        assertTrue(ReportInvariants.violations(withRun(report.run().goodput(), fractions)).get(0)
                .contains("timeFractions sum to"));
        assertTrue(ReportInvariants.violations(withRun(Double.NaN, report.run().timeFractions())).get(0)
                .contains("goodput is NaN"));
    }
}
