package io.clustersim.core.run;

import io.clustersim.core.engine.Entity;
import io.clustersim.core.engine.Event;
import io.clustersim.core.engine.EventSink;
import io.clustersim.core.engine.Start;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A WAN link between two datacenters that fibre cuts take down: while up it is cut as a Poisson
 * process; a cut lasts a lognormal repair time, then the link is up again. It tells the fleet
 * coordinator of each cut (with when it will be back) and each repair.
 *
 * <pre>{@code
 * entities.add(new WanLinkFailures(0, 2.0 / 8766, new FailureClass.RepairTime(6 * 3600, 0.5), random, coordinator));
 * }</pre>
 */
final class WanLinkFailures implements Entity {

    private final int link;
    private final double cutsPerNano;
    private final FailureClass.RepairTime repair;
    private final LogNormalDistribution repairs;
    private final RandomGenerator random;
    private final int coordinator;

    /**
     * @param link        index of the link in the layout
     * @param cutsPerHour cuts per hour while up
     * @param repair      repair time of a cut
     * @param random      its own stream
     * @param coordinator entity index of the fleet coordinator
     */
    WanLinkFailures(int link, double cutsPerHour, FailureClass.RepairTime repair, RandomGenerator random, int coordinator) {
        this.link = link;
        this.cutsPerNano = cutsPerHour / 3600e9;
        this.repair = repair;
        this.random = random;
        this.repairs = repair != null && repair.sigma() > 0
                ? new LogNormalDistribution(random, Math.log(repair.medianSeconds()), repair.sigma()) : null;
        this.coordinator = coordinator;
    }

    @Override
    public void handle(Event event, EventSink sink) {
        Object payload = event.payload();
        long now = sink.nowNanos();
        int self = event.target();
        if (payload == Start.INSTANCE) {
            scheduleCut(sink, self);
        } else if (payload instanceof RunEvents.CutDue) {
            double seconds = repairs != null ? repairs.sample() : repair.medianSeconds();
            long until = now + Math.max(1, Math.round(seconds * 1e9));
            sink.schedule(now, RunEvents.PRIORITY_FAILURE, coordinator, new RunEvents.LinkCut(link, until));
            sink.schedule(until, RunEvents.PRIORITY_FAILURE, self, new RunEvents.LinkRepairDue());
        } else if (payload instanceof RunEvents.LinkRepairDue) {
            sink.schedule(now, RunEvents.PRIORITY_FAILURE, coordinator, new RunEvents.LinkRepaired(link));
            scheduleCut(sink, self);
        } else {
            throw new IllegalArgumentException("unexpected event " + payload);
        }
    }

    private void scheduleCut(EventSink sink, int self) {
        if (cutsPerNano <= 0) {
            return;
        }
        double gap = -Math.log(1.0 - random.nextDouble()) / cutsPerNano; // 1 − U is in (0, 1]
        if (gap < Long.MAX_VALUE / 4.0) {
            sink.schedule(sink.nowNanos() + Math.max(1, Math.round(gap)), RunEvents.PRIORITY_FAILURE, self,
                    new RunEvents.CutDue());
        }
    }
}
