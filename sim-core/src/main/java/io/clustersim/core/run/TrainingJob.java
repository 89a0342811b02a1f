package io.clustersim.core.run;

import io.clustersim.core.engine.Entity;
import io.clustersim.core.engine.Event;
import io.clustersim.core.engine.EventSink;
import io.clustersim.core.engine.Start;

import java.util.TreeMap;

/**
 * The training job: owns progress, checkpoints and recovery, and fast-forwards between events.
 *
 * <h2>Maintainer notes</h2>
 * <ul>
 *   <li>Progress is measured as <em>work</em>: nanoseconds of step time done. While running, work
 *       grows one-for-one with virtual time except while a checkpoint is written, so the job needs
 *       one event per checkpoint, per interruption and per resumption, never one per step.</li>
 *   <li>Events for milestones carry the epoch they were scheduled in. An interruption starts a
 *       new epoch, which turns every milestone still queued into a no-op: nothing is cancelled
 *       in the queue.</li>
 *   <li>A failure during recovery restarts recovery (counted as an interruption).</li>
 * </ul>
 */
final class TrainingJob implements Entity {

    private final long totalWork;
    private final long steps;
    private final long checkpointIntervalWork;
    private final long checkpointWriteNanos;
    private final long recoveryNanosPerInterruption;

    private boolean running;
    private long epoch;
    private long segmentStart;
    private long lastCheckpointWork;
    private long nextCheckpointWork;
    private long recoveryStart;

    private long lostWork;
    private long checkpointNanos;
    private long recoveryNanos;
    private long checkpointsWritten;
    private final TreeMap<String, Long> interruptions = new TreeMap<>();

    /**
     * @param totalWork                    step time of the whole run, nanoseconds
     * @param steps                        optimizer steps of the run
     * @param checkpointIntervalWork       training work between checkpoints, nanoseconds (0 = none)
     * @param checkpointWriteNanos         stall per checkpoint write
     * @param recoveryNanosPerInterruption detection + restart + restore
     */
    TrainingJob(long totalWork, long steps, long checkpointIntervalWork, long checkpointWriteNanos,
                long recoveryNanosPerInterruption) {
        this.totalWork = totalWork;
        this.steps = steps;
        this.checkpointIntervalWork = checkpointIntervalWork > 0 ? checkpointIntervalWork : Long.MAX_VALUE;
        this.checkpointWriteNanos = checkpointWriteNanos;
        this.recoveryNanosPerInterruption = recoveryNanosPerInterruption;
    }

    @Override
    public void handle(Event event, EventSink sink) {
        Object payload = event.payload();
        long now = sink.nowNanos();
        int self = event.target();
        if (payload == Start.INSTANCE) {
            startSegment(now, sink, self);
        } else if (payload instanceof RunEvents.Interrupt interrupt) {
            onInterrupt(now, interrupt.cause(), sink, self);
        } else if (payload instanceof RunEvents.CheckpointWritten written) {
            if (running && written.epoch() == epoch) {
                checkpointNanos += checkpointWriteNanos;
                checkpointsWritten++;
                lastCheckpointWork = nextCheckpointWork;
                startSegment(now, sink, self);
            }
        } else if (payload instanceof RunEvents.TargetReached reached) {
            if (running && reached.epoch() == epoch) {
                sink.finish(new RunResult(now, totalWork, lostWork, checkpointNanos, recoveryNanos, steps,
                        checkpointsWritten, interruptions));
            }
        } else if (payload instanceof RunEvents.Resume resume) {
            if (!running && resume.epoch() == epoch) {
                recoveryNanos += now - recoveryStart;
                startSegment(now, sink, self);
            }
        } else {
            throw new IllegalArgumentException("unexpected event " + payload);
        }
    }

    /**
     * Runs from the last checkpoint (every segment starts there: after the start, a checkpoint or
     * a recovery) at {@code now}; schedules the next checkpoint or the end.
     */
    private void startSegment(long now, EventSink sink, int self) {
        long work = lastCheckpointWork;
        running = true;
        segmentStart = now;
        nextCheckpointWork = saturatedAdd(work, checkpointIntervalWork);
        if (nextCheckpointWork >= totalWork) {
            sink.schedule(now + (totalWork - work), RunEvents.PRIORITY_PROGRESS, self, new RunEvents.TargetReached(epoch));
        } else {
            sink.schedule(now + (nextCheckpointWork - work) + checkpointWriteNanos, RunEvents.PRIORITY_PROGRESS, self,
                    new RunEvents.CheckpointWritten(epoch));
        }
    }

    private void onInterrupt(long now, String cause, EventSink sink, int self) {
        interruptions.merge(cause, 1L, Long::sum);
        epoch++;
        if (running) {
            long elapsed = now - segmentStart;
            long segmentWorkLimit = Math.min(nextCheckpointWork, totalWork) - lastCheckpointWork;
            long workDone = Math.min(elapsed, segmentWorkLimit);
            checkpointNanos += elapsed - workDone; // a checkpoint write cut short
            lostWork += workDone; // everything since the last checkpoint is redone
            running = false;
        } else {
            recoveryNanos += now - recoveryStart; // recovery cut short, starts over
        }
        recoveryStart = now;
        sink.schedule(now + recoveryNanosPerInterruption, RunEvents.PRIORITY_PROGRESS, self, new RunEvents.Resume(epoch));
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
