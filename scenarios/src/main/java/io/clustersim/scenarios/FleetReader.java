package io.clustersim.scenarios;

import io.clustersim.scenarios.keys.ScenarioKeys;
import io.clustersim.core.Scenario;
import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Datacenter;
import io.clustersim.topology.Fleet;
import io.clustersim.topology.PowerSpec;
import io.clustersim.topology.ScaleOutFabric;
import io.clustersim.topology.WanLink;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code fleet.*}: one datacenter from the {@code fleet.*} keys, or the list
 * {@code fleet.datacenters} with its WAN links; each datacenter's chips, fabric, power and spares.
 *
 * <pre>{@code
 * Fleet fleet = FleetReader.fleet(in);
 * }</pre>
 */
final class FleetReader {

    private FleetReader() {
    }

    /**
     * The fleet: one datacenter from the {@code fleet.*} keys, or the list {@code fleet.datacenters}
     * with {@code fleet.wan-links}.
     */
    static Fleet fleet(ConfigReader in) {
        if (!in.has("fleet.datacenters")) {
            if (in.has("fleet.wan-links")) {
                throw in.error("fleet.wan-links", "WAN links join datacenters; list them in fleet.datacenters");
            }
            return Fleet.single(datacenter(in, "fleet.", Scenario.DEFAULT_DATACENTER));
        }
        for (String key : ScenarioKeys.datacenterKeys()) {
            if (in.has("fleet." + key) && !key.startsWith("cost.")) { // fleet.cost prices every datacenter
                throw in.error("fleet." + key, "with fleet.datacenters, give this in each datacenter");
            }
        }
        List<ConfigReader> sites = in.objects("fleet.datacenters");
        if (sites.isEmpty()) {
            throw in.error("fleet.datacenters", "list at least one datacenter");
        }
        List<Datacenter> dcs = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
            ConfigReader dc = sites.get(i);
            dc.rejectUnknownKeys(ScenarioKeys.datacenterKeys());
            String dcName = ScenarioException.printable(dc.read("name").text("dc" + (i + 1)), 200);
            for (Datacenter earlier : dcs) {
                if (earlier.name().equals(dcName)) {
                    throw dc.error("name", "another datacenter is already named \"" + dcName + "\"");
                }
            }
            dcs.add(datacenter(dc, "", dcName));
        }
        List<WanLink> links = new ArrayList<>();
        List<ConfigReader> linkReaders = in.objects("fleet.wan-links");
        for (ConfigReader link : linkReaders) {
            link.rejectUnknownKeys(ScenarioKeys.wanLinkKeys());
            links.add(WanReader.wanLink(link, dcs));
        }
        try {
            return new Fleet(dcs, links);
        } catch (IllegalArgumentException e) {
            throw in.error(linkReaders.isEmpty() ? "fleet.datacenters" : "fleet.wan-links", e.getMessage());
        }
    }

    /** One datacenter from keys under {@code p} ({@code "fleet."} at the root, {@code ""} in a list element). */
    static Datacenter datacenter(ConfigReader in, String p, String defaultName) {
        String id = in.read(p + "chip").text();
        if (id.equals("custom") && !in.has(p + "chip-overrides")) {
            throw in.error(p + "chip", "a custom chip needs every field in " + in.key(p + "chip-overrides")
                    + " (name, bf16-flops, hbm, hbm-bandwidth, scale-up-bandwidth, scale-up-domain, scale-out-bandwidth, tdp)");
        }
        ChipSpec chip = in.has(p + "chip-overrides") && id.equals("custom") ? null
                : ChipCatalog.standard().find(id).orElseThrow(() -> in.error(p + "chip",
                        "unknown chip \"" + id + "\"" + Sections.didYouMean(id, ChipCatalog.standard().ids())
                                + "; `clustersim catalog` lists the known ones, or say chip = custom"
                                + " and give every field in chip-overrides"));
        if (in.has(p + "chip-overrides")) {
            chip = ChipReader.chipOverrides(in, chip, p + "chip-overrides.");
        }
        // ClusterSpec, ScaleOutFabric and PowerSpec check the ranges of what they take, naming the field
        int chips = in.readUnranged(p + "chips").integer();
        int chipsPerNode = in.read(p + "chips-per-node").integer();
        if (in.has(p + "scale-out.pod-chips")) {
            int pod = in.readUnranged(p + "scale-out.pod-chips").integer();
            if (pod > 0 && pod % chipsPerNode != 0) {
                throw in.error(p + "scale-out.pod-chips", "must be a multiple of the node size (" + chipsPerNode
                        + " chips per node): a pod holds whole nodes, was " + pod);
            }
        }
        ChipSpec c = chip;
        ClusterSpec cluster = Sections.section(in, p + "chips", () -> new ClusterSpec(c, chips,
                chipsPerNode,
                in.readUnranged(p + "scale-up-domain").integer(c.scaleUpDomainChips()),
                Sections.section(in, p + "scale-out", () -> new ScaleOutFabric(
                        in.readUnranged(p + "scale-out.bandwidth-per-chip").number(c.scaleOutBitsPerSecond()),
                        in.readUnranged(p + "scale-out.hop-latency").number(),
                        in.readUnranged(p + "scale-out.pod-chips").integer(Math.max(1, chips)),
                        in.readUnranged(p + "scale-out.spine-oversubscription").number()))));
        PowerSpec defaults = PowerSpec.defaults(c);
        PowerSpec power = Sections.section(in, p + "power", () -> new PowerSpec(
                in.readUnranged(p + "power.budget").number(Double.POSITIVE_INFINITY),
                in.readUnranged(p + "power.pue").number(),
                in.readUnranged(p + "power.server-overhead").number(defaults.serverOverheadWattsPerChip()),
                in.readUnranged(p + "power.chip-utilisation").number()));
        int spares = in.read(p + "hot-spare-nodes").integer(-1); // -1: failures.spares.per-datacenter's pool
        String dcName = ScenarioException.printable(in.read(p + "name").text(defaultName), 200); // printed on terminals
        if (dcName.isBlank()) {
            throw in.error(p + "name", "must not be blank");
        }
        return Sections.section(in, p + "hot-spare-nodes", () -> new Datacenter(dcName, cluster, power, spares));
    }
}
