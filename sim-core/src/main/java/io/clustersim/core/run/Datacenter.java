package io.clustersim.core.run;

import io.clustersim.core.engine.Entity;
import io.clustersim.core.engine.Event;
import io.clustersim.core.engine.EventSink;
import io.clustersim.core.engine.Start;
import io.clustersim.core.run.FailureClass.Effect;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.random.RandomGenerator;

import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A datacenter: owns its own failure classes (its power feed: an outage takes the whole
 * datacenter down for a lognormal time), its pool of hot spare nodes and the nodes in repair, and
 * its planned maintenance. Its component populations tell it of failures; it decides what each
 * means for the job — restart, swap a node for a spare, wait for a repair, an outage — and tells
 * the job.
 *
 * <pre>{@code
 * entities.add(new Datacenter(classes, ownClocks, failures.spares(), failures.maintenance(), random, maintenanceRandom, RunModel.JOB));
 * }</pre>
 *
 * <p>Maintainer note: with unlimited spares no repair is tracked at all (the swap happens within
 * the restart), so the common case costs no extra events.
 */
final class Datacenter implements Entity {

    /** To itself: the next failure of an own (datacenter-scope) class. */
    record OwnFailureDue(int classIndex) {
    }

    private final List<FailureClass> classes;
    private final Map<Integer, FailureProcess.Clock> ownClocks;
    private final FailureSpec.Spares spares;
    private final FailureSpec.Maintenance maintenance;
    private final RandomGenerator random;
    private final int job;
    private final int site;
    private final int coordinator;
    private final LogNormalDistribution[] repairs;
    private final ExponentialDistribution maintenanceGaps;

    private int pool;
    /** Records the nodes out for a timeline; null (the Monte Carlo) records nothing. */
    private RunTrace.Recorder trace;
    private int nodesMissing;
    private final PriorityQueue<Long> inRepair = new PriorityQueue<>(); // when each node's repair is over
    private long wakeAt = Long.MAX_VALUE;

    /**
     * @param classes     all failure classes (indexed as the populations send them)
     * @param ownClocks   the clocks of the classes this datacenter owns itself, by class index
     * @param spares      the spare pool
     * @param maintenance planned maintenance, or {@code null}
     * @param random      for repair times
     * @param maintenanceRandom for maintenance gaps (its own stream: repairs do not shift maintenance)
     * @param job         entity index of the job
     */
    Datacenter(List<FailureClass> classes, Map<Integer, FailureProcess.Clock> ownClocks, FailureSpec.Spares spares,
               FailureSpec.Maintenance maintenance, RandomGenerator random, RandomGenerator maintenanceRandom, int job) {
        this(classes, ownClocks, spares, maintenance, random, maintenanceRandom, job, -1, -1);
    }

    /**
     * A datacenter of a fleet of several ({@code site} >= 0): it tags what it tells the job as
     * {@link RunEvents.FromSite} of site {@code site}, and sends its outages to entity
     * {@code coordinator} (the fleet coordinator decides what a lost site means) instead.
     */
    Datacenter(List<FailureClass> classes, Map<Integer, FailureProcess.Clock> ownClocks, FailureSpec.Spares spares,
               FailureSpec.Maintenance maintenance, RandomGenerator random, RandomGenerator maintenanceRandom, int job,
               int site, int coordinator) {
        this.site = site;
        this.coordinator = coordinator;
        this.classes = classes;
        this.ownClocks = ownClocks;
        this.spares = spares;
        this.maintenance = maintenance;
        this.random = random;
        this.job = job;
        this.pool = Math.max(0, spares.perDatacenter());
        this.repairs = new LogNormalDistribution[classes.size()];
        for (int i = 0; i < classes.size(); i++) {
            FailureClass.RepairTime r = classes.get(i).repair();
            if (r != null) {
                // scale = mean of the log = ln(median); a sigma of 0 is a fixed time
                repairs[i] = r.sigma() > 0 ? new LogNormalDistribution(random, Math.log(r.medianSeconds()), r.sigma()) : null;
            }
        }
        this.maintenanceGaps = maintenance == null ? null
                : new ExponentialDistribution(maintenanceRandom, maintenance.meanIntervalSeconds());
    }

    /** Records the nodes this datacenter's failures take out ({@link RunModel#trial(int, RunTrace.Recorder)}). */
    void trace(RunTrace.Recorder recorder) {
        this.trace = recorder;
    }

    @Override
    public void handle(Event event, EventSink sink) {
        Object payload = event.payload();
        int self = event.target();
        if (payload instanceof RunEvents.ComponentFailed failed) {
            onFailure(failed.classIndex(), sink, self);
        } else if (payload instanceof OwnFailureDue due) {
            scheduleOwn(due.classIndex(), sink, self);
            onFailure(due.classIndex(), sink, self);
        } else if (payload instanceof RunEvents.RepairDone) {
            long now = sink.nowNanos();
            if (now >= wakeAt) {
                wakeAt = Long.MAX_VALUE;
            }
            settleRepairs(now, sink);
            rearm(sink, self);
        } else if (payload instanceof RunEvents.MaintenanceDue) {
            long now = sink.nowNanos();
            scheduleMaintenance(sink, self);
            tell(sink, new RunEvents.Interrupt(FailureSpec.MAINTENANCE_CAUSE,
                    RunEvents.Kind.PLANNED, now + nanos(maintenance.durationSeconds()), nodesMissing, false));
        } else if (payload == Start.INSTANCE) {
            for (int classIndex : ownClocks.keySet().stream().sorted().toList()) {
                scheduleOwn(classIndex, sink, self);
            }
            if (maintenance != null) {
                scheduleMaintenance(sink, self);
            }
        } else {
            throw new IllegalArgumentException("unexpected event " + payload);
        }
    }

    private void onFailure(int classIndex, EventSink sink, int self) {
        FailureClass c = classes.get(classIndex);
        long now = sink.nowNanos();
        RunEvents.Interrupt interrupt;
        if (c.effect() == Effect.RESTART) {
            interrupt = new RunEvents.Interrupt(c.cause(), RunEvents.Kind.FAILURE, 0, nodesMissing, false);
        } else if (c.effect() == Effect.OUTAGE) {
            long until = now + nanos(repairSeconds(classIndex));
            interrupt = new RunEvents.Interrupt(c.cause(), RunEvents.Kind.OUTAGE, until, nodesMissing, false);
        } else {
            boolean swapped = true;
            if (spares.limited()) {
                settleRepairs(now, sink);
                long back = now + nanos(repairSeconds(classIndex));
                inRepair.add(back);
                if (trace != null) {
                    trace.nodeOut(Math.max(0, site), now, back);
                }
                if (pool > 0) {
                    pool--;
                } else {
                    nodesMissing++;
                    swapped = false;
                }
                rearm(sink, self);
            }
            interrupt = new RunEvents.Interrupt(c.cause(), RunEvents.Kind.FAILURE, 0, nodesMissing, swapped);
        }
        tell(sink, interrupt);
    }

    /**
     * Nodes whose repair is over by {@code now} go to the job if it is missing some (it is told),
     * else back to the pool. Repairs are settled lazily — when a failure needs the pool, or at a
     * wake-up scheduled only while the job is missing nodes — so a repair costs no event of its own.
     */
    private void settleRepairs(long now, EventSink sink) {
        int missingBefore = nodesMissing;
        while (!inRepair.isEmpty() && inRepair.peek() <= now) {
            inRepair.poll();
            if (nodesMissing > 0) {
                nodesMissing--;
            } else {
                pool++;
            }
        }
        if (nodesMissing < missingBefore) {
            tell(sink, new RunEvents.NodesReturned(nodesMissing));
        }
    }

    /** While the job is missing nodes, be woken when the next repair is over. */
    private void rearm(EventSink sink, int self) {
        if (nodesMissing > 0 && !inRepair.isEmpty() && inRepair.peek() < wakeAt) {
            wakeAt = inRepair.peek();
            sink.schedule(wakeAt, RunEvents.PRIORITY_PROGRESS, self, new RunEvents.RepairDone());
        }
    }

    /** Tells the job now (in a fleet of several: tagged with the site; an outage to the coordinator). */
    private void tell(EventSink sink, Object payload) {
        if (site < 0) {
            sink.schedule(sink.nowNanos(), RunEvents.PRIORITY_FAILURE, job, payload);
            return;
        }
        boolean outage = payload instanceof RunEvents.Interrupt i && i.kind() == RunEvents.Kind.OUTAGE;
        sink.schedule(sink.nowNanos(), RunEvents.PRIORITY_FAILURE, outage ? coordinator : job,
                new RunEvents.FromSite(site, payload));
    }

    private double repairSeconds(int classIndex) {
        return repairs[classIndex] != null ? repairs[classIndex].sample() : classes.get(classIndex).repair().medianSeconds();
    }

    private void scheduleOwn(int classIndex, EventSink sink, int self) {
        long at = ownClocks.get(classIndex).nextNanos(sink.nowNanos());
        if (at >= 0) {
            sink.schedule(at, RunEvents.PRIORITY_FAILURE, self, new OwnFailureDue(classIndex));
        }
    }

    private void scheduleMaintenance(EventSink sink, int self) {
        sink.schedule(sink.nowNanos() + Math.max(1, nanos(maintenanceGaps.sample())), RunEvents.PRIORITY_FAILURE, self,
                new RunEvents.MaintenanceDue());
    }

    private static long nanos(double seconds) {
        return Math.round(seconds * 1e9);
    }
}
