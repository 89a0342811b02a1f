package io.clustersim.core.engine;

/** How a trial actor reports back to whoever started it. */
public sealed interface TrialReply {

    /** Index of the trial (Monte Carlo replication). */
    int trialIndex();

    /** The trial ran to its finish. */
    record Succeeded(int trialIndex, TrialOutcome outcome) implements TrialReply {
    }

    /** The trial could not finish; {@code error} says why. */
    record Failed(int trialIndex, SimulationException error) implements TrialReply {
    }
}
