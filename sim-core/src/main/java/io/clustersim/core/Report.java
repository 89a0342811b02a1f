package io.clustersim.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The immutable result of a simulation, as the CLI prints it and the JSON report (schema
 * {@value #SCHEMA_VERSION}) writes it.
 *
 * @param schemaVersion version of the report's schema
 * @param scenario      scenario name
 * @param seed          seed used
 * @param trials        Monte Carlo trials run
 * @param step          one training step
 * @param memory        memory per chip
 * @param run           the whole run, over the trials
 */
public record Report(int schemaVersion, String scenario, long seed, int trials, Step step, Memory memory, Run run) {

    /** Version of the report schema this code writes. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * One training step.
     *
     * @param seconds          step time
     * @param mfu              model FLOPs utilisation, [0, 1]
     * @param hfu              hardware FLOPs utilisation (with recomputation), [0, 1]
     * @param tflopsPerChip    achieved model TFLOP/s per chip (10^12 FLOP/s)
     * @param tokensPerSecond  training tokens per second, whole job
     * @param breakdownSeconds where the step's time goes; sums to {@code seconds}
     */
    public record Step(double seconds, double mfu, double hfu, double tflopsPerChip, double tokensPerSecond,
                       Map<String, Double> breakdownSeconds) {
        public Step {
            breakdownSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(breakdownSeconds));
        }
    }

    /**
     * Memory per chip.
     *
     * @param perChipBytes   bytes needed per chip
     * @param capacityBytes  HBM per chip
     * @param fits           whether it fits
     * @param breakdownBytes bytes by category
     */
    public record Memory(double perChipBytes, double capacityBytes, boolean fits, Map<String, Double> breakdownBytes) {
        public Memory {
            breakdownBytes = Collections.unmodifiableMap(new LinkedHashMap<>(breakdownBytes));
        }
    }

    /**
     * Percentiles of the wall-clock time of the run, days (HdrHistogram, 3 significant digits;
     * the mean is exact).
     */
    public record WallClockDays(double p50, double p90, double p99, double mean) {
    }

    /**
     * Interruptions of one run.
     *
     * @param mean    mean interruptions per run
     * @param byCause mean interruptions per run, per cause
     */
    public record Interruptions(double mean, Map<String, Double> byCause) {
        public Interruptions {
            byCause = Collections.unmodifiableMap(new LinkedHashMap<>(byCause));
        }
    }

    /**
     * The whole run, over the trials (means unless said).
     *
     * @param wallClockDays         wall clock from start to the target
     * @param goodput               useful training time over wall clock
     * @param interruptions         interruptions
     * @param chipHours             chips × wall-clock hours
     * @param achievedFlops         model FLOPs the run performs to reach the target (no re-done work)
     * @param achievedFlopsPerSecond achievedFlops over the mean wall clock: the fleet's effective rate
     * @param steps                 optimizer steps to the target
     * @param timeFractions         share of wall clock by use: useful, lostWork, checkpoint, recovery
     *                              (detection + restart + restore), waitingForRepair, maintenance,
     *                              stragglers, degraded (sums to 1)
     * @param checkpointIntervalSeconds training seconds between checkpoints (Young/Daly when the
     *                              scenario says auto); 0 = no checkpoints
     * @param mttfHours             the fleet's mean time between failures, hours (infinite without)
     * @param checkpointBytes       size of one full checkpoint (14 bytes per parameter), bytes
     * @param checkpointWriteSeconds time to write one checkpoint to storage, seconds (the stall when
     *                              synchronous)
     * @param recoveryFractions     share of wall clock in detection, restart, restore (sums to
     *                              timeFractions' recovery)
     * @param failuresPerDay        the fleet's long-run failures per day, by cause (the model's rates,
     *                              maintenance included)
     * @param spares                the spare pool and its use
     * @param checkpoints           how checkpoints were taken, and how many
     * @param stragglerFactor       expected step time with stragglers over the step model's (1 = none)
     */
    public record Run(WallClockDays wallClockDays, double goodput, Interruptions interruptions, double chipHours,
                      double achievedFlops, double achievedFlopsPerSecond, long steps,
                      Map<String, Double> timeFractions, double checkpointIntervalSeconds, double mttfHours,
                      double checkpointBytes, double checkpointWriteSeconds, Map<String, Double> recoveryFractions,
                      Map<String, Double> failuresPerDay, Spares spares, Checkpoints checkpoints,
                      double stragglerFactor) {
        public Run {
            timeFractions = Collections.unmodifiableMap(new LinkedHashMap<>(timeFractions));
            recoveryFractions = Collections.unmodifiableMap(new LinkedHashMap<>(recoveryFractions));
            failuresPerDay = Collections.unmodifiableMap(new LinkedHashMap<>(failuresPerDay));
        }
    }

    /**
     * Hot spares.
     *
     * @param perDatacenter spare nodes per datacenter; negative = unlimited
     * @param whenExhausted {@code wait} for a repair or {@code shrink} to fewer replicas
     * @param used          mean failed nodes swapped for a spare per run
     * @param repairWaits   mean recoveries per run that waited for a node back from repair
     */
    public record Spares(int perDatacenter, String whenExhausted, double used, double repairWaits) {
    }

    /**
     * Checkpoints of the run.
     *
     * @param mode         {@code sync}, {@code async} or {@code async-peer}
     * @param stallSeconds training stalled per checkpoint (the write when sync, the snapshot when async)
     * @param written      mean checkpoints completed in storage per run
     * @param lost         mean asynchronous checkpoints per run lost to a failure during their copy
     */
    public record Checkpoints(String mode, double stallSeconds, double written, double lost) {
    }
}
