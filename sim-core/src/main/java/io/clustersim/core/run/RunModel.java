package io.clustersim.core.run;

import io.clustersim.core.engine.Entity;
import io.clustersim.core.engine.RandomStreams;
import io.clustersim.core.engine.TrialSetup;
import io.clustersim.topology.ClusterSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;

/**
 * Builds the entities of one trial of a whole training run: the job (entity 0), the datacenter
 * (entity 1: its power, spare pool and maintenance) and one component population per failure class
 * (accelerators, HBM, hosts, NICs, switches and cables, software), each with its own failure
 * stream derived from the seed. The number of entities depends on the classes, never on the chips;
 * the superposed failure processes are set up once here and shared by all trials.
 *
 * <pre>{@code
 * RunModel model = new RunModel(cluster, stepSeconds, steps, failures, checkpoint, seed);
 * TrialOutcome outcome = InlineEngine.run(model.trial(0));
 * RunResult result = (RunResult) outcome.result();
 * }</pre>
 */
public final class RunModel {

    /** Entity index of the training job. */
    public static final int JOB = 0;
    /** Entity index of the (first) datacenter. */
    public static final int DATACENTER = 1;

    /** Longest run the virtual clock (long nanoseconds) counts with room for failures, seconds. */
    static final double MAX_WORK_SECONDS = Long.MAX_VALUE / 4.0 / 1e9;

    /**
     * Data-parallel replicas and what losing some costs: {@code stepSecondsAt.applyAsDouble(k)} is
     * the step time on k replicas, each keeping its share of the batch (so k/count of the tokens
     * per step).
     *
     * @param count         data-parallel replicas of the full job
     * @param perNode       replicas a node's failure takes out (a node holds chips of this many)
     * @param stepSecondsAt step seconds on k replicas
     */
    public record Replicas(int count, int perNode, IntToDoubleFunction stepSecondsAt) {
        public Replicas {
            if (count <= 0 || perNode <= 0) {
                throw new IllegalArgumentException("replicas and replicas per node must be > 0");
            }
        }

        /** {@code count} replicas whose step time does not depend on how many are left. */
        public static Replicas uniform(int count, int perNode, double stepSeconds) {
            return new Replicas(count, perNode, k -> stepSeconds);
        }

        /** Throughput on k replicas over the full job's. */
        double throughputRatio(int k) {
            if (k >= count) {
                return 1.0;
            }
            return (double) k / count * stepSecondsAt.applyAsDouble(count) / stepSecondsAt.applyAsDouble(k);
        }
    }

    private final ClusterSpec cluster;
    private final double stepSeconds;
    private final long steps;
    private final FailureSpec failures;
    private final CheckpointSpec checkpoint;
    private final StragglerSpec stragglers;
    private final Replicas replicas;
    private final long seed;
    private final double stragglerFactor;
    private final double intervalSeconds;
    private final FleetLayout layout;
    /** The superposed failure process of each class in each site: [site][class]. */
    private final FailureProcess[][] processes;

    /** A run without stragglers, on one replica per node. */
    public RunModel(ClusterSpec cluster, double stepSeconds, long steps, FailureSpec failures, CheckpointSpec checkpoint,
                    long seed) {
        this(cluster, stepSeconds, steps, failures, checkpoint, StragglerSpec.none(),
                Replicas.uniform(cluster.nodes(), 1, stepSeconds), seed);
    }

    /**
     * @param cluster     the chips that fail
     * @param stepSeconds time of one optimizer step on the full fleet, seconds (no stragglers)
     * @param steps       optimizer steps to the target
     * @param failures    failure classes, recovery costs, spares, maintenance
     * @param checkpoint  checkpoint interval, mode and costs (times resolved)
     * @param stragglers  per-step slowdowns of individual chips
     * @param replicas    data-parallel replicas, for running on fewer when spares run out
     * @param seed        scenario seed
     */
    public RunModel(ClusterSpec cluster, double stepSeconds, long steps, FailureSpec failures, CheckpointSpec checkpoint,
                    StragglerSpec stragglers, Replicas replicas, long seed) {
        this(cluster, stepSeconds, steps, failures, checkpoint, stragglers, replicas, seed, FleetLayout.single(cluster));
    }

    /**
     * A run on a fleet of one or more datacenters: each site has its own datacenter entity (power,
     * spare pool) and component populations; WAN links fail on their own; a fleet coordinator
     * applies the layout's policy. With one site, exactly the single-site model.
     *
     * @param cluster the fleet as one cluster (all chips)
     * @param layout  the sites and links
     */
    public RunModel(ClusterSpec cluster, double stepSeconds, long steps, FailureSpec failures, CheckpointSpec checkpoint,
                    StragglerSpec stragglers, Replicas replicas, long seed, FleetLayout layout) {
        if (!(stepSeconds > 0) || steps <= 0) {
            throw new IllegalArgumentException("step time and steps must be > 0");
        }
        this.stragglerFactor = stragglers.expectedStepFactor(cluster.chips());
        if (stepSeconds * steps * stragglerFactor >= MAX_WORK_SECONDS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the run would take %.3g days without failures, more than the simulator's clock counts (%.0f days)",
                    stepSeconds * steps * stragglerFactor / 86400, MAX_WORK_SECONDS / 86400));
        }
        if (layout.chips() != cluster.chips()) {
            throw new IllegalArgumentException("the layout's sites hold " + layout.chips() + " chips, the fleet "
                    + cluster.chips());
        }
        this.layout = layout;
        this.cluster = cluster;
        this.stepSeconds = stepSeconds;
        this.steps = steps;
        this.failures = failures;
        this.checkpoint = checkpoint;
        this.stragglers = stragglers;
        this.replicas = replicas;
        this.seed = seed;
        double interval = checkpoint.intervalSeconds(mttfSeconds());
        this.intervalSeconds = checkpoint.autoInterval() && interval > 0 ? Math.max(interval, stepSeconds) : interval;
        // checkpoint stalls are caught up in bulk between events: keep their total within the clock too
        double work = stepSeconds * steps * stragglerFactor;
        double stalls = intervalSeconds > 0 ? Math.floor(work / intervalSeconds) * checkpoint.stallSeconds() : 0;
        if (work + stalls >= MAX_WORK_SECONDS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the run would take %.3g days without failures (%.3g s checkpoint stall every %.3g s of training),"
                            + " more than the simulator's clock counts (%.0f days)",
                    (work + stalls) / 86400, checkpoint.stallSeconds(), intervalSeconds, MAX_WORK_SECONDS / 86400));
        }
        // tabulate fresh fleets' renewal functions far enough: three failure-free runs and a month
        double horizon = 3 * (stepSeconds * steps * stragglerFactor) + 30 * 86_400.0;
        List<FailureClass> classes = failures.classes();
        int sites = layout.sites().size();
        this.processes = new FailureProcess[sites][classes.size()];
        for (int s = 0; s < sites; s++) {
            FleetLayout.Site site = layout.sites().get(s);
            // one site: the whole cluster, exactly as the single-site model counts it
            long chips = sites == 1 ? cluster.chips() : site.chips();
            long nodes = sites == 1 ? cluster.nodes() : site.nodes();
            for (int i = 0; i < classes.size(); i++) {
                FailureClass c = classes.get(i);
                processes[s][i] = new FailureProcess(c.components(chips, nodes, 1), c.ratePerComponentHour(), c.lifetime(),
                        horizon);
            }
        }
    }

    /**
     * A load-time estimate of one trial's wall clock and events ({@link EventBudget}); its
     * {@link EventBudget.Estimate#refusal()} says why a run would exceed the event budget or clock.
     */
    public EventBudget.Estimate eventEstimate() {
        double work = stepSeconds * steps * stragglerFactor;
        double restore = checkpoint.peerReplica() ? Math.min(checkpoint.restoreSeconds(), checkpoint.peerRestoreSeconds())
                : checkpoint.restoreSeconds();
        double recovery = failures.detectionSeconds() + failures.restartSeconds() + restore;
        double interval = intervalSeconds > 0 ? intervalSeconds : Double.POSITIVE_INFINITY;
        FailureSpec.Maintenance m = failures.maintenance();
        return EventBudget.estimate(work, mttfSeconds(), recovery, interval, checkpoint.stallSeconds(),
                m == null ? Double.POSITIVE_INFINITY : m.meanIntervalSeconds(), m == null ? 0 : m.durationSeconds(),
                1.0 / TrainingJob.SEGMENTS_PER_EVENT);
    }

    /** Datacenters of the fleet. */
    public int datacenters() {
        return layout.sites().size();
    }

    /** The fleet's sites and links. */
    public FleetLayout layout() {
        return layout;
    }

    public ClusterSpec cluster() {
        return cluster;
    }

    public double stepSeconds() {
        return stepSeconds;
    }

    public long steps() {
        return steps;
    }

    public FailureSpec failures() {
        return failures;
    }

    public CheckpointSpec checkpoint() {
        return checkpoint;
    }

    public StragglerSpec stragglers() {
        return stragglers;
    }

    /** Expected step time with stragglers over the step model's (1 without stragglers). */
    public double stragglerFactor() {
        return stragglerFactor;
    }

    /** Step time of the whole run on the full fleet without stragglers, virtual nanoseconds. */
    public long totalWorkNanos() {
        return Math.round(stepSeconds * 1e9 * steps);
    }

    /** Mean time to the next failure anywhere in the fleet, long run, seconds (infinite without). */
    public double mttfSeconds() {
        double perHour = failures.fleetRatePerHour(cluster.chips(), cluster.nodes(), datacenters()) + layout.cutsPerHour();
        return perHour > 0 ? 3600.0 / perHour : Double.POSITIVE_INFINITY;
    }

    /** Long-run failures per day of the whole fleet, by cause (maintenance included). */
    public Map<String, Double> failuresPerDayByCause() {
        Map<String, Double> out = new TreeMap<>();
        for (FailureClass c : failures.classes()) {
            out.put(c.cause(), c.components(cluster.chips(), cluster.nodes(), datacenters()) * c.ratePerComponentHour() * 24);
        }
        if (failures.maintenance() != null) {
            out.put(FailureSpec.MAINTENANCE_CAUSE, 86_400 / failures.maintenance().meanIntervalSeconds());
        }
        if (layout.cutsPerHour() > 0) {
            out.put(FleetCoordinator.WAN_CUT, layout.cutsPerHour() * 24);
        }
        return out;
    }

    /** The checkpoint interval in use (Young/Daly when auto), seconds of work; 0 = none. */
    public double checkpointIntervalSeconds() {
        return intervalSeconds;
    }

    /** The superposed failure process of class {@code i} (of the first site; for tests and reports). */
    public FailureProcess process(int i) {
        return processes[0][i];
    }

    /** A fresh set of entities for trial {@code trialIndex}. Thread-safe. */
    public TrialSetup trial(int trialIndex) {
        return trial(trialIndex, null);
    }

    /**
     * A fresh set of entities for trial {@code trialIndex} that record what happens in
     * {@code recorder} (null: nothing) — the same trial, the same events, as {@link #trial(int)}.
     * Run it on the inline engine (the recorder is not thread-safe).
     */
    public TrialSetup trial(int trialIndex, RunTrace.Recorder recorder) {
        List<Entity> entities = new ArrayList<>();
        TrainingJob job = new TrainingJob(jobConfig());
        entities.add(job);
        entities.addAll(layout.multiSite() ? fleetEntities(trialIndex, JOB) : failureEntities(trialIndex, JOB));
        if (recorder != null) {
            job.trace(recorder);
            for (Entity e : entities) {
                if (e instanceof Datacenter dc) {
                    dc.trace(recorder);
                }
            }
        }
        return new TrialSetup(entities);
    }

    /** Random stream of class {@code i} in site {@code s} (site 0: the single-site model's). */
    private static int classStream(int s, int i) {
        return 1 + i + 10_000 * s;
    }

    /**
     * The failure side of a trial of a fleet of several datacenters, placed from entity index
     * {@link #DATACENTER} on: one datacenter per site (its power, its own spare pool; planned
     * maintenance on the first), the fleet coordinator, one entity per WAN link that can be cut,
     * then each site's component populations. Outages and link cuts go to the coordinator, which
     * decides and tells entity {@code job}; everything else goes to the job, tagged with its site.
     */
    List<Entity> fleetEntities(int trialIndex, int job) {
        List<FailureClass> classes = failures.classes();
        int sites = layout.sites().size();
        int coordinator = DATACENTER + sites;
        List<Entity> out = new ArrayList<>();
        List<Entity> populations = new ArrayList<>();
        boolean wait = layout.policy() == FleetLayout.SiteLossPolicy.WAIT;
        for (int s = 0; s < sites; s++) {
            FailureSpec.Spares spares = sparesOf(s);
            Map<Integer, FailureProcess.Clock> own = new TreeMap<>();
            for (int i = 0; i < classes.size(); i++) {
                if (!processes[s][i].active()) {
                    continue;
                }
                FailureProcess.Clock clock = processes[s][i].clock(RandomStreams.stream(seed, trialIndex, classStream(s, i)));
                FailureClass c = classes.get(i);
                if (c.scope() == FailureClass.Scope.DATACENTER) {
                    own.put(i, clock);
                    continue;
                }
                RunEvents.Interrupt interrupt = directInterrupt(c, spares);
                // straight to the job, which knows which sites it runs on
                Object direct = interrupt == null ? null : new RunEvents.FromSite(s, interrupt);
                populations.add(new ComponentPopulation(i, clock, DATACENTER + s, direct, job));
            }
            out.add(new Datacenter(classes, own, spares, s == 0 ? failures.maintenance() : null,
                    RandomStreams.stream(seed, trialIndex, 1_000 + 10_000 * s), RandomStreams.stream(seed, trialIndex, 1_001),
                    job, s, coordinator));
        }
        out.add(new FleetCoordinator(layout, job));
        for (int l = 0; l < layout.links().size(); l++) {
            FleetLayout.Link link = layout.links().get(l);
            if (link.cutsPerHour() > 0) {
                out.add(new WanLinkFailures(l, link.cutsPerHour(), link.repair(),
                        RandomStreams.stream(seed, trialIndex, 500_000 + l), coordinator));
            }
        }
        out.addAll(populations);
        return out;
    }

    /** Spare nodes of datacenter {@code s}: its own pool if it has one, else the default; -1 = unlimited. */
    public int spareNodes(int s) {
        FailureSpec.Spares pool = sparesOf(s);
        return pool.limited() ? pool.perDatacenter() : -1;
    }

    /** The spare pool of site {@code s}: its own size if it has one, with the fleet's policy. */
    private FailureSpec.Spares sparesOf(int s) {
        int own = layout.sites().get(s).spareNodes();
        return own < 0 ? failures.spares() : new FailureSpec.Spares(own, failures.spares().shrink());
    }

    /**
     * The interruption a population of class {@code c} may send straight to the job, or
     * {@code null} when its datacenter must decide: a restart, or a node swap from an unlimited
     * pool (the datacenter tracks nothing then).
     */
    private static RunEvents.Interrupt directInterrupt(FailureClass c, FailureSpec.Spares spares) {
        if (c.effect() == FailureClass.Effect.RESTART) {
            return new RunEvents.Interrupt(c.cause(), RunEvents.Kind.FAILURE, 0, -1, false);
        }
        if (c.effect() == FailureClass.Effect.REPLACE_NODE && !spares.limited()) {
            return new RunEvents.Interrupt(c.cause(), RunEvents.Kind.FAILURE, 0, -1, true);
        }
        return null;
    }

    /**
     * The failure side of a trial, to be placed from entity index {@link #DATACENTER} on: the
     * datacenter, then one population per active component class, all reporting to entity
     * {@code job}. Tests drive these with a job of their own.
     */
    public List<Entity> failureEntities(int trialIndex, int job) {
        List<FailureClass> classes = failures.classes();
        Map<Integer, FailureProcess.Clock> own = new TreeMap<>();
        List<Entity> populations = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            if (!processes[0][i].active()) {
                continue;
            }
            FailureProcess.Clock clock = processes[0][i].clock(RandomStreams.stream(seed, trialIndex, 1 + i));
            if (classes.get(i).scope() == FailureClass.Scope.DATACENTER) {
                own.put(i, clock);
            } else {
                populations.add(new ComponentPopulation(i, clock, DATACENTER, directInterrupt(classes.get(i), sparesOf(0)), job));
            }
        }
        List<Entity> out = new ArrayList<>();
        out.add(new Datacenter(classes, own, sparesOf(0), failures.maintenance(),
                RandomStreams.stream(seed, trialIndex, 1_000), RandomStreams.stream(seed, trialIndex, 1_001), job));
        out.addAll(populations);
        return out;
    }

    private TrainingJob.Config jobConfig() {
        long interval = nanos(intervalSeconds);
        int perNode = replicas.perNode();
        return new TrainingJob.Config(totalWorkNanos(), steps, interval > 0 ? interval : Long.MAX_VALUE,
                nanos(checkpoint.stallSeconds()), nanos(checkpoint.async() ? checkpoint.writeSeconds() : 0),
                checkpoint.async(), checkpoint.peerReplica(), nanos(failures.detectionSeconds()),
                nanos(failures.restartSeconds()), nanos(checkpoint.restoreSeconds()), nanos(checkpoint.peerRestoreSeconds()),
                nanos(checkpoint.writeSeconds()), stragglerFactor, replicas.count(), perNode, failures.spares().shrink(),
                replicas::throughputRatio, giveUpAtNanos(), layout.sites().size(), noHeadwayContext());
    }

    /** What a trial that makes no headway needs to explain itself beyond its own counts. */
    private NoHeadway.Context noHeadwayContext() {
        double nodeFailures = 0, repairWeighted = 0;
        for (FailureClass c : failures.classes()) {
            if (c.effect() != FailureClass.Effect.REPLACE_NODE) {
                continue;
            }
            double perHour = c.components(cluster.chips(), cluster.nodes(), datacenters()) * c.ratePerComponentHour();
            nodeFailures += perHour;
            if (c.repair() != null) {
                // mean of a lognormal of this median and log-sigma
                repairWeighted += perHour * c.repair().medianSeconds() * Math.exp(c.repair().sigma() * c.repair().sigma() / 2);
            }
        }
        long spareNodes = 0;
        int unlimited = 0;
        for (int s = 0; s < layout.sites().size(); s++) {
            FailureSpec.Spares pool = sparesOf(s);
            if (pool.limited()) {
                spareNodes += pool.perDatacenter();
            } else {
                unlimited++;
            }
        }
        return new NoHeadway.Context(stepSeconds * steps * stragglerFactor, mttfSeconds(), nodeFailures,
                nodeFailures > 0 ? repairWeighted / nodeFailures : 0, spareNodes, unlimited, failures.spares().shrink(),
                layout.sites().size(), intervalSeconds > 0 ? intervalSeconds : Double.POSITIVE_INFINITY,
                checkpoint.stallSeconds(),
                failures.detectionSeconds() + failures.restartSeconds() + checkpoint.restoreSeconds());
    }

    /**
     * When a trial gives up as making no headway: a hundred times its failure-free wall clock
     * (at 1% goodput the answer is already "this does not work"), within the clock's range.
     */
    long giveUpAtNanos() {
        double failureFree = stepSeconds * steps * stragglerFactor * 1e9;
        return (long) Math.min(100 * failureFree, Long.MAX_VALUE / 2.0);
    }

    private static long nanos(double seconds) {
        return Math.round(seconds * 1e9);
    }
}
