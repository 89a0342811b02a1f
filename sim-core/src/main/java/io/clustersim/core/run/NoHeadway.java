package io.clustersim.core.run;

import org.apache.commons.math3.special.Gamma;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Explains why a trial makes no headway (still running at 100× its failure-free time): where its
 * wall clock went, and the dominant cause of the lack of progress named with the numbers that
 * make it so — waiting for repaired nodes with no spare left (nodes in repair against the pool),
 * recovery longer than the time between failures, datacenter outages, re-done work, checkpoint
 * stalls, running slowed, or maintenance.
 *
 * <pre>{@code
 * String why = NoHeadway.explain(breakdown, context); // the message of the trial's failure
 * }</pre>
 *
 * <p>Maintainer note: the share done of the training alone misleads — a trial stuck waiting for
 * repairs may have done 98% of its work before the pool ran dry — so the message leads with the
 * cause that took the wall clock, not with the progress.
 */
final class NoHeadway {

    private NoHeadway() {
    }

    /**
     * What the model knows beyond one trial, for the explanation.
     *
     * @param failureFreeSeconds  the run without failures (with stragglers), seconds
     * @param mttfSeconds         the fleet's mean time between failures, seconds (infinite without)
     * @param nodeFailuresPerHour failures that take a node out of the job (to repair), whole fleet, per hour
     * @param meanRepairSeconds   mean repair time of those failures, seconds (rate-weighted; 0 = none given)
     * @param spareNodes          spare nodes of the limited pools, all datacenters together
     * @param unlimitedPools      datacenters whose pool is unlimited
     * @param shrink              the job shrinks instead of waiting when no spare is left
     * @param sites               datacenters of the fleet
     * @param intervalSeconds     training seconds between checkpoints (infinite: none)
     * @param stallSeconds        training stalled per checkpoint, seconds
     * @param recoverySeconds     a full recovery: detection, restart and restore from storage, seconds
     */
    record Context(double failureFreeSeconds, double mttfSeconds, double nodeFailuresPerHour, double meanRepairSeconds,
                   long spareNodes, int unlimitedPools, boolean shrink, int sites, double intervalSeconds,
                   double stallSeconds, double recoverySeconds) {
    }

    /**
     * Where a trial's wall clock went up to the moment it gave up, nanoseconds; they add up to
     * {@code wall}.
     *
     * @param workDone      progress kept, as failure-free full-fleet training time
     * @param totalWork     the whole run's, same unit
     * @param slowed        kept training time beyond its failure-free time (fewer replicas, stragglers)
     * @param waitNodes     waiting for repaired nodes with no spare left
     * @param waitOutage    waiting for a datacenter (or WAN links) to come back
     * @param interruptions interruptions of every kind
     * @param outages       interruptions that took a datacenter or the fleet down
     * @param repairWaits   recoveries that had to wait for repaired nodes
     * @param stops         planned stops
     */
    record Breakdown(long wall, long workDone, long totalWork, long slowed, long lost, long checkpoint, long detection,
                     long restart, long restore, long waitNodes, long waitOutage, long maintenance, long interruptions,
                     long outages, long repairWaits, long stops) {
    }

    private record Share(String what, long nanos, String why) {
    }

    /** The explanation: the dominant cause and its numbers first, then where the rest of the wall clock went. */
    static String explain(Breakdown b, Context c) {
        double wall = Math.max(1, b.wall());
        List<Share> shares = new ArrayList<>();
        shares.add(new Share("waiting for repaired nodes with no spare left", b.waitNodes(), waitNodes(b, c)));
        shares.add(new Share("waiting for a datacenter or WAN link to come back", b.waitOutage(), waitOutage(b, c)));
        long recovery = b.detection() + b.restart() + b.restore();
        shares.add(new Share("recovery (detection, restart, restore)", recovery, recovery(b, c)));
        shares.add(new Share("re-done work after rollbacks", b.lost(), lost(b, c)));
        shares.add(new Share("checkpoint stalls", b.checkpoint(), checkpoints(c)));
        shares.add(new Share("running slowed (fewer replicas, stragglers)", b.slowed(), slowed(b, c)));
        shares.add(new Share("planned maintenance", b.maintenance(), String.format(Locale.ROOT,
                "%d planned stops, %.1f h each on average", b.stops(), hours(b.maintenance()) / Math.max(1, b.stops()))));
        shares.sort(Comparator.comparingLong(Share::nanos).reversed());
        Share top = shares.get(0);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "the run makes no headway: after %.0f days of wall clock (100× its failure-free %.1f days) it has done"
                        + " %.1f%% of its training; the dominant cause is %s, %.0f%% of the wall clock: %s. Wall clock: training"
                        + " %.1f%%", b.wall() / 86_400e9, c.failureFreeSeconds() / 86_400, 100.0 * b.workDone() / b.totalWork(),
                top.what(), 100.0 * top.nanos() / wall, top.why(), 100.0 * b.workDone() / wall));
        for (Share s : shares) {
            if (s.nanos() > 0) {
                out.append(String.format(Locale.ROOT, ", %s %.1f%%", s.what(), 100.0 * s.nanos() / wall));
            }
        }
        return out.append(" (").append(b.interruptions()).append(" interruptions)").toString();
    }

    private static String waitNodes(Breakdown b, Context c) {
        double inRepair = c.nodeFailuresPerHour() * c.meanRepairSeconds() / 3600;
        String pools = c.spareNodes() + (c.sites() > 1 ? " spare nodes in all" : " spare nodes")
                + (c.unlimitedPools() > 0 ? " (and " + c.unlimitedPools() + " unlimited pools)" : "");
        return String.format(Locale.ROOT, "%d recoveries waited, %.1f h each on average; nodes fail %.2f times a day"
                        + " and a repair takes %.1f h on average, so ~%.1f nodes are in repair at any time against %s"
                        + " — every node is back only %.1f%% of the time; add spares, shorten repairs%s",
                b.repairWaits(), hours(b.waitNodes()) / Math.max(1, b.repairWaits()), c.nodeFailuresPerHour() * 24,
                c.meanRepairSeconds() / 3600, inRepair, pools, 100 * poissonAtMost(c.spareNodes(), inRepair),
                c.shrink() ? "" : " or let the job shrink (failures.spares.when-exhausted = shrink)");
    }

    private static String waitOutage(Breakdown b, Context c) {
        return String.format(Locale.ROOT, "%d outages or splits of the fleet;"
                        + " the job stood waiting %.1f of the %.1f days%s", b.outages(), b.waitOutage() / 86_400e9,
                b.wall() / 86_400e9,
                c.sites() > 1 ? "; with fleet.on-site-loss = continue the job runs on the part that is up" : "");
    }

    private static String recovery(Breakdown b, Context c) {
        double n = Math.max(1, b.interruptions());
        return String.format(Locale.ROOT, "a full recovery takes %.1f min against a failure every %.1f min (the fleet's"
                        + " MTTF), so most recoveries are cut short by the next failure before training resumes (%.1f min"
                        + " spent per interruption: detection %.1f, restart %.1f, restore %.1f); shorten detection,"
                        + " restart or restore, or lower the failure rates", c.recoverySeconds() / 60, c.mttfSeconds() / 60,
                minutes(b.detection() + b.restart() + b.restore()) / n, minutes(b.detection()) / n,
                minutes(b.restart()) / n, minutes(b.restore()) / n);
    }

    private static String lost(Breakdown b, Context c) {
        if (Double.isInfinite(c.intervalSeconds())) {
            return String.format(Locale.ROOT, "without checkpoints every failure starts the run over, and a failure comes"
                    + " every %.1f h (the fleet's MTTF); set checkpoint.interval (auto: Daly's optimum)", c.mttfSeconds() / 3600);
        }
        return String.format(Locale.ROOT, "a rollback re-does %.1f h of training on average, with checkpoints every %.1f h"
                        + " of training against a failure every %.1f h (the fleet's MTTF); checkpoint more often"
                        + " (checkpoint.interval = auto)", hours(b.lost()) / Math.max(1, b.interruptions()),
                c.intervalSeconds() / 3600, c.mttfSeconds() / 3600);
    }

    private static String checkpoints(Context c) {
        return String.format(Locale.ROOT, "a %.0f s stall every %.0f s of training; checkpoint less often or"
                + " asynchronously", c.stallSeconds(), c.intervalSeconds());
    }

    private static String slowed(Breakdown b, Context c) {
        long kept = b.workDone() + b.slowed();
        return String.format(Locale.ROOT, "the job trained at %.1f%% of the full fleet's speed on average (shrunk to"
                + " fewer replicas while nodes were missing, or waiting for stragglers)", 100.0 * b.workDone() / Math.max(1, kept));
    }

    /** P(N <= k) for N Poisson with mean {@code mean}: the chance the pool covers every node in repair (M/G/∞). */
    static double poissonAtMost(long k, double mean) {
        return mean <= 0 ? 1 : Gamma.regularizedGammaQ(k + 1.0, mean);
    }

    private static double hours(long nanos) {
        return nanos / 3600e9;
    }

    private static double minutes(long nanos) {
        return nanos / 60e9;
    }
}
