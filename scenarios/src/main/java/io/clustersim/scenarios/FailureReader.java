package io.clustersim.scenarios;

import io.clustersim.core.Scenario;
import io.clustersim.core.run.CheckpointSpec;
import io.clustersim.core.run.CheckpointStorage;
import io.clustersim.core.run.FailureClass.Effect;
import io.clustersim.core.run.FailureClass.Lifetime;
import io.clustersim.core.run.FailureClass.RepairTime;
import io.clustersim.core.run.FailureClass.Scope;
import io.clustersim.core.run.FailureClass;
import io.clustersim.core.run.FailureSpec;
import io.clustersim.topology.Fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code failures.*}: a single rate or the Llama 3 mix, per-class overrides, spare pools and
 * planned maintenance; and refuses a fleet that would fail faster than it recovers.
 *
 * <pre>{@code
 * FailureSpec failures = FailureReader.failures(in, fleet);
 * }</pre>
 */
final class FailureReader {

    private FailureReader() {
    }

    /**
     * Refuses a failure rate so high that the fleet fails, on average, before one recovery —
     * detection, restart and the checkpoint's restore (from a peer when there is a replica) — is
     * over: the run would spend its time recovering and end only at the event limit.
     */
    static void recoveryOutlastsFailures(ConfigReader in, Scenario scenario, Fleet fleet) {
        FailureSpec f = scenario.failures();
        double perHour = f.fleetRatePerHour(scenario.cluster().chips(), scenario.cluster().nodes(), fleet.datacenters().size());
        if (!(perHour > 0)) {
            return;
        }
        CheckpointSpec c = scenario.checkpoint().resolve(CheckpointStorage.checkpointBytes(scenario.model().parameterCount()),
                scenario.cluster().chips());
        double restore = c.peerReplica() ? Math.min(c.restoreSeconds(), c.peerRestoreSeconds()) : c.restoreSeconds();
        double recovery = f.detectionSeconds() + f.restartSeconds() + restore;
        double mttf = 3600 / perHour;
        if (mttf < recovery) {
            String key = "failures";
            for (String k : rateKeys()) {
                if (in.has(k)) {
                    key = k;
                    break;
                }
            }
            throw in.error(key, String.format(java.util.Locale.ROOT, "the fleet (%d chips) would fail every %s on average,"
                    + " sooner than one recovery takes (detection %s + restart %s + restore %s = %s): the run could"
                    + " never get back to training; give a lower failure rate or a faster recovery",
                    scenario.cluster().chips(), Sections.duration(mttf), Sections.duration(f.detectionSeconds()),
                    Sections.duration(f.restartSeconds()), Sections.duration(restore), Sections.duration(recovery)));
        }
    }

    /** Keys that set a failure rate, the one to blame first first. */
    static List<String> rateKeys() {
        List<String> keys = new ArrayList<>(List.of("failures.rate-per-1000-node-days", "failures.rate-per-chip-hour"));
        for (String name : FailureSpec.CLASS_NAMES) {
            keys.add("failures." + name + ".rate-per-1000-node-days");
            keys.add("failures." + name + ".rate-per-component-hour");
        }
        keys.add("failures.mix");
        return keys;
    }

    static FailureSpec failures(ConfigReader in, Fleet fleet) {
        if (!in.has("failures")) {
            return FailureSpec.none();
        }
        // node-days count the scenario's own nodes: every datacenter's, whatever its chips per node
        long chips = fleet.chips();
        long nodes = fleet.datacenters().stream().mapToLong(dc -> dc.cluster().nodes()).sum();
        double chipsPerNode = (double) chips / nodes;
        in.read("failures.rate-per-1000-node-days").refuseWithExcluded();
        Double per1000NodeDays = null;
        // the rates' range is checked on the rate per 1,000 node-days, which either gives
        if (in.has("failures.rate-per-chip-hour")) {
            per1000NodeDays = in.readUnranged("failures.rate-per-chip-hour").number() * 1000 * 24 * chipsPerNode;
        } else if (in.has("failures.rate-per-1000-node-days")) {
            per1000NodeDays = in.readUnranged("failures.rate-per-1000-node-days").number();
        }
        if (per1000NodeDays != null && !(per1000NodeDays >= 0)) {
            throw in.error(in.has("failures.rate-per-chip-hour") ? "failures.rate-per-chip-hour"
                    : "failures.rate-per-1000-node-days", "must be >= 0");
        }
        List<FailureClass> classes = new ArrayList<>();
        String mix = in.read("failures.mix").raw(); // a wrong mix is explained below
        if (mix.equals("llama3")) {
            if (in.has("failures.cause")) {
                throw in.error("failures.cause", "a mix names its own causes; cause goes with a single rate only");
            }
            // without a rate: Llama 3's rate per chip (chip-level causes) and per node (the host);
            // with one: scaled so the scenario's own nodes fail at that rate
            classes.addAll(per1000NodeDays != null ? FailureSpec.llama3Classes(per1000NodeDays, chips, nodes)
                    : FailureSpec.llama3Classes());
        } else if (!mix.equals("none")) {
            throw in.error("failures.mix", "unknown mix \"" + mix + "\"; expected llama3 or none");
        } else if (per1000NodeDays != null) {
            double perChipHour = in.has("failures.rate-per-chip-hour") ? in.readUnranged("failures.rate-per-chip-hour").number()
                    : per1000NodeDays / 1000 / 24 / chipsPerNode;
            if (perChipHour > 0) {
                classes.add(new FailureClass(in.read("failures.cause").text(), Scope.CHIP, 1, perChipHour,
                        Lifetime.EXPONENTIAL, Effect.REPLACE_NODE, null));
            }
        }
        RepairTime defaultRepair = FailureClassReader.repair(in, "failures.", null);
        for (String name : FailureSpec.CLASS_NAMES) {
            String prefix = "failures." + name + ".";
            if (!in.has("failures." + name)) {
                continue;
            }
            int index = -1;
            for (int i = 0; i < classes.size(); i++) {
                if (classes.get(i).cause().equals(name)) {
                    index = i;
                }
            }
            FailureClass c = index >= 0 ? classes.get(index) : FailureClassReader.newClass(in, name);
            RepairTime repair = FailureClassReader.repair(in, prefix, defaultRepair);
            if (repair != null) {
                c = c.withRepair(repair);
            }
            c = FailureClassReader.classOverrides(in, prefix, c, chipsPerNode, fleet);
            if (index >= 0) {
                classes.set(index, c);
            } else {
                classes.add(c);
            }
        }
        if (defaultRepair != null) {
            classes.replaceAll(c -> c.repair() == null ? c.withRepair(defaultRepair) : c);
        }
        FailureSpec.Spares spares = FailureSpec.Spares.UNLIMITED;
        if (in.has("failures.spares")) {
            String policy = in.read("failures.spares.when-exhausted").word();
            int perDc = sparePool(in, fleet);
            spares = new FailureSpec.Spares(perDc, policy.equals("shrink"));
            for (FailureClass c : classes) {
                if (perDc >= 0 && c.effect() == Effect.REPLACE_NODE && c.ratePerComponentHour() > 0 && c.repair() == null) {
                    // a per-class key exists only for the named classes, not for a cause such as "hardware"
                    String perClass = FailureSpec.CLASS_NAMES.contains(c.cause())
                            ? " (or for this class, failures." + c.cause() + ".repair-median)" : "";
                    throw in.error("failures.spares", "with a limited spare pool failed nodes must come back from repair:"
                            + " give failures.repair-median and failures.repair-sigma" + perClass);
                }
            }
        }
        FailureSpec.Maintenance maintenance = null;
        if (in.has("failures.maintenance")) {
            maintenance = Sections.section(in, "failures.maintenance", () -> new FailureSpec.Maintenance(
                    in.readUnranged("failures.maintenance.interval").number(),
                    in.readUnranged("failures.maintenance.duration").number()));
            if (maintenance.durationSeconds() >= maintenance.meanIntervalSeconds()) {
                throw in.error("failures.maintenance.duration", "a stop as long as the time between stops ("
                        + Sections.duration(maintenance.meanIntervalSeconds()) + ") leaves no time to train; give a shorter"
                        + " duration or a longer interval");
            }
        }
        if (classes.isEmpty() && maintenance == null) {
            throw in.error("failures", "no failure rate: give rate-per-1000-node-days or rate-per-chip-hour, mix = llama3,"
                    + " or a class (e.g. failures.accelerator.rate-per-1000-node-days)");
        }
        // FailureSpec and its Maintenance check the ranges of the times, naming the field
        return new FailureSpec(classes, in.readUnranged("failures.detection").number(),
                in.readUnranged("failures.restart").number(), spares, maintenance);
    }

    /**
     * The default spare pool, {@code failures.spares.per-datacenter} (-1: none, unlimited), under
     * one rule: it is the pool of every datacenter that does not give its own {@code hot-spare-nodes}.
     * So it may not be left applying to no datacenter, nor contradict the one datacenter's own pool
     * in the single-site form (where both keys name the same pool), and {@code failures.spares}
     * needs a limited pool somewhere.
     */
    static int sparePool(ConfigReader in, Fleet fleet) {
        long own = fleet.datacenters().stream().filter(dc -> dc.hotSpareNodes() >= 0).count();
        if (!in.has("failures.spares.per-datacenter")) {
            if (own == 0) {
                throw in.error("failures.spares", "no spare pool: give failures.spares.per-datacenter (the pool of every"
                        + " datacenter) or hot-spare-nodes (one datacenter's own)");
            }
            return -1;
        }
        int perDc = in.read("failures.spares.per-datacenter").integer();
        if (own == fleet.datacenters().size()) {
            if (!in.has("fleet.datacenters")) {
                int pool = fleet.datacenters().get(0).hotSpareNodes();
                if (pool != perDc) {
                    throw in.error("fleet.hot-spare-nodes", pool + " differs from failures.spares.per-datacenter (" + perDc
                            + "): both are this datacenter's spare pool; give it once");
                }
            } else {
                throw in.error("failures.spares.per-datacenter", "applies to no datacenter: every one of fleet.datacenters"
                        + " gives its own hot-spare-nodes; remove it (failures.spares.when-exhausted still applies)");
            }
        }
        return perDc;
    }
}
