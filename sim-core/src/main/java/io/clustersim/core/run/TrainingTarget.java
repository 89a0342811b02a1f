package io.clustersim.core.run;

/**
 * What the run must reach.
 *
 * @param tokens training tokens to process
 */
public record TrainingTarget(double tokens) {

    public TrainingTarget {
        if (!(tokens > 0) || Double.isInfinite(tokens)) {
            throw new IllegalArgumentException("target tokens must be > 0, was " + tokens);
        }
    }
}
