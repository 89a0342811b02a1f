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
                    .excludes("failures.rate-per-chip-hour")
                    .notes("(`failures.rate-per-1000-node-days` *or* `failures.rate-per-chip-hour`) failures per 1,000 "
                            + "node-days of **the scenario's own nodes** (every datacenter's, at its `chips-per-node`), or per "
                            + "chip-hour. Without a mix: shorthand for one exponential class at this rate, spread over the "
                            + "chips (per chip, node swapped on failure). With `mix`: the mix is scaled so the scenario's "
                            + "nodes fail this often in all, keeping the mix's shares on these nodes. Meta's published rates "
                            + "(RSC-1 6.5, RSC-2 2.34, Llama 3 3.79) count 8-GPU nodes: on nodes of c chips the same per-chip "
                            + "reliability is rate × c / 8 (chip-level causes) — or leave the rate out and let `mix = llama3` "
                            + "carry Llama 3's rates per chip and per host. A rate at which the whole fleet fails on average "
                            + "sooner than one recovery takes (detection + restart + restore, from a peer replica when there "
                            + "is one) is refused at load, naming the rate's key (default: no failures)"),
            of("failures.rate-per-chip-hour", NUMBER).min(0).byDefault("no failures")
                    .means("Failures per chip-hour, instead of per 1,000 node-days.")
                    .excludes("failures.rate-per-1000-node-days"),
            of("failures.cause", TEXT).byDefault("hardware")
                    .means("Name of the single-rate class in the report's interruptions by cause.")
                    .excludes("failures.mix")
                    .notes("name of the shorthand class in \"interruptions by cause\" (default: `hardware`)"),
            choice("failures.mix", "llama3", "none").byDefault("none")
                    .means("llama3: the seven component classes at Llama 3's observed rates and shares (a rate, if"
                            + " given, scales them).")
                    .notes("`llama3`: the seven component classes at Llama 3's observed rates (419 unexpected interruptions "
                            + "in 54 days on 2,048 nodes of 8 H100 = 3.79 per 1,000 of those node-days; shares from its Table "
                            + "5, see [Run model](models.md)): chip-level causes (accelerator, HBM, NIC, switch/cable, "
                            + "software) at Llama 3's rate per GPU, the host at its rate per node — 3.79 per 1,000 node-days "
                            + "on 8-chip nodes, 2.10 on 4-chip nodes (GB200 trays), 7.16 on 16-chip nodes (Trn2); `none` "
                            + "(default: `none`)"),
            of("failures.repair-median", DURATION).above(0).byDefault("—")
                    .means("Median of the lognormal repair time of a failed node, and the length of a power outage.")
                    .notes("(`failures.repair-median`, `failures.repair-sigma` (or per class)) lognormal repair time of a "
                            + "failed node (median, log-sigma; 0 = fixed), and the length of a `power` outage; needed with a "
                            + "limited spare pool and for `power`"),
            of("failures.repair-sigma", NUMBER).min(0).max(4).byDefault("—")
                    .means("Log-sigma of the repair time (0 = fixed).").needs("failures.repair-median"),
            of("failures.detection", DURATION).min(0).byDefault("0s").means("Time to notice a failure.")
                    .notes("(`failures.detection`, `failures.restart`) time to notice a failure; to re-initialise the job "
                            + "(default: 0s)"),
            of("failures.restart", DURATION).min(0).byDefault("0s").means("Time to re-initialise the job."),
            of("failures.spares.per-datacenter", INTEGER).min(0).byDefault("unlimited")
                    .means("Hot spare nodes of every datacenter that does not give its own hot-spare-nodes.")
                    .notes("hot spare nodes of **every datacenter that does not give its own `hot-spare-nodes`** (one rule: "
                            + "a datacenter's own pool wins, this is the default): a node failure takes one, the failed node "
                            + "returns to the pool after its repair. Refused (located) when it applies to no datacenter (every "
                            + "one of `fleet.datacenters` has its own) or, in the single-datacenter form, when "
                            + "`fleet.hot-spare-nodes` says otherwise (both name the same pool: give it once); "
                            + "`failures.spares` without it needs some datacenter's own pool (default: unlimited)"),
            choice("failures.spares.when-exhausted", "wait", "shrink").byDefault("wait")
                    .means("With no spare left: wait for a repaired node, or restart on fewer data-parallel replicas.")
                    .notes("`wait` for the first repaired node, or `shrink`: restart on fewer data-parallel replicas (step "
                            + "model re-evaluated), growing back at a later restart (default: `wait`)"),
            of("failures.maintenance.interval", DURATION).above(0).byDefault("no planned stops")
                    .means("Mean gap between planned stops (Poisson): checkpoint, stop, restart, restore.")
                    .notes("(`failures.maintenance.interval`, `.duration`) planned stops (Poisson, mean gap): checkpoint, "
                            + "stop for `duration`, restart and restore; nothing lost (default: none)"),
            of("failures.maintenance.duration", DURATION).min(0).byDefault("0s")
                    .means("Length of a planned stop.").needs("failures.maintenance.interval"),
            of("checkpoint.interval", DURATION).above(0).words("auto").byDefault("no checkpoints")
                    .means("Training time between checkpoints, or auto: Daly's optimum for the fleet's MTTF and the"
                            + " stall.")
                    .notes("training time between checkpoints, or `auto`: Daly's optimum for the fleet's MTTF and the stall "
                            + "(`run.YoungDaly`); asynchronous: at least one background copy (default: no checkpoints)"),
            of("checkpoint.write", DURATION).min(0).byDefault("0s")
                    .means("Time to write a checkpoint to storage (the stall when synchronous).")
                    .excludes("checkpoint.storage.chip-write-bandwidth", "checkpoint.storage.write-bandwidth")
                    .notes("(`checkpoint.write`, `checkpoint.restore`) time to write a checkpoint to storage (the stall "
                            + "when synchronous); reload after a restart (default: 0s)"),
            of("checkpoint.restore", DURATION).min(0).byDefault("0s").means("Time to reload after a restart.")
                    .excludes("checkpoint.storage.chip-write-bandwidth", "checkpoint.storage.write-bandwidth"),
            of("checkpoint.storage.chip-write-bandwidth", BYTES_PER_SECOND).above(0).byDefault("—")
                    .means("Instead of write and restore: write bandwidth per chip.")
                    .needs("checkpoint.storage.write-bandwidth")
                    .notes("(`checkpoint.storage.{chip-write-bandwidth, write-bandwidth, chip-read-bandwidth, "
                            + "read-bandwidth}`) instead of write/restore: times follow from the checkpoint (14 bytes per "
                            + "parameter) over min(chips × per-chip, aggregate) bandwidth; reads default to the write figures"),
            of("checkpoint.storage.write-bandwidth", BYTES_PER_SECOND).above(0).byDefault("—")
                    .means("Aggregate write bandwidth of the storage.")
                    .needs("checkpoint.storage.chip-write-bandwidth"),
            of("checkpoint.storage.chip-read-bandwidth", BYTES_PER_SECOND).above(0).byDefault("chip-write-bandwidth")
                    .means("Read bandwidth per chip."),
            of("checkpoint.storage.read-bandwidth", BYTES_PER_SECOND).above(0).byDefault("write-bandwidth")
                    .means("Aggregate read bandwidth of the storage."),
            choice("checkpoint.mode", "sync", "async").byDefault("sync")
                    .means("sync, or async: stall only for the snapshot and copy to storage in the background.")
                    .notes("`sync`, or `async`: stall only `checkpoint.snapshot` (state to host memory), copy to storage in "
                            + "the background for the write time; a failure during the copy loses that checkpoint (default: "
                            + "`sync`)"),
            of("checkpoint.snapshot", DURATION).min(0).byDefault("required with async")
                    .means("Stall of an asynchronous checkpoint (state to host memory); mode must be async.")
                    .needs("checkpoint.mode")
                    .notes("stall of an asynchronous checkpoint (default: required with `async`)"),
            of("checkpoint.peer-replica", BOOLEAN).byDefault("false")
                    .means("Keep the snapshot in a peer node's memory too (mode async; true needs peer-restore).")
                    .needs("checkpoint.mode")
                    .notes("(`checkpoint.peer-replica`, `checkpoint.peer-restore`) keep the snapshot in a peer node's "
                            + "memory too: safe from single-node failures at once, restored in `peer-restore` (a datacenter "
                            + "outage loses it: restore from storage) (default: false)"),
            of("checkpoint.peer-restore", DURATION).min(0).byDefault("required with peer-replica")
                    .means("Time to restore from a peer's memory (mode async).").needs("checkpoint.mode"),
            of("stragglers.probability", NUMBER).min(0).max(1).byDefault("no stragglers")
                    .means("Per chip and step, the chance of being slowed.")
                    .notes("(`stragglers.probability`, `.mean-slowdown`) per chip and step, the chance of being slowed and "
                            + "the mean extra fraction of the step when slowed; each step waits for the slowest chip (default: "
                            + "no stragglers)"),
            of("stragglers.mean-slowdown", NUMBER).min(0).byDefault("required with stragglers")
                    .means("Mean extra fraction of the step when slowed; each step waits for the slowest chip."),
            choice("stragglers.distribution", "exponential", "lognormal").byDefault("exponential")
                    .means("Distribution of the slowdowns.")
                    .notes("(`stragglers.distribution`, `.sigma`) `exponential` or `lognormal` (with log-sigma) slowdowns "
                            + "(default: exponential)"),
            of("stragglers.sigma", NUMBER).min(0).byDefault("required with lognormal")
                    .means("Log-sigma of lognormal slowdowns."));

    /** Keys of one failure class, {@code failures.<class>.<key>}: expanded for each class name. */
    static final List<ScenarioKey> CLASS_KEYS = List.of(
            of("failures.<class>.rate-per-1000-node-days", NUMBER).min(0).byDefault("the mix's; required for a new class")
                    .means("The class's failures per 1,000 of the scenario's node-days.")
                    .excludes("failures.<class>.rate-per-component-hour")
                    .notes("(`failures.<class>.rate-per-1000-node-days` *or* `.rate-per-component-hour`) one class's rate: "
                            + "`accelerator`, `hbm`, `nic`, `switch`, `software` (per chip), `host` (per node), `power` (per "
                            + "datacenter). Per 1,000 node-days counts the class's failures over the scenario's node-days (all "
                            + "its datacenters' nodes); per component-hour is 1 / the component's mean time to failure. "
                            + "Overrides the mix's rate; a class the mix lacks needs one (default: the mix's)"),
            of("failures.<class>.rate-per-component-hour", NUMBER).min(0).byDefault("the mix's")
                    .means("1 / the component's mean time to failure, hours.")
                    .excludes("failures.<class>.rate-per-1000-node-days"),
            choice("failures.<class>.distribution", "exponential", "weibull").byDefault("exponential (weibull with a shape)")
                    .means("Lifetime distribution of the class's components (the mean stays 1 / rate).")
                    .notes("(`failures.<class>.distribution`, `.shape`, `.fleet`) `exponential` or `weibull` with a `shape` "
                            + "(< 1 infant mortality, > 1 wear-out; the mean stays 1 / rate); `fleet = steady` (components of "
                            + "all ages) or `new` (all new at the start) (default: exponential, steady)"),
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
