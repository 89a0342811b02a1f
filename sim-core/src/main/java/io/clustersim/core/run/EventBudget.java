package io.clustersim.core.run;

import io.clustersim.core.engine.TrialSetup;

import java.util.Locale;

/**
 * A load-time estimate of one trial's events and wall clock, so a run that would hit the event
 * limit ({@link TrialSetup#DEFAULT_MAX_EVENTS}) or the clock's range after minutes and gigabytes is
 * refused before it starts, with the cause and the numbers.
 *
 * <pre>{@code
 * EventBudget.Estimate e = EventBudget.estimate(workSeconds, mttfSeconds, recoverySeconds, intervalSeconds,
 *         stallSeconds, maintenanceIntervalSeconds, maintenanceSeconds, 1.0 / 64);
 * String why = e.refusal(); // null when the run fits
 * }</pre>
 *
 * <p>Maintainer note: the wall clock is Daly's expectation for checkpoint/restart under
 * exponential failures of mean {@code M} ({@link YoungDaly#expectedWallSeconds}, the one formula):
 * each segment of {@code T} seconds of work (a checkpoint interval and its stall) costs
 * {@code M·e^{R/M}·(e^{T/M} − 1)} with recovery {@code R}. It is an estimate (failures are not exponential at start, spares and
 * shrinking are ignored) used only to refuse runs off by orders of magnitude: the refusal needs the
 * estimate above the limit, so the estimate errs low — events per interruption are counted at
 * {@link #EVENTS_PER_INTERRUPTION}, fewer than a trial handles.
 */
public final class EventBudget {

    /** Events a trial handles per interruption, at least: the failure, the job's interrupt, its resumption. */
    static final double EVENTS_PER_INTERRUPTION = 2;

    private EventBudget() {
    }

    /**
     * What a trial is expected to cost.
     *
     * @param wallSeconds      expected wall clock of a trial, seconds (may be infinite)
     * @param failures         expected failures per trial
     * @param maintenanceStops expected planned stops per trial
     * @param events           expected events per trial
     */
    public record Estimate(double wallSeconds, double failures, double maintenanceStops, double events) {

        /** Why the run cannot be simulated, or {@code null} when it fits the event budget and the clock. */
        public String refusal() {
            double limit = TrialSetup.DEFAULT_MAX_EVENTS;
            if (!(events <= limit) || !(wallSeconds < RunModel.MAX_WORK_SECONDS)) {
                return String.format(Locale.ROOT, "a trial would take about %s of wall clock with %.3g failures and"
                                + " %.3g maintenance stops, about %.3g events, more than a trial may use (%.3g events, %.0f"
                                + " days): the run would spend its time recovering; give a lower failure rate, faster"
                                + " recovery, more frequent checkpoints or rarer maintenance",
                        days(wallSeconds), failures, maintenanceStops, events, limit, RunModel.MAX_WORK_SECONDS / 86_400);
            }
            return null;
        }
    }

    private static String days(double seconds) {
        return Double.isFinite(seconds) ? String.format(Locale.ROOT, "%.3g days", seconds / 86_400) : "forever";
    }

    /**
     * @param workSeconds                failure-free training time (stragglers included), seconds
     * @param mttfSeconds                mean time between failures of the whole fleet; infinite for none
     * @param recoverySeconds            detection + restart + restore after a failure, seconds (may be 0)
     * @param intervalSeconds            work between two checkpoints, seconds; infinite or ≥ workSeconds for none
     * @param stallSeconds               training stalled by one checkpoint, seconds (a segment is the
     *                                   interval and the stall: a failure in either loses the segment)
     * @param maintenanceIntervalSeconds mean time between planned stops; infinite for none
     * @param maintenanceSeconds         length of a planned stop, seconds (may be 0)
     * @param checkpointEventsPerSegment events the job spends per checkpoint (it batches them)
     */
    public static Estimate estimate(double workSeconds, double mttfSeconds, double recoverySeconds, double intervalSeconds,
                                    double stallSeconds, double maintenanceIntervalSeconds, double maintenanceSeconds,
                                    double checkpointEventsPerSegment) {
        boolean checkpoints = intervalSeconds < workSeconds;
        // without checkpoints the whole run is one segment, and no checkpoint stalls it
        double interval = checkpoints ? intervalSeconds : workSeconds;
        double stall = checkpoints ? stallSeconds : 0;
        double segments = checkpoints ? workSeconds / intervalSeconds : 1;
        double wall;
        if (!(workSeconds > 0)) {
            wall = 0;
        } else if (Double.isFinite(mttfSeconds) && mttfSeconds > 0) {
            // overflow to infinity means: never gets through one segment
            wall = YoungDaly.expectedWallSeconds(workSeconds, interval, stall, recoverySeconds, mttfSeconds);
        } else {
            wall = segments * (interval + stall);
        }
        double stops = 0;
        if (Double.isFinite(maintenanceIntervalSeconds) && maintenanceIntervalSeconds > 0) {
            // planned stops lose no work; each adds its length, and the stops come per wall second
            double share = maintenanceSeconds / maintenanceIntervalSeconds;
            wall = wall * (1 + share);
            stops = wall / maintenanceIntervalSeconds;
        }
        double failures = Double.isFinite(mttfSeconds) && mttfSeconds > 0 ? wall / mttfSeconds : 0;
        double events = EVENTS_PER_INTERRUPTION * (failures + stops) + segments * checkpointEventsPerSegment;
        return new Estimate(wall, failures, stops, events);
    }
}
