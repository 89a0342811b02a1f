package io.clustersim.core;

import io.clustersim.core.model.CriticalBatch;
import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.SoftwareSpec;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.core.plan.SearchSpace;
import io.clustersim.core.run.CheckpointSpec;
import io.clustersim.core.run.FailureSpec;
import io.clustersim.core.run.StragglerSpec;
import io.clustersim.core.scaling.TrainingTarget;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Datacenter;
import io.clustersim.topology.Fleet;

import java.util.Objects;

/**
 * Everything one simulation needs: model, target, fleet (one or more datacenters), plan,
 * failures, checkpointing, seed and the number of Monte Carlo trials. Immutable; build one with {@link #builder()} or parse a
 * scenario file with the {@code scenarios} module.
 *
 * @param name        short name, echoed in reports
 * @param seed        root of every random stream
 * @param trials      Monte Carlo replications of the run
 * @param model       the transformer
 * @param target      what the run must reach
 * @param cluster     the fleet as one cluster: for one datacenter its cluster, for several
 *                    {@link Fleet#combinedCluster()}
 * @param parallelism the plan; {@code null} when {@code planSearch} is given (the plan is searched)
 * @param failures    failure process and recovery costs
 * @param checkpoint  checkpointing
 * @param software    what the training software overlaps and fuses
 * @param stragglers  per-step slowdowns of individual chips
 * @param fleet       the datacenters and WAN links; {@code null} means one datacenter holding
 *                    {@code cluster} (default power, no spares)
 * @param crossDc     how a step crosses datacenters ({@code null}: hierarchical DP)
 * @param criticalBatch the critical batch and the batch {@code target} holds at ({@code null}:
 *                    Kaplan's estimate, target at the plan's own batch)
 * @param planSearch  search for the fastest plan under this space instead of stating one, or
 *                    {@code null} (the scenario states {@code parallelism})
 */
public record Scenario(
        String name,
        long seed,
        int trials,
        TransformerSpec model,
        TrainingTarget target,
        ClusterSpec cluster,
        ParallelismPlan parallelism,
        FailureSpec failures,
        CheckpointSpec checkpoint,
        SoftwareSpec software,
        StragglerSpec stragglers,
        Fleet fleet,
        CrossDcSpec crossDc,
        CriticalBatch criticalBatch,
        SearchSpace planSearch) {

    /** Name of the one datacenter of a single-site scenario that does not name it. */
    public static final String DEFAULT_DATACENTER = "dc1";

    public Scenario {
        Objects.requireNonNull(software, "software");
        Objects.requireNonNull(stragglers, "stragglers");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(cluster, "cluster");
        if ((parallelism == null) == (planSearch == null)) {
            throw new IllegalArgumentException("give either a parallelism plan or a plan search, not "
                    + (parallelism == null ? "neither" : "both"));
        }
        Objects.requireNonNull(failures, "failures");
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (trials <= 0) {
            throw new IllegalArgumentException("trials must be > 0, was " + trials);
        }
        if (fleet == null) {
            fleet = Fleet.single(Datacenter.of(DEFAULT_DATACENTER, cluster));
        } else if (!cluster.equals(fleet.combinedCluster())) {
            throw new IllegalArgumentException("cluster must be the fleet's combined cluster");
        }
        crossDc = crossDc == null ? CrossDcSpec.hierarchicalDp() : crossDc;
        criticalBatch = criticalBatch == null ? CriticalBatch.kaplan() : criticalBatch;
    }

    /** A scenario with a stated plan. */
    public Scenario(String name, long seed, int trials, TransformerSpec model, TrainingTarget target, ClusterSpec cluster,
                    ParallelismPlan parallelism, FailureSpec failures, CheckpointSpec checkpoint, SoftwareSpec software,
                    StragglerSpec stragglers, Fleet fleet, CrossDcSpec crossDc, CriticalBatch criticalBatch) {
        this(name, seed, trials, model, target, cluster, parallelism, failures, checkpoint, software, stragglers, fleet,
                crossDc, criticalBatch, null);
    }

    /** A single-site scenario (one datacenter holding {@code cluster}, default power, Kaplan's critical batch). */
    public Scenario(String name, long seed, int trials, TransformerSpec model, TrainingTarget target, ClusterSpec cluster,
                    ParallelismPlan parallelism, FailureSpec failures, CheckpointSpec checkpoint, SoftwareSpec software,
                    StragglerSpec stragglers) {
        this(name, seed, trials, model, target, cluster, parallelism, failures, checkpoint, software, stragglers,
                null, null, null);
    }

    /** A single-site scenario without stragglers. */
    public Scenario(String name, long seed, int trials, TransformerSpec model, TrainingTarget target, ClusterSpec cluster,
                    ParallelismPlan parallelism, FailureSpec failures, CheckpointSpec checkpoint, SoftwareSpec software) {
        this(name, seed, trials, model, target, cluster, parallelism, failures, checkpoint, software, StragglerSpec.none(),
                null, null, null);
    }

    /** The same scenario with another seed. */
    public Scenario withSeed(long newSeed) {
        return new Scenario(name, newSeed, trials, model, target, cluster, parallelism, failures, checkpoint, software,
                stragglers, fleet, crossDc, criticalBatch, planSearch);
    }

    /** The same scenario with another number of trials. */
    public Scenario withTrials(int newTrials) {
        return new Scenario(name, seed, newTrials, model, target, cluster, parallelism, failures, checkpoint, software,
                stragglers, fleet, crossDc, criticalBatch, planSearch);
    }

    /** The same scenario with other failures. */
    public Scenario withFailures(FailureSpec value) {
        return new Scenario(name, seed, trials, model, target, cluster, parallelism, value, checkpoint, software,
                stragglers, fleet, crossDc, criticalBatch, planSearch);
    }

    /** The same scenario with other checkpointing. */
    public Scenario withCheckpoint(CheckpointSpec value) {
        return new Scenario(name, seed, trials, model, target, cluster, parallelism, failures, value, software,
                stragglers, fleet, crossDc, criticalBatch, planSearch);
    }

    /** The same scenario with other stragglers. */
    public Scenario withStragglers(StragglerSpec value) {
        return new Scenario(name, seed, trials, model, target, cluster, parallelism, failures, checkpoint, software,
                value, fleet, crossDc, criticalBatch, planSearch);
    }

    /** The same scenario on another fleet with another plan (sweeps). */
    public Scenario withFleet(Fleet newFleet, ParallelismPlan newPlan) {
        return new Scenario(name, seed, trials, model, target, newFleet.combinedCluster(), newPlan, failures, checkpoint,
                software, stragglers, newFleet, crossDc, criticalBatch, newPlan == null ? planSearch : null);
    }

    /** Whether the plan is searched rather than stated. */
    public boolean searchesPlan() {
        return planSearch != null;
    }

    /** Sequences per optimizer step: the stated plan's, or the searched space's. */
    public int globalBatch() {
        return planSearch != null ? planSearch.globalBatch() : parallelism.globalBatch();
    }

    /** The same scenario with another target. */
    public Scenario withTarget(TrainingTarget newTarget) {
        return new Scenario(name, seed, trials, model, newTarget, cluster, parallelism, failures, checkpoint, software,
                stragglers, fleet, crossDc, criticalBatch, planSearch);
    }

    /**
     * The same single-site scenario on another cluster (same plan or search; the datacenter keeps
     * its name, power and spares).
     *
     * @throws IllegalStateException for a fleet of several datacenters
     */
    public Scenario withCluster(ClusterSpec newCluster) {
        if (fleet.multiSite()) {
            throw new IllegalStateException("a fleet of several datacenters has no single cluster to replace");
        }
        Datacenter dc = fleet.datacenters().get(0);
        Fleet resized = Fleet.single(new Datacenter(dc.name(), newCluster, dc.power(), dc.hotSpareNodes()));
        return new Scenario(name, seed, trials, model, target, newCluster, parallelism, failures, checkpoint, software,
                stragglers, resized, crossDc, criticalBatch, planSearch);
    }

    /** The same scenario with a stated plan (a searched scenario becomes a stated one). */
    public Scenario withParallelism(ParallelismPlan plan) {
        return new Scenario(name, seed, trials, model, target, cluster, Objects.requireNonNull(plan, "plan"), failures,
                checkpoint, software, stragglers, fleet, crossDc, criticalBatch, null);
    }

    /** The same scenario with the plan searched under {@code space} (replacing any stated plan). */
    public Scenario withPlanSearch(SearchSpace space) {
        return new Scenario(name, seed, trials, model, target, cluster, null, failures, checkpoint, software, stragglers,
                fleet, crossDc, criticalBatch, Objects.requireNonNull(space, "space"));
    }

    /** The same scenario with another critical-batch rule. */
    public Scenario withCriticalBatch(CriticalBatch value) {
        return new Scenario(name, seed, trials, model, target, cluster, parallelism, failures, checkpoint, software,
                stragglers, fleet, crossDc, value, planSearch);
    }

    /** The same scenario with another cross-datacenter scheme. */
    public Scenario withCrossDc(CrossDcSpec value) {
        return new Scenario(name, seed, trials, model, target, cluster, parallelism, failures, checkpoint, software,
                stragglers, fleet, value, criticalBatch, planSearch);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this scenario's every field, to change a few and {@link Builder#build()}
     * another: {@code scenario.toBuilder().seed(7).trials(1_000).build()}. Prefer it to chaining
     * the {@code with…} methods. Setting {@link Builder#cluster} replaces the fleet by one default
     * datacenter (use {@link #withCluster} to keep the datacenter's name, power and spares).
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.seed = seed;
        b.trials = trials;
        b.model = model;
        b.target = target;
        b.cluster = cluster;
        b.parallelism = parallelism;
        b.failures = failures;
        b.checkpoint = checkpoint;
        b.software = software;
        b.stragglers = stragglers;
        b.fleet = fleet;
        b.crossDc = crossDc;
        b.criticalBatch = criticalBatch;
        b.planSearch = planSearch;
        return b;
    }

    /** Builder; failures and checkpoints default to none, software to {@link SoftwareSpec#modern()}, seed to 42, trials to 100. */
    public static final class Builder {
        private String name = "scenario";
        private long seed = 42;
        private int trials = 100;
        private TransformerSpec model;
        private TrainingTarget target;
        private ClusterSpec cluster;
        private ParallelismPlan parallelism;
        private FailureSpec failures = FailureSpec.none();
        private CheckpointSpec checkpoint = CheckpointSpec.none();
        private SoftwareSpec software = SoftwareSpec.modern();
        private StragglerSpec stragglers = StragglerSpec.none();
        private Fleet fleet;
        private CrossDcSpec crossDc;
        private CriticalBatch criticalBatch;
        private SearchSpace planSearch;

        public Builder name(String value) { this.name = value; return this; }
        public Builder seed(long value) { this.seed = value; return this; }
        public Builder trials(int value) { this.trials = value; return this; }
        public Builder model(TransformerSpec value) { this.model = value; return this; }
        public Builder target(TrainingTarget value) { this.target = value; return this; }
        public Builder targetTokens(double tokens) { this.target = new TrainingTarget(tokens); return this; }
        public Builder cluster(ClusterSpec value) { this.cluster = value; this.fleet = null; return this; }
        /** A stated plan (replaces any plan search). */
        public Builder parallelism(ParallelismPlan value) {
            this.parallelism = value;
            if (value != null) {
                this.planSearch = null;
            }
            return this;
        }
        public Builder failures(FailureSpec value) { this.failures = value; return this; }
        public Builder checkpoint(CheckpointSpec value) { this.checkpoint = value; return this; }
        public Builder software(SoftwareSpec value) { this.software = value; return this; }
        public Builder stragglers(StragglerSpec value) { this.stragglers = value; return this; }
        /** A fleet of one or more datacenters (replaces {@link #cluster}). */
        public Builder fleet(Fleet value) { this.fleet = value; this.cluster = value.combinedCluster(); return this; }
        public Builder crossDc(CrossDcSpec value) { this.crossDc = value; return this; }
        public Builder criticalBatch(CriticalBatch value) { this.criticalBatch = value; return this; }
        /** Search the plan under this space (replaces any stated plan). */
        public Builder planSearch(SearchSpace value) {
            this.planSearch = value;
            if (value != null) {
                this.parallelism = null;
            }
            return this;
        }

        public Scenario build() {
            return new Scenario(name, seed, trials, model, target, cluster, parallelism, failures, checkpoint, software,
                    stragglers, fleet, crossDc, criticalBatch, planSearch);
        }
    }
}
