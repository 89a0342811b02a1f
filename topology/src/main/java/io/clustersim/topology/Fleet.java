package io.clustersim.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The whole fleet of a training job: one or more datacenters, and the WAN links between them.
 * A fleet of one datacenter is what a single-site scenario describes.
 *
 * <pre>{@code
 * Fleet fleet = new Fleet(List.of(iowa, texas), List.of(WanLink.overFibre("iowa", "texas", 400e12, 1_300)));
 * long chips = fleet.chips();
 * double seconds = fleet.routes().allReduceSeconds(2 * 405e9, 0.8); // gradients of 405B in bf16
 * }</pre>
 *
 * @param datacenters the sites, in the order the scenario lists them (pipeline stages follow it)
 * @param links       WAN links between them; more than one site needs them to be connected
 */
public record Fleet(List<Datacenter> datacenters, List<WanLink> links) {

    public Fleet {
        datacenters = List.copyOf(datacenters);
        links = List.copyOf(links);
        if (datacenters.isEmpty()) {
            throw new IllegalArgumentException("a fleet needs at least one datacenter");
        }
        Set<String> names = new java.util.LinkedHashSet<>();
        for (Datacenter dc : datacenters) {
            if (!names.add(dc.name())) {
                throw new IllegalArgumentException("two datacenters are named \"" + dc.name() + "\"");
            }
        }
        for (int i = 0; i < links.size(); i++) {
            WanLink l = links.get(i);
            for (String end : List.of(l.a(), l.b())) {
                if (!names.contains(end)) {
                    throw new IllegalArgumentException("WAN link " + l.a() + "–" + l.b() + " names an unknown datacenter \""
                            + end + "\" (known: " + String.join(", ", names) + ")");
                }
            }
            for (int j = 0; j < i; j++) {
                if (links.get(j).joins(l.a(), l.b())) {
                    throw new IllegalArgumentException("two WAN links join " + l.a() + " and " + l.b()
                            + "; give one link with the bundle's total bandwidth");
                }
            }
        }
        if (datacenters.size() > 1) {
            String cut = new WanRoutes(datacenters, links).unreachable();
            if (cut != null) {
                throw new IllegalArgumentException(cut);
            }
        }
    }

    /** A fleet of one datacenter. */
    public static Fleet single(Datacenter dc) {
        return new Fleet(List.of(dc), List.of());
    }

    /** Chips of the job, all datacenters. */
    public long chips() {
        long sum = 0;
        for (Datacenter dc : datacenters) {
            sum += dc.chips();
        }
        return sum;
    }

    /** Whether the fleet spans more than one datacenter. */
    public boolean multiSite() {
        return datacenters.size() > 1;
    }

    /** Datacenter names in order. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (Datacenter dc : datacenters) {
            out.add(dc.name());
        }
        return out;
    }

    /** Index of the datacenter named {@code name}, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < datacenters.size(); i++) {
            if (datacenters.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The fleet's chips, each once, in the order of the datacenters that first have them. */
    public List<ChipSpec> distinctChips() {
        return datacenters.stream().map(dc -> dc.cluster().chip()).distinct().toList();
    }

    /** Whether every datacenter has the same chip (same catalog id and figures). */
    public boolean homogeneous() {
        ChipSpec first = datacenters.get(0).cluster().chip();
        for (Datacenter dc : datacenters) {
            if (!dc.cluster().chip().equals(first)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The fleet seen as one cluster: all chips, with the first datacenter's chip, node and
     * scale-up structure and fabric. For one datacenter, exactly its cluster. Used where only
     * the count matters (failures, chip-hours) and by the pipeline mode (same chip everywhere).
     */
    public ClusterSpec combinedCluster() {
        ClusterSpec first = datacenters.get(0).cluster();
        if (!multiSite()) {
            return first;
        }
        long chips = chips();
        if (chips > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the fleet has " + chips + " chips, more than the simulator counts");
        }
        return new ClusterSpec(first.chip(), (int) chips, first.chipsPerNode(), first.scaleUpDomainChips(), first.scaleOut());
    }

    /** Routes and collective costs over the WAN. */
    public WanRoutes routes() {
        return new WanRoutes(datacenters, links);
    }

    /** The same fleet with other datacenters (same links). */
    public Fleet withDatacenters(List<Datacenter> value) {
        return new Fleet(value, links);
    }

    /** The same fleet with other links. */
    public Fleet withLinks(List<WanLink> value) {
        return new Fleet(datacenters, value);
    }

    /** The datacenter named {@code name} (for callers that take names); unknown names are refused. */
    public Datacenter datacenter(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no datacenter \"" + name + "\"");
        }
        return datacenters.get(i);
    }
}
