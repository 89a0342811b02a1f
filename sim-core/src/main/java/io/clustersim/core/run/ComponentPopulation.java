package io.clustersim.core.run;

import io.clustersim.core.engine.Entity;
import io.clustersim.core.engine.Event;
import io.clustersim.core.engine.EventSink;
import io.clustersim.core.engine.Start;

/**
 * The components of one failure class in one datacenter — its accelerators, its HBM, its hosts,
 * its NICs, its switches and cables, its software — as one entity: it owns the superposed failure
 * process of all of them ({@link FailureProcess}) and tells its datacenter when one fails. One
 * event per failure, whatever the number of components.
 *
 * <pre>{@code
 * entities.add(new ComponentPopulation(classIndex, process.clock(random), datacenterIndex));
 * }</pre>
 */
final class ComponentPopulation implements Entity {

    private final int classIndex;
    private final FailureProcess.Clock clock;
    private final int datacenter;
    private final Object direct;
    private final int job;

    /**
     * @param direct when non-null, the interruption to send straight to entity {@code job}: for
     *               failures the datacenter has nothing to decide about (a restart; a node swap
     *               from an unlimited pool), saving an event per failure (in a fleet of several,
     *               possibly wrapped for the fleet coordinator)
     */
    ComponentPopulation(int classIndex, FailureProcess.Clock clock, int datacenter, Object direct, int job) {
        this.classIndex = classIndex;
        this.clock = clock;
        this.datacenter = datacenter;
        this.direct = direct;
        this.job = job;
    }

    @Override
    public void handle(Event event, EventSink sink) {
        Object payload = event.payload();
        if (payload instanceof RunEvents.FailureDue) {
            if (direct != null) {
                sink.schedule(sink.nowNanos(), RunEvents.PRIORITY_FAILURE, job, direct);
            } else {
                sink.schedule(sink.nowNanos(), RunEvents.PRIORITY_FAILURE, datacenter,
                        new RunEvents.ComponentFailed(classIndex));
            }
            scheduleNext(sink, event.target());
        } else if (payload == Start.INSTANCE) {
            scheduleNext(sink, event.target());
        } else {
            throw new IllegalArgumentException("unexpected event " + payload);
        }
    }

    private void scheduleNext(EventSink sink, int self) {
        long at = clock.nextNanos(sink.nowNanos());
        if (at >= 0) {
            sink.schedule(at, RunEvents.PRIORITY_FAILURE, self, new RunEvents.FailureDue());
        }
    }
}
