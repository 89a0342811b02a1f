package io.clustersim.core;

import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.core.model.FleetStepEstimate;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.core.plan.FleetSizer;
import io.clustersim.core.plan.PlanComparison;
import io.clustersim.core.plan.RankedPlan;
import io.clustersim.core.plan.SearchResult;
import io.clustersim.core.run.CheckpointSpec;
import io.clustersim.core.run.CheckpointStorage;
import io.clustersim.core.run.FailureSpec;
import io.clustersim.core.run.RunModel;
import io.clustersim.core.run.RunResult;
import io.clustersim.core.scaling.ScalingLaw;
import io.clustersim.core.scaling.TargetSizing;
import io.clustersim.core.scaling.TrainingTarget;
import io.clustersim.topology.Datacenter;
import io.clustersim.topology.Fleet;
import io.clustersim.topology.WanLink;
import org.HdrHistogram.DoubleHistogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a step estimate and the per-trial run results into a {@link Report}. Sums run in trial
 * order, so the report is the same however the trials were scheduled.
 */
final class ReportAggregator {

    private static final double NANOS_PER_DAY = 86_400e9;

    private ReportAggregator() {
    }

    /** Where the calibration of the fleet's chip families comes from. */
    private static String calibration(Scenario scenario) {
        List<String> parts = new ArrayList<>();
        io.clustersim.core.model.AttentionKernel kernel = scenario.software().attentionKernel();
        for (io.clustersim.topology.ChipFamily f : families(scenario)) {
            String part = io.clustersim.core.model.Calibration.standard().provenance(f);
            var published = kernel.fractionOfBf16Peak(f);
            if (scenario.software().flashAttention() && published.isPresent()) {
                // the attention core's rate is then not the fitted one: say whose it is
                part += String.format(java.util.Locale.ROOT, "; attention on %s at its published %.3f of BF16 peak",
                        kernel.key(), published.getAsDouble());
            }
            parts.add(part);
        }
        return String.join("; ", parts);
    }

    /** For each chip family of the fleet, the held-out measurements of the scenario's model kind. */
    private static List<io.clustersim.core.model.ValidatedAccuracy.Entry> validation(Scenario scenario) {
        var kind = io.clustersim.core.model.ValidatedAccuracy.Kind.of(scenario.model());
        List<io.clustersim.core.model.ValidatedAccuracy.Entry> out = new ArrayList<>();
        for (io.clustersim.topology.ChipFamily f : families(scenario)) {
            out.add(io.clustersim.core.model.ValidatedAccuracy.standard().entry(f, kind));
        }
        return out;
    }

    /** The chip families of the fleet, in the order of its sites. */
    private static List<io.clustersim.topology.ChipFamily> families(Scenario scenario) {
        return scenario.fleet().distinctChips().stream().map(io.clustersim.topology.ChipSpec::family).distinct().toList();
    }

    /**
     * The report of a scenario whose plan is concrete.
     *
     * @param resolvedFleet   the scenario's fleet with its spare pools resolved (the fleet the report shows)
     * @param search          the search that chose the plan, or null
     * @return the report without a deadline's sizing ({@link Report#withDeadline} adds it, from {@link #deadline})
     */
    static Report aggregate(Scenario scenario, Fleet resolvedFleet, FleetStepEstimate fleetStep, TokenBudget tokens,
                            RunModel runModel, List<RunResult> results, List<String> warnings, SearchResult search) {
        StepEstimate step = fleetStep.step();
        long steps = runModel.steps();
        Report.Step stepReport = new Report.Step(step.seconds(), step.mfu(), step.hfu(), step.tflopsPerChip(),
                step.tokensPerSecond(), step.breakdownSeconds(), step.mfuCausal(), step.hfuCausal(),
                step.tflopsPerChipCausal(), Report.Step.FLOP_CONVENTION, calibration(scenario),
                step.computeBreakdownSeconds(), validation(scenario));
        Report.Memory memory = new Report.Memory(step.memory().perChipBytes(), step.memory().capacityBytes(),
                step.memory().fits(), step.memory().breakdownBytes());

        DoubleHistogram days = new DoubleHistogram(3);
        double sumDays = 0, sumGoodput = 0, sumInterruptions = 0;
        double wall = 0, lost = 0, checkpoint = 0, detection = 0, restart = 0, restore = 0, waiting = 0;
        double maintenance = 0, stragglers = 0, degraded = 0, useful = 0;
        double written = 0, lostCheckpoints = 0, sparesUsed = 0, repairWaits = 0;
        Map<String, Double> byCause = new TreeMap<>();
        int sites = runModel.datacenters();
        double[][] pools = new double[sites][3]; // used, poolEmpty, repairWaits summed over trials
        for (RunResult r : results) {
            for (int s = 0; s < Math.min(sites, r.sitePools().size()); s++) {
                RunResult.SitePool pool = r.sitePools().get(s);
                pools[s][0] += pool.used();
                pools[s][1] += pool.poolEmpty();
                pools[s][2] += pool.repairWaits();
            }
            double d = r.wallClockNanos() / NANOS_PER_DAY;
            days.recordValue(d);
            sumDays += d;
            sumGoodput += r.goodput();
            sumInterruptions += r.interruptions();
            r.interruptionsByCause().forEach((cause, n) -> byCause.merge(cause, (double) n, Double::sum));
            wall += r.wallClockNanos();
            useful += r.usefulNanos();
            lost += r.lostWorkNanos();
            checkpoint += r.checkpointNanos();
            detection += r.detectionNanos();
            restart += r.restartNanos();
            restore += r.restoreNanos();
            waiting += r.waitingNanos();
            maintenance += r.maintenanceNanos();
            stragglers += r.stragglerNanos();
            degraded += r.degradedNanos();
            written += r.checkpointsWritten();
            lostCheckpoints += r.checkpointsLost();
            sparesUsed += r.sparesUsed();
            repairWaits += r.repairWaits();
        }
        int n = results.size();
        byCause.replaceAll((cause, total) -> total / n);
        double meanDays = sumDays / n;
        Map<String, Double> fractions = new LinkedHashMap<>();
        fractions.put("useful", useful / wall);
        fractions.put("lostWork", lost / wall);
        fractions.put("checkpoint", checkpoint / wall);
        fractions.put("recovery", (detection + restart + restore) / wall);
        fractions.put("waitingForRepair", waiting / wall);
        fractions.put("maintenance", maintenance / wall);
        fractions.put("stragglers", stragglers / wall);
        fractions.put("degraded", degraded / wall);
        Map<String, Double> recovery = new LinkedHashMap<>();
        recovery.put("detection", detection / wall);
        recovery.put("restart", restart / wall);
        recovery.put("restore", restore / wall);

        CheckpointSpec ckpt = runModel.checkpoint();
        FailureSpec.Spares spares = runModel.failures().spares();
        double achievedFlops = step.modelFlopsPerStep() * steps;
        Report.Run run = new Report.Run(
                new Report.WallClockDays(days.getValueAtPercentile(50), days.getValueAtPercentile(90),
                        days.getValueAtPercentile(99), meanDays),
                sumGoodput / n,
                new Report.Interruptions(sumInterruptions / n, byCause),
                step.chips() * meanDays * 24.0,
                achievedFlops,
                achievedFlops / (meanDays * 86_400.0),
                steps,
                fractions,
                runModel.checkpointIntervalSeconds(),
                runModel.mttfSeconds() / 3600.0,
                CheckpointStorage.checkpointBytes(scenario.model().parameterCount()),
                ckpt.writeSeconds(),
                recovery,
                runModel.failuresPerDayByCause(),
                new Report.Spares(spares.perDatacenter(), spares.shrink() ? "shrink" : "wait", sparesUsed / n,
                        repairWaits / n, sitePools(runModel, pools, n)),
                new Report.Checkpoints(!ckpt.async() ? "sync" : ckpt.peerReplica() ? "async-peer" : "async",
                        ckpt.stallSeconds(), written / n, lostCheckpoints / n),
                runModel.stragglerFactor());
        return new Report(Report.SCHEMA_VERSION, scenario.name(), scenario.seed(), scenario.trials(), stepReport,
                memory, run, fleet(scenario, resolvedFleet, fleetStep), energy(resolvedFleet, meanDays), batch(scenario, tokens),
                warnings, model(scenario.model(), scenario.target().modelSized()), target(scenario),
                Report.Parallelism.of(scenario.parallelism(), search != null), search(search),
                null, trials(results, step.chips()), null);
    }

    /** Each trial's row, in trial order. */
    private static List<Report.Trial> trials(List<RunResult> results, long chips) {
        List<Report.Trial> rows = new ArrayList<>(results.size());
        for (RunResult r : results) {
            double days = r.wallClockNanos() / NANOS_PER_DAY;
            rows.add(new Report.Trial(days, r.goodput(), r.interruptionsByCause(), r.lostWorkNanos() / NANOS_PER_DAY,
                    r.checkpointNanos() / NANOS_PER_DAY, r.recoveryNanos() / NANOS_PER_DAY,
                    r.waitingNanos() / NANOS_PER_DAY, r.maintenanceNanos() / NANOS_PER_DAY, chips * days * 24.0,
                    r.checkpointsWritten(), r.sparesUsed(), Double.NaN));
        }
        return rows;
    }

    /** Each datacenter's pool and its use, means per run. */
    private static List<Report.SitePool> sitePools(RunModel runModel, double[][] pools, int n) {
        List<Report.SitePool> out = new ArrayList<>();
        for (int s = 0; s < pools.length; s++) {
            out.add(new Report.SitePool(runModel.layout().sites().get(s).name(), runModel.spareNodes(s), pools[s][0] / n,
                    pools[s][1] / n, pools[s][2] / n));
        }
        return out;
    }

    private static Report.Fleet fleet(Scenario scenario, Fleet fleet, FleetStepEstimate step) {
        List<Report.Datacenter> dcs = new ArrayList<>();
        for (Datacenter dc : fleet.datacenters()) {
            dcs.add(new Report.Datacenter(dc.name(), dc.cluster().chip().id(), dc.chips(), dc.hotSpareNodes(),
                    dc.power().budgetWatts() / 1e6, dc.provisionedWatts() / 1e6, dc.averageWatts() / 1e6,
                    dc.power().pue(), dc.power().serverOverheadWattsPerChip(), dc.power().chipUtilisation()));
        }
        List<Report.WanLink> links = new ArrayList<>();
        for (WanLink l : fleet.links()) {
            links.add(new Report.WanLink(l.a(), l.b(), l.bitsPerSecond(), l.latencySeconds()));
        }
        Report.CrossDc crossDc = null;
        if (step.method() != null) {
            CrossDcSpec c = scenario.crossDc();
            boolean diloco = c.method() == CrossDcSpec.Method.DILOCO;
            crossDc = new Report.CrossDc(c.method().key(), step.wanSecondsPerStep(), step.exposedWanSeconds(),
                    step.wanBytesPerSitePerStep(), diloco ? c.innerSteps() : 1, diloco ? c.fragments() : 1,
                    diloco ? c.outerBytesPerParameter() : 0, diloco ? c.overlapSteps() : 0, 1 / step.tokenFactor());
        }
        return new Report.Fleet(dcs, links, crossDc);
    }

    private static Report.Energy energy(Fleet fleet, double meanDays) {
        double average = 0, provisioned = 0;
        for (Datacenter dc : fleet.datacenters()) {
            average += dc.averageWatts();
            provisioned += dc.provisionedWatts();
        }
        return new Report.Energy(average * meanDays * 24 / 1e6, average / 1e6, provisioned / 1e6);
    }

    private static Report.Batch batch(Scenario scenario, TokenBudget tokens) {
        return new Report.Batch(tokens.batchTokens(), tokens.criticalTokens(), scenario.criticalBatch().source(),
                tokens.pastCritical(), tokens.referenceTokens(), tokens.criticalFactor(), tokens.targetTokens(),
                tokens.trainedTokens());
    }

    /** The wall clock at a percentile of the trials, days (the same histogram as the report's P50/P90/P99). */
    static double wallClockDaysAt(List<RunResult> results, double percentile) {
        DoubleHistogram days = new DoubleHistogram(3);
        for (RunResult r : results) {
            days.recordValue(r.wallClockNanos() / NANOS_PER_DAY);
        }
        return days.getValueAtPercentile(percentile);
    }

    private static Report.Model model(TransformerSpec m, boolean sized) {
        return new Report.Model(m.parameterCount(), m.activeParameterCount(), m.layers(), m.hidden(), m.heads(),
                m.kvHeads(), m.ffnHidden(), m.vocab(), m.seqLen(), sized);
    }

    private static Report.Target target(Scenario scenario) {
        TrainingTarget t = scenario.target();
        ScalingLaw law = t.law();
        double n = TargetSizing.lawParameters(scenario.model());
        double d = t.tokens();
        ScalingLaw.Allocation here = law.at(n, d);
        ScalingLaw.Allocation optimal = law.computeOptimal(here.computeFlops());
        return new Report.Target(t.goal().kind().id(), t.goal().value(), t.goal().computeFlops(), law.id(), n, d,
                d / n, here.computeFlops(), here.loss(),
                new Report.LawPoint(optimal.parameters(), optimal.tokens(), optimal.loss()));
    }

    static Report.Search search(SearchResult search) {
        if (search == null) {
            return null;
        }
        List<Report.RankedPlan> ranked = new ArrayList<>();
        for (RankedPlan r : search.ranked()) {
            ranked.add(new Report.RankedPlan(Report.Parallelism.of(r.plan(), true), r.seconds(), r.estimate().mfu(),
                    r.estimate().memory().perChipBytes(), r.estimate().breakdownSeconds()));
        }
        PlanComparison why = search.whyRunnerUpLoses().orElse(null);
        return new Report.Search(search.layouts(), search.evaluated(), search.fitting(), ranked,
                why == null ? "" : why.explain(), why == null ? Map.of() : why.termDeltas());
    }

    /**
     * A deadline's part of the report: the chosen fleet and every fleet the sizing simulated.
     *
     * @param failureFreeDays failure-free days of every fleet the sizing looked at
     * @param results         the chosen fleet's trials
     * @param datacenters     with a sizing over datacenters, each candidate set's names by its chips;
     *                        {@code null} when the sizing chose chips of one datacenter
     * @param chosenNames     the chosen fleet's datacenters
     */
    static Report.Deadline deadline(FleetSizer.Sizing sizing, Map<Integer, Double> failureFreeDays,
                                    List<RunResult> results, Map<Integer, List<String>> datacenters,
                                    List<String> chosenNames) {
        List<Report.FleetPoint> points = new ArrayList<>();
        for (FleetSizer.Outcome o : sizing.simulated()) {
            points.add(new Report.FleetPoint(o.chips(), failureFreeDays.get(o.chips()), o.daysAtConfidence(),
                    datacenters == null ? chosenNames : datacenters.get(o.chips())));
        }
        return new Report.Deadline(sizing.deadline().days(), sizing.deadline().confidence(), sizing.chips(),
                sizing.met(), wallClockDaysAt(results, sizing.deadline().percentile()), sizing.candidates(),
                sizing.frontier(), points, datacenters == null ? "chips" : "datacenters", chosenNames,
                sizing.chosenBy());
    }
}
