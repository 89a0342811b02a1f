package io.clustersim.core;

import io.clustersim.core.model.FleetStepEstimate;

/**
 * The tokens and steps a run needs: the target, scaled by what the global batch costs against the
 * critical batch ({@link io.clustersim.core.model.CriticalBatch}) and by DiLoCo's token
 * efficiency, in whole steps.
 *
 * @param targetTokens    the scenario's target
 * @param batchTokens     tokens per step
 * @param criticalTokens  the critical batch, tokens (infinite when off)
 * @param referenceTokens the batch at which the target holds, tokens
 * @param criticalFactor  tokens at this batch over tokens at the reference batch
 * @param schemeFactor    DiLoCo's 1 / token efficiency (1 otherwise)
 * @param steps           optimizer steps to train {@code trainedTokens()}
 */
public record TokenBudget(double targetTokens, double batchTokens, double criticalTokens, double referenceTokens,
                          double criticalFactor, double schemeFactor, long steps) {

    /** The budget of a scenario whose step is {@code step}. */
    public static TokenBudget of(Scenario scenario, FleetStepEstimate step) {
        double target = scenario.target().tokens();
        double batch = step.step().tokensPerStep();
        double critical = scenario.criticalBatch().criticalBatchTokens(scenario.model(), target);
        double reference = Double.isNaN(scenario.criticalBatch().referenceBatchTokens()) ? batch
                : scenario.criticalBatch().referenceBatchTokens();
        double factor = scenario.criticalBatch().tokenFactor(batch, critical, batch);
        double scheme = step.tokenFactor();
        long steps = (long) Math.ceil(target * factor * scheme / batch);
        return new TokenBudget(target, batch, critical, reference, factor, scheme, steps);
    }

    /** Whether the batch is past the critical batch. */
    public boolean pastCritical() {
        return batchTokens > criticalTokens;
    }

    /** Tokens the run trains on (whole steps). */
    public double trainedTokens() {
        return steps * batchTokens;
    }
}
