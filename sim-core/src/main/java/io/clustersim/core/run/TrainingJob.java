package io.clustersim.core.run;

import io.clustersim.core.engine.Entity;
import io.clustersim.core.engine.Event;
import io.clustersim.core.engine.EventSink;
import io.clustersim.core.engine.Start;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;

/**
 * The training job: owns progress, checkpoints and recovery, and fast-forwards between events.
 *
 * <h2>Maintainer notes</h2>
 * <ul>
 *   <li>Progress is <em>work</em>: nanoseconds of failure-free, straggler-free step time on the full
 *       fleet. While running, work grows at {@code rate} per nanosecond — 1 on the full fleet
 *       without stragglers, less with fewer replicas (throughput ratio) or stragglers (1 / the
 *       expected slowdown of the slowest chip) — so the job needs one event per checkpoint, per
 *       interruption and per resumption, never one per step. The rate only changes when the job
 *       (re)starts, so all work since the last resumption was done at the current rate.</li>
 *   <li>A segment runs from the last snapshot (or restore) to the next snapshot, then stalls
 *       {@code stallNanos} to take it. Synchronous: the snapshot is the checkpoint in storage.
 *       Asynchronous: the snapshot is in host memory (and, with peer replicas, in a peer's memory:
 *       safe from single-node failures at once); the copy to storage completes {@code copyNanos}
 *       later while training goes on, and a failure before that loses it.</li>
 *   <li>Recovery is a plan of phases: fixed ones (a planned stop's checkpoint, detection, the
 *       maintenance), a wait of unknown length (a datacenter outage; no spare left), then restart
 *       and restore. A cut-short recovery or a resumption attributes the elapsed time phase by phase.
 *       A failure during recovery starts a new one.</li>
 *   <li>Events carry the epoch they were scheduled in. An interruption starts a new epoch, which
 *       turns every milestone still queued into a no-op: nothing is cancelled in the queue.</li>
 *   <li>Checkpoints cost almost no events: between two interruptions the rate is constant, so the
 *       segments of a running stretch end at known times (start + j × (run + stall)). The job
 *       schedules a progress event only every {@link #SEGMENTS_PER_EVENT} segments and at the end,
 *       and catches up on the segments completed when an interruption or a progress event arrives
 *       — exactly as if each had been an event (a segment ending at the very instant of an
 *       interruption is not complete: failures come first). Scheduling only the end would leave
 *       one stale event per interruption in the queue until the end of the run.</li>
 * </ul>
 */
final class TrainingJob implements Entity {

    /** Costs and policies the job needs, nanoseconds unless said. */
    record Config(long totalWork, long steps, long intervalWork, long stallNanos, long copyNanos, boolean async,
                  boolean peer, long detectionNanos, long restartNanos, long storageRestoreNanos, long peerRestoreNanos,
                  long plannedCheckpointNanos, double stragglerFactor, int replicas, int replicasPerNode, boolean shrink,
                  IntToDoubleFunction throughputRatio, long giveUpAtNanos, int sites, NoHeadway.Context noHeadway) {
    }

    private enum Category { CHECKPOINT, DETECTION, MAINTENANCE, RESTART, RESTORE }

    private final Config c;

    private boolean running;
    private long epoch;
    private long work; // at the segment start while running; the rollback point while recovering
    private double rate = 1.0;
    /** Throughput of the part of the fleet the job runs on over the whole fleet's (fleets of several datacenters). */
    private double siteRatio = 1.0;
    private int activeReplicas;
    private int nodesMissing;
    /** Fleets of several datacenters: nodes missing per site, and the sites the job runs on (a mask). */
    private final int[] missingBySite;
    private long activeSites;
    // the running segment
    private long segmentStart;
    private long segmentRunNanos;
    private long segmentTargetWork;
    private boolean segmentEndsRun;
    // the running stretch since the last (re)start: full segments of intervalWork, then the last one
    private long stretchStart;
    private long fullSegments;
    private long segmentsDone;
    private long fullRunNanos;
    private long cycleNanos;
    private long runEndsAt;

    /**
     * Full segments between the job's own progress events while running: an event every this many
     * checkpoints (and at the end) keeps the events an interruption leaves stale in the queue few
     * and near, at one event per this many checkpoints.
     */
    static final long SEGMENTS_PER_EVENT = 64;
    // rollback points: work in storage, work in peer memory (-1: none)
    private long storageWork;
    private long peerWork = -1;
    private long copyInFlight = -1;
    private long copyDoneAt;
    // recovery plan
    private long recoveryStart;
    private final long[] preNanos = new long[3];
    private final Category[] preCategory = new Category[3];
    private int preCount;
    private long preTotal;
    private long downUntil;
    private boolean waitingForNodes;
    private long postStart;
    private long restoreNanos;
    private long plannedWork = -1;
    private long plannedCheckpointEnd;

    private long runningWall, lost, checkpoint, detection, restart, restore, maintenance;
    /** Waiting (after the fixed phases, before the restart): for a datacenter or link to come back, for repaired nodes. */
    private long waitingOutage, waitingNodes, outages;
    private long checkpointsWritten, checkpointsLost, sparesUsed, repairWaits;
    /** Per site: failed nodes swapped for one of its spares; node failures that found its pool empty; recoveries that waited for its repairs. */
    private final long[] usedBySite, emptyBySite, waitsBySite;
    private final TreeMap<String, Long> interruptions = new TreeMap<>();
    /** Records the trial's events for a timeline; null (the Monte Carlo) records nothing. */
    private RunTrace.Recorder trace;

    TrainingJob(Config config) {
        this.c = config;
        this.activeReplicas = config.replicas();
        this.missingBySite = new int[config.sites()];
        this.usedBySite = new long[config.sites()];
        this.emptyBySite = new long[config.sites()];
        this.waitsBySite = new long[config.sites()];
        this.activeSites = (1L << config.sites()) - 1;
    }

    /** Records this trial's events in {@code recorder} ({@link RunModel#trial(int, RunTrace.Recorder)}). */
    void trace(RunTrace.Recorder recorder) {
        this.trace = recorder;
    }

    @Override
    public void handle(Event event, EventSink sink) {
        Object payload = event.payload();
        long now = sink.nowNanos();
        int self = event.target();
        if (now > c.giveUpAtNanos()) {
            throw new io.clustersim.core.engine.SimulationException(noHeadway(now));
        }
        if (payload == Start.INSTANCE) {
            startSegment(now, sink, self);
        } else if (payload instanceof RunEvents.Interrupt interrupt) {
            // one site: a node failure that raised the nodes missing found the pool empty
            onInterrupt(now, interrupt, sink, self, 0, interrupt.nodesMissing() > nodesMissing);
        } else if (payload instanceof RunEvents.SegmentDone done) {
            if (running && done.epoch() == epoch) {
                onSegmentDone(now, sink, self);
            }
        } else if (payload instanceof RunEvents.NodesReturned returned) {
            onNodesReturned(returned.nodesMissing(), now, sink, self);
        } else if (payload instanceof RunEvents.FromSite from) {
            fromSite(from.site(), from.payload(), now, sink, self);
        } else if (payload instanceof RunEvents.Capacity capacity) {
            siteRatio = capacity.ratio(); // takes effect when the interruption that follows ends
            activeSites = capacity.sites();
            nodesMissing = missingIn(activeSites);
        } else if (payload instanceof RunEvents.Resume resume) {
            if (!running && resume.epoch() == epoch) {
                settleRecovery(now);
                startSegment(now, sink, self);
                if (trace != null) {
                    trace.resumption(now, work, activeReplicas);
                }
            }
        } else {
            throw new IllegalArgumentException("unexpected event " + payload);
        }
    }

    /**
     * What a datacenter of a fleet of several tells the job: its nodes missing are kept per site;
     * failures in a site the job is not running on do not interrupt it.
     */
    private void fromSite(int site, Object payload, long now, EventSink sink, int self) {
        boolean active = (activeSites & (1L << site)) != 0;
        if (payload instanceof RunEvents.Interrupt interrupt) {
            boolean emptied = interrupt.nodesMissing() > missingBySite[site];
            if (interrupt.nodesMissing() >= 0) {
                missingBySite[site] = interrupt.nodesMissing();
            }
            if (active || interrupt.kind() == RunEvents.Kind.PLANNED) {
                onInterrupt(now, new RunEvents.Interrupt(interrupt.cause(), interrupt.kind(), interrupt.downUntilNanos(),
                        interrupt.nodesMissing() >= 0 ? missingIn(activeSites) : -1, interrupt.nodeSwapped()), sink, self,
                        site, emptied);
            }
        } else if (payload instanceof RunEvents.NodesReturned returned) {
            missingBySite[site] = returned.nodesMissing();
            if (active) {
                onNodesReturned(missingIn(activeSites), now, sink, self);
            }
        } else {
            throw new IllegalArgumentException("unexpected event from site " + site + ": " + payload);
        }
    }

    private void onNodesReturned(int missing, long now, EventSink sink, int self) {
        nodesMissing = missing;
        if (!running && waitingForNodes && !mustWaitForNodes()) {
            waitingForNodes = false;
            postStart = Math.max(Math.max(now, recoveryStart + preTotal), downUntil);
            scheduleResume(sink, self);
        }
    }

    /** Nodes missing in the sites of {@code mask}. */
    private int missingIn(long mask) {
        int sum = 0;
        for (int s = 0; s < missingBySite.length; s++) {
            if ((mask & (1L << s)) != 0) {
                sum += missingBySite[s];
            }
        }
        return sum;
    }

    // --------------------------------------------------------------------------------------- running

    /** (Re)starts running at {@code now} from {@code work}: schedules the first progress event. */
    private void startSegment(long now, EventSink sink, int self) {
        if (!running) {
            activeReplicas = c.replicas() - Math.min(c.replicas(), nodesMissing * c.replicasPerNode());
            rate = siteRatio * c.throughputRatio().applyAsDouble(activeReplicas) / c.stragglerFactor();
        }
        running = true;
        stretchStart = now;
        segmentsDone = 0;
        long remaining = c.totalWork() - work;
        // full segments: k >= 1 with work + k·interval < total
        fullSegments = c.intervalWork() == Long.MAX_VALUE || remaining <= 0 ? 0 : (remaining - 1) / c.intervalWork();
        fullRunNanos = fullSegments > 0 ? wallFor(c.intervalWork()) : 0;
        cycleNanos = fullRunNanos + c.stallNanos();
        currentSegment(now);
        long lastStart = now + fullSegments * cycleNanos;
        runEndsAt = lastStart + wallFor(c.totalWork() - (work + fullSegments * c.intervalWork()));
        scheduleProgress(sink, self);
    }

    /** The next progress event: the end of the run, or of the segment {@link #SEGMENTS_PER_EVENT} on. */
    private void scheduleProgress(EventSink sink, int self) {
        long at = segmentsDone + SEGMENTS_PER_EVENT < fullSegments
                ? stretchStart + (segmentsDone + SEGMENTS_PER_EVENT) * cycleNanos : runEndsAt;
        sink.schedule(at, RunEvents.PRIORITY_PROGRESS, self, new RunEvents.SegmentDone(epoch));
    }

    /** Sets the current segment, starting at {@code start} from {@code work}. */
    private void currentSegment(long start) {
        segmentStart = start;
        segmentEndsRun = segmentsDone >= fullSegments;
        segmentTargetWork = segmentEndsRun ? c.totalWork() : work + c.intervalWork();
        segmentRunNanos = segmentEndsRun ? wallFor(segmentTargetWork - work) : fullRunNanos;
    }

    /**
     * Completes the full segments of the running stretch that end before {@code now} (all of them
     * when {@code all}), with what each one's end would have done as an event.
     */
    private void catchUp(long now, boolean all) {
        // no full segment (cycleNanos may then be 0: a synchronous checkpoint written in no time): nothing to catch up
        catchUp(all || fullSegments == 0 ? fullSegments
                : Math.min(fullSegments, now > stretchStart ? (now - stretchStart - 1) / cycleNanos : 0));
    }

    /** Completes the full segments up to number {@code due} of the running stretch. */
    private void catchUp(long due) {
        if (due <= segmentsDone) {
            return;
        }
        for (long j = segmentsDone + 1; j <= due; j++) {
            long end = stretchStart + j * cycleNanos;
            runningWall += fullRunNanos;
            settleCopy(end, true, false);
            checkpoint += c.stallNanos();
            work += c.intervalWork();
            if (trace != null) {
                trace.checkpoint(end, work);
            }
            if (!c.async()) {
                storageWork = work;
                checkpointsWritten++;
            } else {
                if (c.peer()) {
                    peerWork = work;
                }
                copyInFlight = work;
                copyDoneAt = end + c.copyNanos();
            }
        }
        segmentsDone = due;
        currentSegment(stretchStart + due * cycleNanos);
    }

    /** A progress event: every {@link #SEGMENTS_PER_EVENT} segments, or the end of the run. */
    private void onSegmentDone(long now, EventSink sink, int self) {
        if (now < runEndsAt) {
            // a progress event at the end of a full segment: complete (it ends now), then the next
            catchUp(fullSegments == 0 ? 0 : Math.min(fullSegments, (now - stretchStart) / cycleNanos));
            scheduleProgress(sink, self);
            return;
        }
        catchUp(now, true);
        runningWall += segmentRunNanos;
        settleCopy(now, true, false);
        sink.finish(result(now));
    }

    /**
     * Settles the background copy in flight at {@code now}: written if it completed before now (or
     * at now, for a milestone; a failure at the very instant the copy would complete comes first
     * and loses it), else lost — every interruption ends the copy (a planned stop writes its own).
     */
    private void settleCopy(long now, boolean milestone, boolean countLoss) {
        if (copyInFlight < 0) {
            return;
        }
        if (copyDoneAt < now || (milestone && copyDoneAt == now)) {
            storageWork = Math.max(storageWork, copyInFlight);
            checkpointsWritten++;
            copyInFlight = -1;
        } else if (!milestone) {
            if (countLoss) {
                checkpointsLost++;
            }
            copyInFlight = -1;
        }
    }

    /** Wall nanoseconds to do {@code w} of work at the current rate. */
    private long wallFor(long w) {
        return rate == 1.0 ? w : (long) Math.ceil(w / rate);
    }

    /** Work done in {@code wall} nanoseconds of running at the current rate. */
    private long workIn(long wall) {
        return rate == 1.0 ? wall : (long) Math.floor(wall * rate);
    }

    // --------------------------------------------------------------------------------- interruptions

    /**
     * @param site    the datacenter the interruption comes from (0 for a fleet of one)
     * @param emptied a node failure found the site's spare pool empty
     */
    private void onInterrupt(long now, RunEvents.Interrupt interrupt, EventSink sink, int self, int site, boolean emptied) {
        if (running) {
            catchUp(now, false);
        }
        interruptions.merge(interrupt.cause(), 1L, Long::sum);
        if (interrupt.nodeSwapped()) {
            sparesUsed++;
            usedBySite[site]++;
        }
        if (emptied) {
            emptyBySite[site]++;
        }
        if (interrupt.nodesMissing() >= 0) {
            nodesMissing = interrupt.nodesMissing();
        }
        boolean planned = interrupt.kind() == RunEvents.Kind.PLANNED;
        settleCopy(now, false, !planned);
        boolean outage = interrupt.kind() == RunEvents.Kind.OUTAGE;
        if (outage) {
            outages++;
        }
        epoch++;
        boolean wasRunning = running;
        long reached = plannedWork >= 0 ? plannedWork : work;
        if (running) {
            long workNow = cutSegment(now);
            reached = workNow;
            running = false;
            if (planned) {
                plannedWork = workNow;
                work = workNow;
            } else {
                rollBack(workNow, outage);
            }
        } else {
            settleRecovery(now);
            if (!planned) {
                // a planned stop's checkpoint not written yet is lost; an outage loses peer memory
                rollBack(plannedWork >= 0 ? plannedWork : work, outage);
            }
        }
        if (trace != null) {
            trace.interruption(now, interrupt.cause(), interrupt.kind(), reached, work);
        }
        // the new recovery plan
        recoveryStart = now;
        preCount = 0;
        preTotal = 0;
        if (planned && plannedWork >= 0) {
            addPre(Category.CHECKPOINT, c.plannedCheckpointNanos());
            plannedCheckpointEnd = now + c.plannedCheckpointNanos();
        }
        if (!planned) {
            addPre(Category.DETECTION, c.detectionNanos());
        }
        if (planned) {
            addPre(Category.MAINTENANCE, Math.max(0, interrupt.downUntilNanos() - now));
            if (wasRunning) {
                restoreNanos = c.storageRestoreNanos(); // nodes rebooted: restore what the stop wrote
                peerWork = -1;
            }
        }
        downUntil = outage ? interrupt.downUntilNanos() : 0;
        waitingForNodes = mustWaitForNodes();
        if (waitingForNodes) {
            repairWaits++;
            for (int s = 0; s < waitsBySite.length; s++) {
                // the sites the job waits for: one site's own count, or each running site missing nodes
                if (waitsBySite.length == 1 || ((activeSites & (1L << s)) != 0 && missingBySite[s] > 0)) {
                    waitsBySite[s]++;
                }
            }
            postStart = Long.MAX_VALUE;
        } else {
            postStart = Math.max(now + preTotal, downUntil);
            scheduleResume(sink, self);
        }
    }

    /**
     * Accounts the current segment's wall time up to {@code now} (running, then a snapshot cut
     * short) and returns the work reached; {@link #work} stays at the segment start.
     */
    private long cutSegment(long now) {
        long elapsed = now - segmentStart;
        long runPart = Math.min(elapsed, segmentRunNanos);
        checkpoint += elapsed - runPart; // a snapshot cut short
        runningWall += runPart;
        return work + Math.min(segmentTargetWork - work, workIn(runPart));
    }

    private void addPre(Category category, long nanos) {
        preCategory[preCount] = category;
        preNanos[preCount++] = nanos;
        preTotal += nanos;
    }

    private boolean mustWaitForNodes() {
        if (nodesMissing == 0) {
            return false;
        }
        return !c.shrink() || nodesMissing * (long) c.replicasPerNode() >= c.replicas();
    }

    private void scheduleResume(EventSink sink, int self) {
        sink.schedule(postStart + c.restartNanos() + restoreNanos, RunEvents.PRIORITY_PROGRESS, self,
                new RunEvents.Resume(epoch));
    }

    /** Rolls back from {@code workNow} to the newest checkpoint that survived; chooses the restore. */
    private void rollBack(long workNow, boolean outage) {
        if (outage) {
            peerWork = -1;
        }
        long target;
        if (c.peer() && peerWork >= storageWork) {
            target = peerWork;
            restoreNanos = c.peerRestoreNanos();
        } else {
            target = storageWork;
            restoreNanos = c.storageRestoreNanos();
        }
        lost += wallFor(workNow - target);
        work = target;
        plannedWork = -1;
    }

    /** Attributes the recovery's elapsed time up to {@code now} to its phases. */
    private void settleRecovery(long now) {
        long elapsed = now - recoveryStart;
        long left = elapsed;
        for (int i = 0; i < preCount; i++) {
            long part = Math.min(left, preNanos[i]);
            add(preCategory[i], part);
            left -= part;
        }
        long preEnd = recoveryStart + preTotal;
        if (now > preEnd) {
            long waited = Math.max(0, Math.min(now, postStart) - preEnd);
            long forOutage = Math.max(0, Math.min(Math.min(now, postStart), downUntil) - preEnd);
            waitingOutage += forOutage;
            waitingNodes += waited - forOutage;
        }
        if (now > postStart) {
            long post = now - postStart;
            long r = Math.min(post, c.restartNanos());
            restart += r;
            restore += post - r;
        }
        if (plannedWork >= 0 && now >= plannedCheckpointEnd) {
            storageWork = plannedWork; // the planned stop's checkpoint is written
            checkpointsWritten++;
            if (trace != null) {
                trace.checkpoint(plannedCheckpointEnd, plannedWork);
            }
            plannedWork = -1;
        }
        recoveryStart = now;
        preCount = 0;
        preTotal = 0;
    }

    private void add(Category category, long nanos) {
        switch (category) {
            case CHECKPOINT -> checkpoint += nanos;
            case DETECTION -> detection += nanos;
            case MAINTENANCE -> maintenance += nanos;
            case RESTART -> restart += nanos;
            case RESTORE -> restore += nanos;
        }
    }

    private List<RunResult.SitePool> sitePools() {
        List<RunResult.SitePool> out = new ArrayList<>();
        for (int s = 0; s < usedBySite.length; s++) {
            out.add(new RunResult.SitePool(usedBySite[s], emptyBySite[s], waitsBySite[s]));
        }
        return out;
    }

    /**
     * Why the trial gives up at {@code now}: settles the running stretch or the recovery up to now
     * (the trial ends here) and lets {@link NoHeadway} name the dominant cause.
     */
    private String noHeadway(long now) {
        long done = work;
        if (running) {
            catchUp(now, false);
            done = cutSegment(now);
        } else {
            settleRecovery(now);
        }
        long slowed = Math.max(0, runningWall - lost - done);
        long all = 0;
        for (long n : interruptions.values()) {
            all += n;
        }
        return NoHeadway.explain(new NoHeadway.Breakdown(now, done, c.totalWork(), slowed, lost, checkpoint, detection,
                restart, restore, waitingNodes, waitingOutage, maintenance, all, outages, repairWaits,
                interruptions.getOrDefault(FailureSpec.MAINTENANCE_CAUSE, 0L)), c.noHeadway());
    }

    /**
     * The trial's result. Useful time is the full fleet's failure-free step time of the run, except
     * when part of a fleet of several datacenters ran faster than the whole (a slow site left out,
     * {@code on-site-loss = continue}): then the training kept took less wall time than that, and
     * useful is that kept time — never more than the time actually spent, so goodput stays ≤ 1 and
     * the degraded share is never negative (it is the net slowdown).
     */
    private RunResult result(long now) {
        long kept = runningWall - lost;
        long useful = Math.min(c.totalWork(), kept);
        long slowdown = kept - useful;
        long stragglers = Math.max(0, Math.min(slowdown,
                Math.round(c.totalWork() * (c.stragglerFactor() - 1))));
        return new RunResult(now, useful, lost, checkpoint, detection, restart, restore, waitingOutage + waitingNodes, maintenance,
                stragglers, slowdown - stragglers, c.steps(), checkpointsWritten, checkpointsLost, sparesUsed,
                repairWaits, interruptions, sitePools());
    }
}
