package io.clustersim.core.scaling;

import io.clustersim.core.plan.Deadline;

import java.util.Objects;

/**
 * What the run must reach: the tokens to train on, and where that number came from.
 *
 * <pre>{@code
 * TrainingTarget plain = new TrainingTarget(15.6e12);
 * // or sized from a goal: TargetSizing.size(ModelChoice.family(f), Goal.compute(5.76e23), ScalingLaw.EPOCH_2024)
 * }</pre>
 *
 * @param tokens     training tokens to process
 * @param goal       what the scenario asked for (tokens, compute, tokens per parameter or loss)
 * @param law        the scaling law that sized the target and predicts its loss
 * @param modelSized whether the model's shape was chosen by the tool from a shape family
 * @param deadline   a wall-clock deadline that sizes the fleet, or {@code null}
 */
public record TrainingTarget(double tokens, Goal goal, ScalingLaw law, boolean modelSized, Deadline deadline) {

    public TrainingTarget {
        if (!(tokens > 0) || Double.isInfinite(tokens)) {
            throw new IllegalArgumentException("target tokens must be > 0, was " + tokens);
        }
        Objects.requireNonNull(goal, "goal");
        Objects.requireNonNull(law, "law");
    }

    /** A plain number of tokens; the default law predicts the loss. */
    public TrainingTarget(double tokens) {
        this(tokens, Goal.tokens(tokens), ScalingLaw.DEFAULT, false, null);
    }

    /** The same target with a deadline. */
    public TrainingTarget withDeadline(Deadline value) {
        return new TrainingTarget(tokens, goal, law, modelSized, value);
    }
}
