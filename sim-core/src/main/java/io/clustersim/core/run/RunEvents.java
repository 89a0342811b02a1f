package io.clustersim.core.run;

/** Payloads of the run model's events, and their priorities at one instant. */
final class RunEvents {

    private RunEvents() {
    }

    /** A failure interrupts the job before anything else of the same instant completes. */
    static final int PRIORITY_FAILURE = 0;
    /** Progress milestones and resumptions come after failures of the same instant. */
    static final int PRIORITY_PROGRESS = 1;

    /** To a chip group: one of your chips fails now. */
    record FailureDue() {
    }

    /** To the job: training is interrupted by {@code cause}. */
    record Interrupt(String cause) {
    }

    /** To the job: the next checkpoint is written (if {@code epoch} is still current). */
    record CheckpointWritten(long epoch) {
    }

    /** To the job: the last step completes (if {@code epoch} is still current). */
    record TargetReached(long epoch) {
    }

    /** To the job: recovery is over, training resumes (if {@code epoch} is still current). */
    record Resume(long epoch) {
    }
}
