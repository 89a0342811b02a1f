package io.clustersim.core.run;

import java.util.ArrayList;
import java.util.List;

/**
 * What happened in one trial, in virtual time: every interruption (its cause, the work reached and
 * the work rolled back to), every checkpoint snapshot, every resumption, and every node out of its
 * datacenter's limited spare pool until its repair. The report's timeline of a representative
 * trial is drawn from it. Only a trial run with a {@link Recorder} records anything
 * ({@link RunModel#trial(int, Recorder)}); the Monte Carlo runs without one, so tracing costs
 * the trials nothing and one traced trial is the same trial (the same seed, the same events) as
 * in the Monte Carlo.
 *
 * <pre>{@code
 * RunTrace.Recorder recorder = new RunTrace.Recorder();
 * RunResult result = (RunResult) InlineEngine.run(model.trial(7, recorder)).result();
 * RunTrace trace = recorder.trace(7, model, result);
 * }</pre>
 *
 * @param trial          the trial's index (its random streams are the seed's and this index's)
 * @param totalWorkNanos the run's work: failure-free step time on the full fleet, virtual nanoseconds
 * @param endNanos       when the trial finished, virtual nanoseconds
 * @param interruptions  in time order
 * @param checkpoints    snapshots taken (synchronous: written to storage), in time order
 * @param resumptions    training (re)started after a recovery, in time order
 * @param sparePools     each site's limited spare pool (nodes), by site; empty when every pool is unlimited
 * @param nodesOut       nodes a failure took out of a limited pool (or from the job) until their repair
 */
public record RunTrace(int trial, long totalWorkNanos, long endNanos, List<Interruption> interruptions,
                       List<Checkpoint> checkpoints, List<Resumption> resumptions, List<SparePool> sparePools,
                       List<NodeOut> nodesOut) {

    public RunTrace {
        interruptions = List.copyOf(interruptions);
        checkpoints = List.copyOf(checkpoints);
        resumptions = List.copyOf(resumptions);
        sparePools = List.copyOf(sparePools);
        nodesOut = List.copyOf(nodesOut);
    }

    /**
     * An interruption of the job.
     *
     * @param atNanos         when, virtual nanoseconds
     * @param cause           the failure class's cause (e.g. {@code gpu}), {@code maintenance} or {@code wan-link}
     * @param kind            {@code failure}, {@code outage} or {@code planned}
     * @param workNanos       work reached when it struck
     * @param rolledBackNanos work the job restarts from (the newest surviving checkpoint; the same for a planned stop)
     */
    public record Interruption(long atNanos, String cause, String kind, long workNanos, long rolledBackNanos) {
    }

    /** A checkpoint snapshot at {@code atNanos} holding {@code workNanos} of work. */
    public record Checkpoint(long atNanos, long workNanos) {
    }

    /** Training resumed at {@code atNanos} from {@code workNanos} of work on {@code replicas} data-parallel replicas. */
    public record Resumption(long atNanos, long workNanos, int replicas) {
    }

    /** Site {@code site}'s limited pool of {@code spareNodes} hot spare nodes. */
    public record SparePool(int site, String name, int spareNodes) {
    }

    /** A node of site {@code site} out from {@code fromNanos} until its repair at {@code backNanos}. */
    public record NodeOut(int site, long fromNanos, long backNanos) {
    }

    /**
     * Spare nodes of site {@code site} at {@code atNanos}: its pool less the nodes out (negative:
     * the job is short of that many nodes).
     */
    public int spareLevel(int site, long atNanos) {
        int level = 0;
        for (SparePool p : sparePools) {
            if (p.site() == site) {
                level = p.spareNodes();
            }
        }
        for (NodeOut n : nodesOut) {
            if (n.site() == site && n.fromNanos() <= atNanos && atNanos < n.backNanos()) {
                level--;
            }
        }
        return level;
    }

    /**
     * Collects one trial's events as the run model's entities handle them. Not thread-safe: a
     * trial's entities run one event at a time (the inline engine).
     */
    public static final class Recorder {
        private final List<Interruption> interruptions = new ArrayList<>();
        private final List<Checkpoint> checkpoints = new ArrayList<>();
        private final List<Resumption> resumptions = new ArrayList<>();
        private final List<NodeOut> nodesOut = new ArrayList<>();

        void interruption(long at, String cause, RunEvents.Kind kind, long work, long rolledBack) {
            interruptions.add(new Interruption(at, cause, kind.name().toLowerCase(java.util.Locale.ROOT), work, rolledBack));
        }

        void checkpoint(long at, long work) {
            checkpoints.add(new Checkpoint(at, work));
        }

        void resumption(long at, long work, int replicas) {
            resumptions.add(new Resumption(at, work, replicas));
        }

        void nodeOut(int site, long from, long back) {
            nodesOut.add(new NodeOut(site, from, back));
        }

        /** The trace of trial {@code trial} of {@code model}, which ended as {@code result} says. */
        public RunTrace trace(int trial, RunModel model, RunResult result) {
            List<SparePool> pools = new ArrayList<>();
            for (int s = 0; s < model.datacenters(); s++) {
                int spares = model.spareNodes(s);
                if (spares >= 0) {
                    pools.add(new SparePool(s, model.layout().sites().get(s).name(), spares));
                }
            }
            List<NodeOut> out = new ArrayList<>();
            for (NodeOut n : nodesOut) {
                if (n.fromNanos() <= result.wallClockNanos()) {
                    out.add(new NodeOut(n.site(), n.fromNanos(), Math.min(n.backNanos(), result.wallClockNanos())));
                }
            }
            return new RunTrace(trial, model.totalWorkNanos(), result.wallClockNanos(), interruptions, checkpoints,
                    resumptions, pools, out);
        }
    }
}
