package io.clustersim.core;

import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.SoftwareSpec;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.core.plan.SearchSpace;
import io.clustersim.core.run.CheckpointSpec;
import io.clustersim.core.run.FailureSpec;
import io.clustersim.core.run.StragglerSpec;
import io.clustersim.core.run.TrainingTarget;
import io.clustersim.topology.ClusterSpec;

import java.util.Objects;

/**
 * Everything one simulation needs: model, target, fleet, plan, failures, checkpointing, seed and
 * the number of Monte Carlo trials. Immutable; build one with {@link #builder()} or parse a
 * scenario file with the {@code scenarios} module.
 *
 * @param name        short name, echoed in reports
 * @param seed        root of every random stream
 * @param trials      Monte Carlo replications of the run
 * @param model       the transformer
 * @param target      what the run must reach
 * @param cluster     the fleet
 * @param parallelism the plan; {@code null} when {@code planSearch} is given (the plan is searched)
 * @param failures    failure process and recovery costs
 * @param checkpoint  checkpointing
 * @param software    what the training software overlaps and fuses
 * @param stragglers  per-step slowdowns of individual chips
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
        SearchSpace planSearch) {

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
    }

    /** A scenario with a stated plan. */
    public Scenario(String name, long seed, int trials, TransformerSpec model, TrainingTarget target, ClusterSpec cluster,
                    ParallelismPlan parallelism, FailureSpec failures, CheckpointSpec checkpoint, SoftwareSpec software,
                    StragglerSpec stragglers) {
        this(name, seed, trials, model, target, cluster, parallelism, failures, checkpoint, software, stragglers, null);
    }

    /** A scenario with a stated plan and without stragglers. */
    public Scenario(String name, long seed, int trials, TransformerSpec model, TrainingTarget target, ClusterSpec cluster,
                    ParallelismPlan parallelism, FailureSpec failures, CheckpointSpec checkpoint, SoftwareSpec software) {
        this(name, seed, trials, model, target, cluster, parallelism, failures, checkpoint, software, StragglerSpec.none(),
                null);
    }

    /** Whether the plan is searched rather than stated. */
    public boolean searchesPlan() {
        return planSearch != null;
    }

    /** Sequences per optimizer step: the stated plan's, or the searched space's. */
    public int globalBatch() {
        return planSearch != null ? planSearch.globalBatch() : parallelism.globalBatch();
    }

    /** The same scenario with another seed. */
    public Scenario withSeed(long newSeed) {
        return new Scenario(name, newSeed, trials, model, target, cluster, parallelism, failures, checkpoint, software,
                stragglers, planSearch);
    }

    /** The same scenario with another number of trials. */
    public Scenario withTrials(int newTrials) {
        return new Scenario(name, seed, newTrials, model, target, cluster, parallelism, failures, checkpoint, software,
                stragglers, planSearch);
    }

    /** The same scenario with other failures. */
    public Scenario withFailures(FailureSpec value) {
        return new Scenario(name, seed, trials, model, target, cluster, parallelism, value, checkpoint, software,
                stragglers, planSearch);
    }

    /** The same scenario with other checkpointing. */
    public Scenario withCheckpoint(CheckpointSpec value) {
        return new Scenario(name, seed, trials, model, target, cluster, parallelism, failures, value, software,
                stragglers, planSearch);
    }

    /** The same scenario with other stragglers. */
    public Scenario withStragglers(StragglerSpec value) {
        return new Scenario(name, seed, trials, model, target, cluster, parallelism, failures, checkpoint, software,
                value, planSearch);
    }

    /** The same scenario with another target. */
    public Scenario withTarget(TrainingTarget newTarget) {
        return new Scenario(name, seed, trials, model, newTarget, cluster, parallelism, failures, checkpoint, software,
                stragglers, planSearch);
    }

    /** The same scenario on another fleet (same plan or search). */
    public Scenario withCluster(ClusterSpec newCluster) {
        return new Scenario(name, seed, trials, model, target, newCluster, parallelism, failures, checkpoint, software,
                stragglers, planSearch);
    }

    /** The same scenario with a stated plan (a searched scenario becomes a stated one). */
    public Scenario withParallelism(ParallelismPlan plan) {
        return new Scenario(name, seed, trials, model, target, cluster, plan, failures, checkpoint, software, stragglers,
                null);
    }

    /** The same scenario with the plan searched under {@code space} (replacing any stated plan). */
    public Scenario withPlanSearch(SearchSpace space) {
        return new Scenario(name, seed, trials, model, target, cluster, null, failures, checkpoint, software, stragglers,
                space);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builder; failures, checkpoints and stragglers default to none, software to
     * {@link SoftwareSpec#modern()}, seed to 42, trials to 100.
     */
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
        private SearchSpace planSearch;

        public Builder name(String value) { this.name = value; return this; }
        public Builder seed(long value) { this.seed = value; return this; }
        public Builder trials(int value) { this.trials = value; return this; }
        public Builder model(TransformerSpec value) { this.model = value; return this; }
        public Builder target(TrainingTarget value) { this.target = value; return this; }
        public Builder targetTokens(double tokens) { this.target = new TrainingTarget(tokens); return this; }
        public Builder cluster(ClusterSpec value) { this.cluster = value; return this; }
        public Builder parallelism(ParallelismPlan value) { this.parallelism = value; return this; }
        public Builder failures(FailureSpec value) { this.failures = value; return this; }
        public Builder checkpoint(CheckpointSpec value) { this.checkpoint = value; return this; }
        public Builder software(SoftwareSpec value) { this.software = value; return this; }
        public Builder stragglers(StragglerSpec value) { this.stragglers = value; return this; }
        public Builder planSearch(SearchSpace value) { this.planSearch = value; return this; }

        public Scenario build() {
            return new Scenario(name, seed, trials, model, target, cluster, parallelism, failures, checkpoint, software,
                    stragglers, planSearch);
        }
    }
}
