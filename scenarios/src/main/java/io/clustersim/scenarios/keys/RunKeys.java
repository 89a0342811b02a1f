package io.clustersim.scenarios.keys;

import java.util.List;

import static io.clustersim.scenarios.keys.ScenarioKey.Type.BOOLEAN;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.BYTES_PER_SECOND;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.DURATION;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.INTEGER;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.NUMBER;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.TEXT;
import static io.clustersim.scenarios.keys.ScenarioKey.choice;
import static io.clustersim.scenarios.keys.ScenarioKey.of;

/** The run model's keys: {@code failures.*}, {@code checkpoint.*} and {@code stragglers.*}. */
final class RunKeys {

    private RunKeys() {
    }

    static final List<ScenarioKey> KEYS = List.of(
            of("failures.rate-per-1000-node-days", NUMBER).min(0).byDefault("no failures")
                    .means("Failures per 1,000 node-days of the scenario's own nodes (Meta's published rates count"
                            + " 8-GPU nodes); without a mix, one exponential class at this rate.")
                    .excludes("failures.rate-per-chip-hour"),
            of("failures.rate-per-chip-hour", NUMBER).min(0).byDefault("no failures")
                    .means("Failures per chip-hour, instead of per 1,000 node-days.")
                    .excludes("failures.rate-per-1000-node-days"),
            of("failures.cause", TEXT).byDefault("hardware")
                    .means("Name of the single-rate class in the report's interruptions by cause.")
                    .excludes("failures.mix"),
            choice("failures.mix", "llama3", "none").byDefault("none")
                    .means("llama3: the seven component classes at Llama 3's observed rates and shares (a rate, if"
                            + " given, scales them)."),
            of("failures.repair-median", DURATION).above(0).byDefault("—")
                    .means("Median of the lognormal repair time of a failed node, and the length of a power outage."),
            of("failures.repair-sigma", NUMBER).min(0).max(4).byDefault("—")
                    .means("Log-sigma of the repair time (0 = fixed).").needs("failures.repair-median"),
            of("failures.detection", DURATION).min(0).byDefault("0s").means("Time to notice a failure."),
            of("failures.restart", DURATION).min(0).byDefault("0s").means("Time to re-initialise the job."),
            of("failures.spares.per-datacenter", INTEGER).min(0).byDefault("unlimited")
                    .means("Hot spare nodes of every datacenter that does not give its own hot-spare-nodes."),
            choice("failures.spares.when-exhausted", "wait", "shrink").byDefault("wait")
                    .means("With no spare left: wait for a repaired node, or restart on fewer data-parallel replicas."),
            of("failures.maintenance.interval", DURATION).above(0).byDefault("no planned stops")
                    .means("Mean gap between planned stops (Poisson): checkpoint, stop, restart, restore."),
            of("failures.maintenance.duration", DURATION).min(0).byDefault("0s")
                    .means("Length of a planned stop.").needs("failures.maintenance.interval"),
            of("checkpoint.interval", DURATION).above(0).words("auto").byDefault("no checkpoints")
                    .means("Training time between checkpoints, or auto: Daly's optimum for the fleet's MTTF and the"
                            + " stall."),
            of("checkpoint.write", DURATION).min(0).byDefault("0s")
                    .means("Time to write a checkpoint to storage (the stall when synchronous).")
                    .excludes("checkpoint.storage.chip-write-bandwidth", "checkpoint.storage.write-bandwidth"),
            of("checkpoint.restore", DURATION).min(0).byDefault("0s").means("Time to reload after a restart.")
                    .excludes("checkpoint.storage.chip-write-bandwidth", "checkpoint.storage.write-bandwidth"),
            of("checkpoint.storage.chip-write-bandwidth", BYTES_PER_SECOND).above(0).byDefault("—")
                    .means("Instead of write and restore: write bandwidth per chip.")
                    .needs("checkpoint.storage.write-bandwidth"),
            of("checkpoint.storage.write-bandwidth", BYTES_PER_SECOND).above(0).byDefault("—")
                    .means("Aggregate write bandwidth of the storage.")
                    .needs("checkpoint.storage.chip-write-bandwidth"),
            of("checkpoint.storage.chip-read-bandwidth", BYTES_PER_SECOND).above(0).byDefault("chip-write-bandwidth")
                    .means("Read bandwidth per chip."),
            of("checkpoint.storage.read-bandwidth", BYTES_PER_SECOND).above(0).byDefault("write-bandwidth")
                    .means("Aggregate read bandwidth of the storage."),
            choice("checkpoint.mode", "sync", "async").byDefault("sync")
                    .means("sync, or async: stall only for the snapshot and copy to storage in the background."),
            of("checkpoint.snapshot", DURATION).min(0).byDefault("required with async")
                    .means("Stall of an asynchronous checkpoint (state to host memory); mode must be async.")
                    .needs("checkpoint.mode"),
            of("checkpoint.peer-replica", BOOLEAN).byDefault("false")
                    .means("Keep the snapshot in a peer node's memory too (mode async; true needs peer-restore).")
                    .needs("checkpoint.mode"),
            of("checkpoint.peer-restore", DURATION).min(0).byDefault("required with peer-replica")
                    .means("Time to restore from a peer's memory (mode async).").needs("checkpoint.mode"),
            of("stragglers.probability", NUMBER).min(0).max(1).byDefault("no stragglers")
                    .means("Per chip and step, the chance of being slowed."),
            of("stragglers.mean-slowdown", NUMBER).min(0).byDefault("required with stragglers")
                    .means("Mean extra fraction of the step when slowed; each step waits for the slowest chip."),
            choice("stragglers.distribution", "exponential", "lognormal").byDefault("exponential")
                    .means("Distribution of the slowdowns."),
            of("stragglers.sigma", NUMBER).min(0).byDefault("required with lognormal")
                    .means("Log-sigma of lognormal slowdowns."));

    /** Keys of one failure class, {@code failures.<class>.<key>}: expanded for each class name. */
    static final List<ScenarioKey> CLASS_KEYS = List.of(
            of("failures.<class>.rate-per-1000-node-days", NUMBER).min(0).byDefault("the mix's; required for a new class")
                    .means("The class's failures per 1,000 of the scenario's node-days.")
                    .excludes("failures.<class>.rate-per-component-hour"),
            of("failures.<class>.rate-per-component-hour", NUMBER).min(0).byDefault("the mix's")
                    .means("1 / the component's mean time to failure, hours.")
                    .excludes("failures.<class>.rate-per-1000-node-days"),
            choice("failures.<class>.distribution", "exponential", "weibull").byDefault("exponential (weibull with a shape)")
                    .means("Lifetime distribution of the class's components (the mean stays 1 / rate)."),
            of("failures.<class>.shape", NUMBER).above(0).byDefault("required with weibull")
                    .means("Weibull shape: < 1 infant mortality, > 1 wear-out."),
            choice("failures.<class>.fleet", "steady", "new").byDefault("steady")
                    .means("Components of all ages (steady), or all new at the start.")
                    .needs("failures.<class>.shape"),
            of("failures.<class>.repair-median", DURATION).above(0).byDefault("failures.repair-median")
                    .means("This class's median repair time (a power outage's length)."),
            of("failures.<class>.repair-sigma", NUMBER).min(0).max(4).byDefault("failures.repair-sigma")
                    .means("This class's repair log-sigma.").needs("failures.<class>.repair-median"));
}
