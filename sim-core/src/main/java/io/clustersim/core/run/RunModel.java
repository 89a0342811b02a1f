package io.clustersim.core.run;

import io.clustersim.core.engine.Entity;
import io.clustersim.core.engine.RandomStreams;
import io.clustersim.core.engine.TrialSetup;
import io.clustersim.topology.ClusterSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the entities of one trial of a whole training run: the job (entity 0) and one chip group
 * per scale-out pod, each with its own failure stream derived from the seed.
 *
 * <pre>{@code
 * RunModel model = new RunModel(cluster, stepSeconds, steps, failures, checkpoint, seed);
 * TrialOutcome outcome = InlineEngine.run(model.trial(0));
 * RunResult result = (RunResult) outcome.result();
 * }</pre>
 *
 * @param cluster     the chips that fail
 * @param stepSeconds time of one optimizer step, seconds
 * @param steps       optimizer steps to the target
 * @param failures    failure process and recovery costs
 * @param checkpoint  checkpoint interval and costs
 * @param seed        scenario seed
 */
public record RunModel(ClusterSpec cluster, double stepSeconds, long steps, FailureSpec failures,
                       CheckpointSpec checkpoint, long seed) {

    /** Entity index of the training job. */
    public static final int JOB = 0;

    /** Longest run the virtual clock (long nanoseconds) counts with room for failures, seconds. */
    static final double MAX_WORK_SECONDS = Long.MAX_VALUE / 4.0 / 1e9;

    public RunModel {
        if (!(stepSeconds > 0) || steps <= 0) {
            throw new IllegalArgumentException("step time and steps must be > 0");
        }
        if (stepSeconds * steps >= MAX_WORK_SECONDS) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "the run would take %.3g days without failures, more than the simulator's clock counts (%.0f days)",
                    stepSeconds * steps / 86400, MAX_WORK_SECONDS / 86400));
        }
    }

    /** Step time of the whole run, virtual nanoseconds. */
    public long totalWorkNanos() {
        return Math.round(stepSeconds * 1e9 * steps);
    }

    /** Mean time to the next failure anywhere in the fleet, seconds (infinite without failures). */
    public double mttfSeconds() {
        double perSecond = cluster.chips() * failures.ratePerChipHour() / 3600.0;
        return perSecond > 0 ? 1 / perSecond : Double.POSITIVE_INFINITY;
    }

    /** The checkpoint interval in use (Young/Daly when auto), seconds of work; 0 = none. */
    public double checkpointIntervalSeconds() {
        return checkpoint.intervalSeconds(mttfSeconds());
    }

    /** Chip groups the fleet is split into: one per pod of the scale-out fabric. */
    public int chipGroups() {
        int pod = Math.max(1, Math.min(cluster.scaleOut().podChips(), cluster.chips()));
        return (cluster.chips() + pod - 1) / pod;
    }

    /** A fresh set of entities for trial {@code trialIndex}. Thread-safe. */
    public TrialSetup trial(int trialIndex) {
        List<Entity> entities = new ArrayList<>();
        entities.add(new TrainingJob(totalWorkNanos(), steps, nanos(checkpointIntervalSeconds()),
                nanos(checkpoint.writeSeconds()),
                nanos(failures.detectionSeconds() + failures.restartSeconds() + checkpoint.restoreSeconds())));
        int groups = chipGroups();
        long remaining = cluster.chips();
        for (int g = 0; g < groups; g++) {
            long chips = Math.min(remaining, (cluster.chips() + groups - 1) / groups);
            remaining -= chips;
            entities.add(new ChipGroup(chips, failures.ratePerChipHour(), failures.cause(), JOB,
                    RandomStreams.stream(seed, trialIndex, 1 + g)));
        }
        return new TrialSetup(entities);
    }

    private static long nanos(double seconds) {
        return Math.round(seconds * 1e9);
    }
}
