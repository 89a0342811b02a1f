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

    /** Chips per server when a scenario does not say (HGX-class servers). */
    static final int DEFAULT_CHIPS_PER_NODE = 8;

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
            String dcName = ScenarioException.printable(dc.string("name", "dc" + (i + 1)), 200);
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
        String id = in.string(p + "chip");
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
        int chips = in.integer(p + "chips");
        int chipsPerNode = Sections.positive(in, p + "chips-per-node", in.integer(p + "chips-per-node", DEFAULT_CHIPS_PER_NODE));
        if (in.has(p + "scale-out.pod-chips")) {
            int pod = in.integer(p + "scale-out.pod-chips");
            if (pod > 0 && pod % chipsPerNode != 0) {
                throw in.error(p + "scale-out.pod-chips", "must be a multiple of the node size (" + chipsPerNode
                        + " chips per node): a pod holds whole nodes, was " + pod);
            }
        }
        ChipSpec c = chip;
        ClusterSpec cluster = Sections.section(in, p + "chips", () -> new ClusterSpec(c, chips,
                chipsPerNode,
                in.integer(p + "scale-up-domain", c.scaleUpDomainChips()),
                Sections.section(in, p + "scale-out", () -> new ScaleOutFabric(
                        in.has(p + "scale-out.bandwidth-per-chip") ? in.bitsPerSecond(p + "scale-out.bandwidth-per-chip")
                                : c.scaleOutBitsPerSecond(),
                        in.seconds(p + "scale-out.hop-latency", 1.0e-6),
                        in.integer(p + "scale-out.pod-chips", Math.max(1, chips)),
                        in.number(p + "scale-out.spine-oversubscription", 1.0)))));
        PowerSpec defaults = PowerSpec.defaults(c);
        PowerSpec power = Sections.section(in, p + "power", () -> new PowerSpec(
                in.has(p + "power.budget") ? in.watts(p + "power.budget") : Double.POSITIVE_INFINITY,
                in.number(p + "power.pue", defaults.pue()),
                in.has(p + "power.server-overhead") ? in.watts(p + "power.server-overhead")
                        : defaults.serverOverheadWattsPerChip(),
                in.number(p + "power.chip-utilisation", defaults.chipUtilisation())));
        int spares = in.integer(p + "hot-spare-nodes", -1);
        if (in.has(p + "hot-spare-nodes") && spares < 0) {
            throw in.error(p + "hot-spare-nodes", "must be >= 0, was " + spares);
        }
        String dcName = ScenarioException.printable(in.string(p + "name", defaultName), 200); // printed on terminals
        if (dcName.isBlank()) {
            throw in.error(p + "name", "must not be blank");
        }
        return Sections.section(in, p + "hot-spare-nodes", () -> new Datacenter(dcName, cluster, power, spares));
    }
}
