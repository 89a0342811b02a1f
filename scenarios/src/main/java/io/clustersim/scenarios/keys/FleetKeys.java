package io.clustersim.scenarios.keys;

import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.topology.ChipFamily;

import java.util.List;

import static io.clustersim.scenarios.keys.ScenarioKey.Type.BITS_PER_SECOND;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.BYTES;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.BYTES_PER_SECOND;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.DISTANCE;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.DURATION;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.FLOPS;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.INTEGER;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.NAMES;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.NUMBER;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.OBJECTS;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.TEXT;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.WATTS;
import static io.clustersim.scenarios.keys.ScenarioKey.choice;
import static io.clustersim.scenarios.keys.ScenarioKey.of;

/**
 * The {@code fleet.*} keys: one datacenter (chips, fabric, power, spares, prices), or a list of
 * datacenters, each taking the same keys without {@code fleet.}, joined by WAN links.
 */
final class FleetKeys {

    private FleetKeys() {
    }

    /** Keys of the fleet; those of one datacenter are the same without {@code fleet.} ({@link ScenarioKeys#datacenterKeys()}). */
    static final List<ScenarioKey> KEYS = List.of(
            of("fleet.name", TEXT).byDefault("dc1").means("Name of the one datacenter.")
                    .notes("name of the one datacenter (default: `dc1`)"),
            of("fleet.chip", TEXT).byDefault("required (in each datacenter with fleet.datacenters)")
                    .means("Catalog id of the chip (clustersim catalog lists them), or custom with every field in"
                            + " chip-overrides.")
                    .notes("catalog id (`clustersim catalog`) (default: required)"),
            of("fleet.chips", INTEGER).min(1).byDefault("required (in each datacenter with fleet.datacenters)")
                    .means("Chips of the job (with a deadline: the largest fleet considered).")
                    .notes("(`fleet.chips`, `fleet.chips-per-node`) fleet size (with a deadline: the largest fleet "
                            + "considered); chips per server (default: required; 8)"),
            of("fleet.chips-per-node", INTEGER).above(0).byDefault("8").means("Chips per server."),
            of("fleet.scale-up-domain", INTEGER).min(1).byDefault("the chip's").means("Chips per scale-up domain.")
                    .notes("chips per scale-up domain (default: the chip's)"),
            of("fleet.chip-overrides.name", TEXT).byDefault("the catalog chip's, \"(modified)\"")
                    .means("Display name of an overridden or custom chip.")
                    .notes("(`fleet.chip-overrides.{name, family, bf16-flops, fp8-flops, hbm, hbm-bandwidth, "
                            + "scale-up-bandwidth, scale-up-domain, scale-out-bandwidth, tdp}`) replace fields of the catalog "
                            + "chip (marked unverified in the report's chip); with `fleet.chip = custom`, define a chip "
                            + "entirely (every field but `fp8-flops` and `family` required). Units: FLOP/s (`989T`), bytes "
                            + "(`80GB`), bytes/s one direction for HBM and scale-up (`450GB/s`), bits/s for scale-out "
                            + "(`400Gbps`), watts (default: catalog values)"),
            choice("fleet.chip-overrides.family", ChipFamily.class).byDefault("the catalog chip's; other for custom")
                    .means("Chip family: its calibration and its low-precision formats."),
            of("fleet.chip-overrides.bf16-flops", FLOPS).above(0).byDefault("the catalog chip's")
                    .means("Dense BF16 peak (989T)."),
            of("fleet.chip-overrides.fp8-flops", FLOPS).min(0).byDefault("the catalog chip's; 0 for custom")
                    .means("Dense FP8 peak (0 = no FP8 units)."),
            of("fleet.chip-overrides.hbm", BYTES).above(0).byDefault("the catalog chip's")
                    .means("HBM capacity per chip (80GB)."),
            of("fleet.chip-overrides.hbm-bandwidth", BYTES_PER_SECOND).above(0).byDefault("the catalog chip's")
                    .means("HBM bandwidth per chip (3.35TB/s)."),
            of("fleet.chip-overrides.scale-up-bandwidth", BYTES_PER_SECOND).above(0).byDefault("the catalog chip's")
                    .means("Scale-up (NVLink-class) bandwidth per chip, one direction (450GB/s)."),
            of("fleet.chip-overrides.scale-up-domain", INTEGER).above(0).byDefault("the catalog chip's")
                    .means("Chips per scale-up domain of the chip."),
            of("fleet.chip-overrides.scale-out-bandwidth", BITS_PER_SECOND).above(0).byDefault("the catalog chip's")
                    .means("Scale-out (NIC) bandwidth per chip (400Gbps)."),
            of("fleet.chip-overrides.tdp", WATTS).above(0).byDefault("the catalog chip's")
                    .means("Thermal design power of the chip (700W)."),
            of("fleet.scale-out.bandwidth-per-chip", BITS_PER_SECOND).above(0).byDefault("the chip's")
                    .means("NIC bandwidth per chip.")
                    .notes("NIC bandwidth per chip (default: the chip's)"),
            of("fleet.scale-out.hop-latency", DURATION).min(0).byDefault("1us").means("Switch hop latency.")
                    .notes("(`fleet.scale-out.hop-latency`, `.pod-chips`, `.spine-oversubscription`) switch hop latency; "
                            + "chips per full-bisection pod (whole nodes: a multiple of `chips-per-node`); ratio above the pod "
                            + "(default: 1us; all chips; 1)"),
            of("fleet.scale-out.pod-chips", INTEGER).min(0).byDefault("all chips")
                    .means("Chips per full-bisection pod (whole nodes: a multiple of chips-per-node)."),
            of("fleet.scale-out.spine-oversubscription", NUMBER).min(1).byDefault("1")
                    .means("Oversubscription of the fabric above the pod."),
            of("fleet.power.budget", WATTS).above(0).byDefault("no cap")
                    .means("Facility power the datacenter has for the job (150MW); chips and spares must fit.")
                    .notes("facility power the datacenter has for the job (`150MW`, `2.2GW`); chips and spare nodes at (TDP "
                            + "+ server overhead) × PUE must fit, or the scenario is refused naming the shortfall (default: no "
                            + "cap)"),
            of("fleet.power.pue", NUMBER).min(1).byDefault("1.2").means("Power usage effectiveness.")
                    .notes("(`fleet.power.pue`, `.server-overhead`, `.chip-utilisation`) power usage effectiveness; server "
                            + "power per chip beyond the chip (`575W`); average chip power over TDP for energy (the budget "
                            + "always uses TDP) (default: 1.2; 0.8 × TDP; 1.0 (sources: `docs/reference/power-and-wan.md`))"),
            of("fleet.power.server-overhead", WATTS).min(0).byDefault("0.8 × TDP")
                    .means("Server power per chip beyond the chip (575W)."),
            of("fleet.power.chip-utilisation", NUMBER).min(0).max(1).byDefault("1.0")
                    .means("Average chip power over TDP, for energy (the budget always uses TDP)."),
            of("fleet.hot-spare-nodes", INTEGER).min(0).byDefault("failures.spares.per-datacenter")
                    .means("The datacenter's own pool of hot spare servers.")
                    .notes("the datacenter's own pool of hot spare servers: wins over `failures.spares.per-datacenter` for "
                            + "this datacenter (in the single form the two must agree if both are given); needs repair times; "
                            + "counted in the power budget with the job's chips (so is the default pool); "
                            + "`failures.spares.when-exhausted` applies to it (default: `failures.spares.per-datacenter`)"),
            of("fleet.cost.chip-hour", NUMBER).min(0).byDefault("no cost; required in a cost section")
                    .means("Price of one chip for one hour.")
                    .notes("(`fleet.cost.chip-hour`, `.currency`, `.energy-per-mwh`, `.billing`) prices, for the report's "
                            + "`cost` section, CSV and `compare`: a chip for one hour; a label such as `USD` (never converted; "
                            + "every datacenter in one currency); a MWh of facility energy; `reserved` (every chip and every "
                            + "spare of the pool for the whole wall clock) or `used` (the job's chips while it trains or "
                            + "recovers, not while it waits for repairs or maintenance). `fleet.cost` prices every datacenter; "
                            + "a datacenter of `fleet.datacenters` may give its own `cost { ... }` (its keys replace the "
                            + "fleet's). `chip-hour` is required in a section that is not filled from `fleet.cost` (default: "
                            + "no cost (defaults: `USD`, energy 0, `reserved`))"),
            of("fleet.cost.currency", TEXT).byDefault("USD")
                    .means("Currency label (never converted; every datacenter prices in one)."),
            of("fleet.cost.energy-per-mwh", NUMBER).min(0).byDefault("0").means("Price of a MWh of facility energy."),
            choice("fleet.cost.billing", "reserved", "used").byDefault("reserved")
                    .means("Bill every chip and spare for the whole wall clock (reserved), or the job's chips while"
                            + " it trains or recovers (used)."),
            of("fleet.datacenters", OBJECTS).byDefault("one datacenter from the fleet.* keys")
                    .means("A list of datacenters, each an object with the fleet.* keys without fleet.; with a"
                            + " deadline, the candidate sites in order of preference.")
                    .notes("instead of the `fleet.*` keys above: a list of datacenters, each an object with the same keys "
                            + "without `fleet.` (`name`, `chip`, `chips`, `chips-per-node`, `scale-up-domain`, "
                            + "`chip-overrides`, `scale-out`, `power`, `hot-spare-nodes`); names default to `dc1`, `dc2`, … A "
                            + "list of one is exactly the single-site form. With `target.deadline` the list is the candidate "
                            + "sites in order of preference (default: one datacenter)"),
            of("fleet.wan-links", OBJECTS).byDefault("no links").needs("fleet.datacenters")
                    .means("WAN links joining the datacenters, one per pair, full duplex.")
                    .notes("a list of links, each `{ between = [a, b], bandwidth = 400Tbps *or* waves = 500, wave = 800ZR "
                            + "(or 400ZR, or a rate), latency = 5ms *or* distance = 1000km }`, optionally `cuts-per-year`, "
                            + "`repair-median`, `repair-sigma` (fibre cuts while up, lognormal repair); one link per pair, "
                            + "full duplex, fibre at 4.9 µs per km; more than one datacenter must be connected (default: never "
                            + "cut)"),
            choice("fleet.on-site-loss", CrossDcSpec.SiteLoss.class).byDefault("wait")
                    .means("When a datacenter is lost: wait for the whole fleet, or continue on the connected part"
                            + " that runs fastest.")
                    .notes("what the job does when a datacenter loses power or WAN cuts split the fleet: `wait` until the "
                            + "whole fleet is back, or `continue` at once on the connected part that runs fastest (fewer "
                            + "replicas, step re-evaluated) and take the rest back at a planned stop (`rejoin`) (default: "
                            + "`wait`)"));

    /** Keys of one element of {@code fleet.wan-links}. */
    static final List<ScenarioKey> WAN_LINK_KEYS = List.of(
            of("fleet.wan-links[].between", NAMES).required().means("The two datacenters the link joins."),
            of("fleet.wan-links[].bandwidth", BITS_PER_SECOND).above(0).byDefault("one of bandwidth, waves")
                    .means("Bandwidth, each direction (400Tbps).").excludes("fleet.wan-links[].waves"),
            of("fleet.wan-links[].waves", INTEGER).above(0).byDefault("one of bandwidth, waves")
                    .means("Optical waves of the link.").excludes("fleet.wan-links[].bandwidth"),
            of("fleet.wan-links[].wave", BITS_PER_SECOND).words("400ZR", "800ZR").byDefault("400ZR")
                    .means("Rate of one wave: 400ZR, 800ZR or a bandwidth.").needs("fleet.wan-links[].waves"),
            of("fleet.wan-links[].latency", DURATION).min(0).byDefault("one of latency, distance")
                    .means("One-way latency (5ms).").excludes("fleet.wan-links[].distance"),
            of("fleet.wan-links[].distance", DISTANCE).min(0).byDefault("one of latency, distance")
                    .means("Fibre length; 4.9 µs per km.").excludes("fleet.wan-links[].latency"),
            of("fleet.wan-links[].cuts-per-year", NUMBER).min(0).byDefault("never cut")
                    .means("Fibre cuts per year while up."),
            of("fleet.wan-links[].repair-median", DURATION).above(0).byDefault("required with cuts")
                    .means("Median repair time of a cut (lognormal).").needs("fleet.wan-links[].cuts-per-year"),
            of("fleet.wan-links[].repair-sigma", NUMBER).min(0).byDefault("0 (a fixed time)")
                    .means("Log-sigma of the repair time.").needs("fleet.wan-links[].cuts-per-year"));
}
