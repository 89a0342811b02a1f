package io.clustersim.core.run;

import io.clustersim.core.run.FailureClass.Effect;
import io.clustersim.core.run.FailureClass.Lifetime;
import io.clustersim.core.run.FailureClass.Scope;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Failures of the fleet and what recovering from one costs: the failure classes, detection and
 * restart times, the spare pool, and planned maintenance.
 *
 * <pre>{@code
 * // Llama 3's cause mix at its own rate (419 unexpected interruptions in 54 days on 2,048 nodes)
 * FailureSpec llama = FailureSpec.llama3Mix(300, 600);
 * // one exponential class at Meta's RSC-1 rate: the shorthand
 * FailureSpec rsc1 = FailureSpec.exponential("hardware", FailureSpec.perChipHourFromPer1000NodeDays(6.5, 8))
 *         .detection(Duration.ofMinutes(5)).restart(Duration.ofMinutes(10));
 * }</pre>
 *
 * <p>Prefer the named factories and {@link #detection}/{@link #restart}, whose {@link Duration}
 * arguments carry their unit, to the positional shorthand constructor.
 *
 * @param classes          the failure classes (an empty list: no failures)
 * @param detectionSeconds time from a failure until the job notices it, seconds
 * @param restartSeconds   time to re-initialise the job (scheduling, NCCL set-up), seconds
 * @param spares           hot spare nodes per datacenter, and what happens when none is left
 * @param maintenance      planned maintenance stops, or {@code null} for none
 */
public record FailureSpec(List<FailureClass> classes, double detectionSeconds, double restartSeconds, Spares spares,
                          Maintenance maintenance) {

    /** Name of planned maintenance in interruptions by cause. */
    public static final String MAINTENANCE_CAUSE = "maintenance";

    public FailureSpec {
        classes = List.copyOf(classes);
        Objects.requireNonNull(spares, "spares");
        if (!(detectionSeconds >= 0)) {
            throw new IllegalArgumentException("detection time must be >= 0 s, was " + detectionSeconds);
        }
        if (!(restartSeconds >= 0)) {
            throw new IllegalArgumentException("restart time must be >= 0 s, was " + restartSeconds);
        }
        List<String> seen = new ArrayList<>();
        for (FailureClass c : classes) {
            if (seen.contains(c.cause()) || c.cause().equals(MAINTENANCE_CAUSE)) {
                throw new IllegalArgumentException("failure cause \"" + c.cause() + "\" appears twice");
            }
            seen.add(c.cause());
            if (spares.limited() && c.effect() == Effect.REPLACE_NODE && c.ratePerComponentHour() > 0 && c.repair() == null) {
                throw new IllegalArgumentException(c.cause() + ": with a limited spare pool, failed nodes must be repaired:"
                        + " give a repair time (median and sigma)");
            }
        }
    }

    /**
     * The shorthand: one exponential class of rate {@code ratePerChipHour} per chip whose failures
     * swap the node for a spare (unlimited spares, no maintenance).
     * Discouraged: prefer {@code exponential(cause, ratePerChipHour).detection(..).restart(..)},
     * whose units are explicit.
     *
     * @param ratePerChipHour failures per chip per hour (0 disables failures); Meta's RSC-1 reports
     *                        6.5 per 1,000 node-days of 8 GPUs, i.e. 6.5/(1000·24·8) per chip-hour
     * @param detectionSeconds seconds until the job notices a failure
     * @param restartSeconds   seconds to re-initialise the job
     */
    public FailureSpec(double ratePerChipHour, double detectionSeconds, double restartSeconds, String cause) {
        this(ratePerChipHour != 0
                        ? List.of(new FailureClass(cause, Scope.CHIP, 1, ratePerChipHour, Lifetime.EXPONENTIAL,
                                Effect.REPLACE_NODE, null))
                        : List.of(),
                detectionSeconds, restartSeconds, Spares.UNLIMITED, null);
    }

    /**
     * The shorthand by name: one exponential class {@code cause} of {@code ratePerChipHour}
     * failures per chip per hour, each swapping the node for a spare (unlimited spares, no
     * maintenance); detection and restart take no time until {@link #detection} and
     * {@link #restart} say otherwise.
     */
    public static FailureSpec exponential(String cause, double ratePerChipHour) {
        return new FailureSpec(ratePerChipHour, 0, 0, cause);
    }

    /** The same failures, each noticed {@code detection} after it happens. */
    public FailureSpec detection(Duration detection) {
        return new FailureSpec(classes, CheckpointSpec.seconds(detection), restartSeconds, spares, maintenance);
    }

    /** The same failures, each costing {@code restart} to re-initialise the job. */
    public FailureSpec restart(Duration restart) {
        return new FailureSpec(classes, detectionSeconds, CheckpointSpec.seconds(restart), spares, maintenance);
    }

    /** No failures at all. */
    public static FailureSpec none() {
        return new FailureSpec(List.of(), 0, 0, Spares.UNLIMITED, null);
    }

    /**
     * Converts a rate per 1,000 node-days, as the reliability literature gives it, per chip-hour,
     * for nodes of {@code chipsPerNode} chips: the nodes the rate counts (Meta's are 8 GPUs; a rate
     * measured there and applied per chip to 4-chip nodes is {@code rate × 4 / 8} per node).
     */
    public static double perChipHourFromPer1000NodeDays(double per1000NodeDays, int chipsPerNode) {
        return per1000NodeDays / 1000.0 / 24.0 / chipsPerNode;
    }

    /** Whether anything can fail or stop the job. */
    public boolean any() {
        return maintenance != null || classes.stream().anyMatch(c -> c.ratePerComponentHour() > 0);
    }

    /** The same failures with other classes. */
    public FailureSpec withClasses(List<FailureClass> value) {
        return new FailureSpec(value, detectionSeconds, restartSeconds, spares, maintenance);
    }

    /** The same failures with another spare policy. */
    public FailureSpec withSpares(Spares value) {
        return new FailureSpec(classes, detectionSeconds, restartSeconds, value, maintenance);
    }

    /** The same failures with planned maintenance. */
    public FailureSpec withMaintenance(Maintenance value) {
        return new FailureSpec(classes, detectionSeconds, restartSeconds, spares, value);
    }

    /**
     * Failures per hour of the whole fleet, long run (every class, maintenance not included), for
     * {@code chips} chips in {@code nodes} nodes and {@code datacenters}.
     */
    public double fleetRatePerHour(long chips, long nodes, int datacenters) {
        double sum = 0;
        for (FailureClass c : classes) {
            sum += c.components(chips, nodes, datacenters) * c.ratePerComponentHour();
        }
        return sum;
    }

    // ---------------------------------------------------------------------------------------------
    // The Llama 3 cause mix (docs/reference/failure-rates.md)

    /** GPUs and nodes of the Llama 3 405B run whose interruptions Table 5 of the paper counts. */
    static final double LLAMA3_GPUS = 16_384, LLAMA3_NODES = 2_048;
    /** Length of that snapshot, hours (54 days). */
    static final double LLAMA3_HOURS = 54 * 24;

    /**
     * Llama 3's 419 unexpected interruptions (Table 5), grouped into the component classes: cause,
     * scope, count, effect. Faulty GPU 148 + SRAM 19 + system processor 17 + silent data corruption
     * 6 + thermal interface 6 = 196 accelerator; HBM3 72; software bug 54 + NCCL watchdog 7 +
     * dependency 2 = 63 software; switch/cable 35; host maintenance 32 + SSD 3 + power supply 3 +
     * chassis 2 + IO board 2 + CPU 2 + system memory 2 = 46 host; NIC 7. No datacenter power event.
     *
     * <p>The scope says what a cause scales with when a fleet's nodes hold another number of chips
     * than Meta's 8 H100: the GPU, its HBM, its NIC (one 400G NIC per GPU) and its switch ports and
     * cables (one rail per GPU) come with each chip; so does software — 61 of its 63 events are
     * crashes and NCCL timeouts of the training processes, one per GPU. A host (CPU, memory, SSD,
     * power supply, chassis, host maintenance) comes with each node, whatever its chips.
     */
    private static final Object[][] LLAMA3_TABLE5 = {
            {"accelerator", Scope.CHIP, 196, Effect.REPLACE_NODE},
            {"hbm", Scope.CHIP, 72, Effect.REPLACE_NODE},
            {"software", Scope.CHIP, 63, Effect.RESTART},
            {"switch", Scope.CHIP, 35, Effect.REPLACE_NODE},
            {"host", Scope.NODE, 46, Effect.REPLACE_NODE},
            {"nic", Scope.CHIP, 7, Effect.REPLACE_NODE},
            {"power", Scope.DATACENTER, 0, Effect.OUTAGE},
    };

    /** Llama 3's unexpected interruptions per 1,000 of its 8-GPU node-days: 419 / (2,048 × 54) × 1,000 ≈ 3.79. */
    public static final double LLAMA3_PER_1000_NODE_DAYS = 419 / (LLAMA3_NODES * 54) * 1000;

    /** The class names of the mix, in the order above. */
    public static final List<String> CLASS_NAMES = List.of("accelerator", "hbm", "software", "switch", "host", "nic", "power");

    /**
     * The seven component classes at Llama 3's observed rate per component (exponential, unlimited
     * spares): a chip-scope class fails at its Table 5 count over Llama 3's 16,384 GPU-hours of 54
     * days, a node-scope class over its 2,048 node-hours — so on a fleet of 4-chip nodes the
     * chip-level causes fail half as often per node as on Meta's 8-GPU nodes, the host as often.
     */
    public static List<FailureClass> llama3Classes() {
        List<FailureClass> out = new ArrayList<>();
        for (Object[] row : LLAMA3_TABLE5) {
            Scope scope = (Scope) row[1];
            int count = (Integer) row[2];
            double rate = switch (scope) {
                case CHIP -> count / (LLAMA3_GPUS * LLAMA3_HOURS);
                case NODE -> count / (LLAMA3_NODES * LLAMA3_HOURS);
                case DATACENTER -> 0;
            };
            out.add(new FailureClass((String) row[0], scope, 1, rate, Lifetime.EXPONENTIAL, (Effect) row[3], null));
        }
        return out;
    }

    /**
     * The mix scaled, its shares on this fleet kept, so that a fleet of {@code chips} chips in
     * {@code nodes} nodes fails {@code per1000NodeDays} times per 1,000 of <em>its</em> node-days
     * (chip and node classes; the datacenter class is not counted).
     */
    public static List<FailureClass> llama3Classes(double per1000NodeDays, long chips, long nodes) {
        List<FailureClass> observed = llama3Classes();
        double scale = per1000NodeDays / per1000NodeDays(observed, chips, nodes);
        List<FailureClass> out = new ArrayList<>();
        for (FailureClass c : observed) {
            out.add(c.withRate(c.ratePerComponentHour() * scale));
        }
        return out;
    }

    /**
     * The mix scaled so that nodes of {@code chipsPerNode} chips fail {@code per1000NodeDays} times
     * per 1,000 node-days; with 8 chips per node and {@link #LLAMA3_PER_1000_NODE_DAYS}, the
     * observed rates.
     */
    public static List<FailureClass> llama3Classes(double per1000NodeDays, int chipsPerNode) {
        return llama3Classes(per1000NodeDays, chipsPerNode, 1);
    }

    /**
     * Failures of the chip- and node-scope {@code classes} per 1,000 node-days of a fleet of
     * {@code chips} chips in {@code nodes} nodes (datacenter-scope classes not counted).
     */
    public static double per1000NodeDays(List<FailureClass> classes, long chips, long nodes) {
        double perHour = 0;
        for (FailureClass c : classes) {
            if (c.scope() != Scope.DATACENTER) {
                perHour += c.components(chips, nodes, 1) * c.ratePerComponentHour();
            }
        }
        return perHour / nodes * 24 * 1000;
    }

    /** Llama 3's mix at its observed rate, with the given detection and restart times. */
    public static FailureSpec llama3Mix(double detectionSeconds, double restartSeconds) {
        return new FailureSpec(llama3Classes(), detectionSeconds, restartSeconds,
                Spares.UNLIMITED, null);
    }

    /**
     * Hot spare nodes per datacenter. A node failure takes a spare (the swap happens within the
     * restart) and sends the failed node to repair, from which it returns to the pool. With no
     * spare left the job waits for the first repair, or — {@code shrink} — restarts on fewer
     * data-parallel replicas and grows back at its next restart once nodes return.
     *
     * @param perDatacenter spare nodes per datacenter; negative = unlimited (no repair bookkeeping)
     * @param shrink        continue on fewer replicas instead of waiting
     */
    public record Spares(int perDatacenter, boolean shrink) {
        /** Always a spare at hand: failed nodes are replaced within the restart. */
        public static final Spares UNLIMITED = new Spares(-1, false);

        public boolean limited() {
            return perDatacenter >= 0;
        }
    }

    /**
     * Planned maintenance stops (firmware upgrades, configuration changes): the job writes a
     * checkpoint, stops for {@code durationSeconds}, then restarts and restores; no work is lost.
     * Stops come as a Poisson process of mean gap {@code meanIntervalSeconds} (Llama 3: 47 in 54 days).
     */
    public record Maintenance(double meanIntervalSeconds, double durationSeconds) {
        /** Stops every {@code meanInterval} on average, each lasting {@code duration}. */
        public static Maintenance every(Duration meanInterval, Duration duration) {
            return new Maintenance(CheckpointSpec.seconds(meanInterval), CheckpointSpec.seconds(duration));
        }

        public Maintenance {
            if (!(meanIntervalSeconds > 0) || Double.isInfinite(meanIntervalSeconds)) {
                throw new IllegalArgumentException("maintenance interval must be > 0 s, was " + meanIntervalSeconds);
            }
            if (!(durationSeconds >= 0)) {
                throw new IllegalArgumentException("maintenance duration must be >= 0 s, was " + durationSeconds);
            }
        }
    }
}
