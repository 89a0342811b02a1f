package io.clustersim.topology;

import java.util.Objects;

/**
 * One site of a fleet: its chips and their fabric ({@link ClusterSpec}: chip, node and scale-up
 * structure, rail-optimised scale-out with spine oversubscription above a pod), its power budget
 * and the hot spare nodes it keeps.
 *
 * <pre>{@code
 * ChipSpec gb200 = ChipCatalog.standard().require("gb200-nvl72");
 * ClusterSpec chips = new ClusterSpec(gb200, 100_008, 72, 72, new ScaleOutFabric(800e9, 1e-6, 8_064, 2));
 * Datacenter abilene = new Datacenter("abilene", chips, new PowerSpec(300e6, 1.2, 500, 1.0), 576);
 * }</pre>
 *
 * @param name      unique name in the fleet
 * @param cluster   the chips the job runs on, and their fabric
 * @param power     power budget, PUE and server overhead
 * @param hotSpareNodes spare servers kept powered and ready to replace failed ones (not part of the job)
 */
public record Datacenter(String name, ClusterSpec cluster, PowerSpec power, int hotSpareNodes) {

    public Datacenter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(power, "power");
        if (name.isBlank()) {
            throw new IllegalArgumentException("datacenter name must not be blank");
        }
        if (hotSpareNodes < 0) {
            throw new IllegalArgumentException("hot spare nodes must be >= 0, was " + hotSpareNodes);
        }
    }

    /** A datacenter with default power (no budget) and no spares. */
    public static Datacenter of(String name, ClusterSpec cluster) {
        return new Datacenter(name, cluster, PowerSpec.defaults(cluster.chip()), 0);
    }

    /** Chips of the job here. */
    public int chips() {
        return cluster.chips();
    }

    /** Chips in the hot spare nodes. */
    public long spareChips() {
        return (long) hotSpareNodes * cluster.chipsPerNode();
    }

    /** Facility power the job's chips and the hot spares need when provisioned at TDP, watts. */
    public double provisionedWatts() {
        return (cluster.chips() + (double) spareChips()) * power.provisionedWattsPerChip(cluster.chip());
    }

    /** Facility power the job's chips draw on average while training, watts. */
    public double averageWatts() {
        return cluster.chips() * power.averageWattsPerChip(cluster.chip());
    }

    /**
     * What is wrong with the power budget, or {@code null} when the chips and spares fit in it.
     * Names the shortfall and the most chips that would fit.
     */
    public String powerShortfall() {
        if (!power.hasBudget() || provisionedWatts() <= power.budgetWatts() * (1 + 1e-12)) {
            return null;
        }
        double perChip = power.provisionedWattsPerChip(cluster.chip());
        long fit = Math.max(0, power.maxChips(cluster.chip()) - spareChips());
        return String.format(java.util.Locale.ROOT,
                "%,d chips%s need %.1f MW ((%.0f W TDP + %.0f W server) × PUE %.2f = %.0f W per chip) but the budget is "
                        + "%.1f MW: %.1f MW short; at most %,d chips fit",
                cluster.chips(), hotSpareNodes > 0 ? String.format(java.util.Locale.ROOT, " and %,d hot spare nodes (%,d chips)",
                        hotSpareNodes, spareChips()) : "",
                provisionedWatts() / 1e6, cluster.chip().tdpWatts(), power.serverOverheadWattsPerChip(), power.pue(),
                perChip, power.budgetWatts() / 1e6, (provisionedWatts() - power.budgetWatts()) / 1e6, fit);
    }

    /** The same datacenter with another number of job chips (same chip, nodes, fabric, power, spares). */
    public Datacenter withChips(int chips) {
        ClusterSpec c = cluster;
        return new Datacenter(name, new ClusterSpec(c.chip(), chips, c.chipsPerNode(), c.scaleUpDomainChips(), c.scaleOut()),
                power, hotSpareNodes);
    }
}
