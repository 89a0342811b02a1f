package io.clustersim.core.run;

/** Payloads of the run model's events, and their priorities at one instant. */
final class RunEvents {

    private RunEvents() {
    }

    /** A failure interrupts the job before anything else of the same instant completes. */
    static final int PRIORITY_FAILURE = 0;
    /** Progress milestones and resumptions come after failures of the same instant. */
    static final int PRIORITY_PROGRESS = 1;

    /** To a component population: the next failure of your class is now. */
    record FailureDue() {
    }

    /** To a datacenter: one of your components of failure class {@code classIndex} failed now. */
    record ComponentFailed(int classIndex) {
    }

    /** To a datacenter: wake up, a node's repair is over (scheduled only while the job misses nodes). */
    record RepairDone() {
    }

    /** To a datacenter: planned maintenance is due now. */
    record MaintenanceDue() {
    }

    /** How an interruption stops the job. */
    enum Kind {
        /** unplanned: roll back to the last checkpoint, detect, restart, restore */
        FAILURE,
        /** unplanned, the datacenter down until {@code downUntilNanos}; in-memory checkpoints lost */
        OUTAGE,
        /** planned: checkpoint, stop for the maintenance, restart, restore; nothing lost */
        PLANNED
    }

    /**
     * To the job: training is interrupted by {@code cause}.
     *
     * @param downUntilNanos for outages, when the datacenter is back; for maintenance, when the
     *                       maintenance ends; else 0
     * @param nodesMissing   nodes of the job's datacenter that have neither a spare nor come back
     *                       from repair yet (after this interruption); -1 when the sender does
     *                       not know (a population reporting straight to the job): unchanged
     * @param nodeSwapped    a failed node was swapped for a spare
     */
    record Interrupt(String cause, Kind kind, long downUntilNanos, int nodesMissing, boolean nodeSwapped) {
    }

    /** To the job: nodes came back from repair; {@code nodesMissing} remain missing. */
    record NodesReturned(int nodesMissing) {
    }

    /** To the job: the current segment (up to a checkpoint or the end) is done, if {@code epoch} is current. */
    record SegmentDone(long epoch) {
    }

    /** To the job: recovery is over, training resumes (if {@code epoch} is still current). */
    record Resume(long epoch) {
    }

    // ------------------------------------------------------------------ fleets of several datacenters

    /** To the fleet coordinator: {@code payload} (an interrupt, nodes returned) comes from site {@code site}. */
    record FromSite(int site, Object payload) {
    }

    /** To a WAN link: its next cut is now. */
    record CutDue() {
    }

    /** To a WAN link: its repair is done now. */
    record LinkRepairDue() {
    }

    /** To the fleet coordinator: link {@code link} is cut until {@code untilNanos}. */
    record LinkCut(int link, long untilNanos) {
    }

    /** To the fleet coordinator: link {@code link} is repaired. */
    record LinkRepaired(int link) {
    }

    /** To the fleet coordinator (from itself): site {@code site} may be back from an outage. */
    record SiteBack(int site) {
    }

    /**
     * To the job, just before an interruption: the part of the fleet it restarts on runs at
     * {@code ratio} of the whole fleet's throughput.
     */
    record Capacity(double ratio, long sites) {
    }
}
