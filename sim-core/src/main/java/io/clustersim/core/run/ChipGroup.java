package io.clustersim.core.run;

import io.clustersim.core.engine.Entity;
import io.clustersim.core.engine.Event;
import io.clustersim.core.engine.EventSink;
import io.clustersim.core.engine.Start;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A group of chips that fail as a Poisson process: independent exponential lifetimes superpose
 * into one exponential stream of rate {@code chips × rate}, so the group schedules one event per
 * failure, whatever its size.
 */
final class ChipGroup implements Entity {

    private final double ratePerNano;
    private final String cause;
    private final int jobIndex;
    private final RandomGenerator random;

    ChipGroup(long chips, double ratePerChipHour, String cause, int jobIndex, RandomGenerator random) {
        this.ratePerNano = chips * ratePerChipHour / 3600e9;
        this.cause = cause;
        this.jobIndex = jobIndex;
        this.random = random;
    }

    @Override
    public void handle(Event event, EventSink sink) {
        Object payload = event.payload();
        if (payload instanceof RunEvents.FailureDue) {
            sink.schedule(sink.nowNanos(), RunEvents.PRIORITY_FAILURE, jobIndex, new RunEvents.Interrupt(cause));
            scheduleNextFailure(sink, event.target());
        } else if (payload == Start.INSTANCE) {
            scheduleNextFailure(sink, event.target());
        } else {
            throw new IllegalArgumentException("unexpected event " + payload);
        }
    }

    private void scheduleNextFailure(EventSink sink, int self) {
        if (ratePerNano <= 0) {
            return;
        }
        // Inverse transform; 1 - U is in (0, 1], so the log is finite.
        double gapNanos = -Math.log(1.0 - random.nextDouble()) / ratePerNano;
        long at = sink.nowNanos() + Math.max(1L, Math.round(gapNanos));
        sink.schedule(at, RunEvents.PRIORITY_FAILURE, self, new RunEvents.FailureDue());
    }
}
