package io.clustersim.core.run;

import io.clustersim.topology.ClusterSpec;

import java.util.List;
import java.util.Objects;

/**
 * The datacenters and WAN links of a fleet as the run model sees them: what each site holds, its
 * own spare pool, how its links fail, what the job does when a site or a link is lost, and how fast
 * the job runs on part of the fleet. A layout of one site and no links is the single-site run
 * model exactly.
 *
 * <pre>{@code
 * FleetLayout layout = new FleetLayout(
 *         List.of(new FleetLayout.Site("iowa", 65_536, 8_192, 64), new FleetLayout.Site("texas", 65_536, 8_192, 64)),
 *         List.of(new FleetLayout.Link("iowa–texas", 0, 1, 2.0 / 8766, new FailureClass.RepairTime(6 * 3600, 0.5))),
 *         FleetLayout.SiteLossPolicy.CONTINUE, (sites, links) -> Long.bitCount(sites) / 2.0);
 * }</pre>
 *
 * @param sites      the datacenters, in fleet order
 * @param links      the WAN links between them
 * @param policy     what the job does when a datacenter or a link is lost
 * @param throughput the job's throughput on part of the fleet over its throughput on all of it
 */
public record FleetLayout(List<Site> sites, List<Link> links, SiteLossPolicy policy, SiteThroughput throughput) {

    /** Most sites and links a layout may have (they are kept in bit masks). */
    public static final int MAX = 62;

    /**
     * One datacenter.
     *
     * @param name       its name (for causes and reports)
     * @param chips      chips of the job there
     * @param nodes      nodes of the job there
     * @param spareNodes its own hot spare pool; negative: the fleet-wide {@link FailureSpec.Spares}
     */
    public record Site(String name, long chips, long nodes, int spareNodes) {
        public Site {
            Objects.requireNonNull(name, "name");
            if (chips <= 0 || nodes <= 0) {
                throw new IllegalArgumentException("a site needs chips and nodes");
            }
        }
    }

    /**
     * One WAN link, which fibre cuts take down for a repair time.
     *
     * @param name        name (for reports)
     * @param a           index of one end
     * @param b           index of the other end
     * @param cutsPerHour cuts per hour while up (0: never)
     * @param repair      time to repair a cut (lognormal); needed when it can be cut
     */
    public record Link(String name, int a, int b, double cutsPerHour, FailureClass.RepairTime repair) {
        public Link {
            Objects.requireNonNull(name, "name");
            if (!(cutsPerHour >= 0) || Double.isInfinite(cutsPerHour)) {
                throw new IllegalArgumentException("link cut rate must be >= 0, was " + cutsPerHour);
            }
            if (cutsPerHour > 0 && repair == null) {
                throw new IllegalArgumentException(name + ": a link that can be cut needs a repair time");
            }
        }
    }

    /** What the job does when a datacenter loses power or a WAN cut splits the fleet. */
    public enum SiteLossPolicy {
        /** stop and wait until the whole fleet is back and connected */
        WAIT,
        /** restart at once on the best connected part of the fleet that can run, fewer replicas,
         *  the step re-evaluated; take the lost part back at a planned stop when it returns */
        CONTINUE
    }

    /** Throughput of the job on part of the fleet, over the whole fleet's. */
    @FunctionalInterface
    public interface SiteThroughput {
        /**
         * @param siteMask bit i set: site i is in the job
         * @param linkMask bit l set: link l is up
         * @return tokens per second on those sites over those links, over the full fleet's; 0
         *         when the job cannot run there
         */
        double ratio(long siteMask, long linkMask);
    }

    public FleetLayout {
        sites = List.copyOf(sites);
        links = List.copyOf(links);
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(throughput, "throughput");
        if (sites.isEmpty() || sites.size() > MAX || links.size() > MAX) {
            throw new IllegalArgumentException("a fleet layout needs 1 to " + MAX + " sites and at most " + MAX + " links");
        }
        for (Link l : links) {
            if (l.a() < 0 || l.b() < 0 || l.a() >= sites.size() || l.b() >= sites.size() || l.a() == l.b()) {
                throw new IllegalArgumentException("link " + l.name() + " joins unknown sites");
            }
        }
    }

    /** One site holding {@code cluster}: the single-site run model. */
    public static FleetLayout single(ClusterSpec cluster) {
        return new FleetLayout(List.of(new Site("dc1", cluster.chips(), cluster.nodes(), -1)), List.of(),
                SiteLossPolicy.WAIT, (s, l) -> 1.0);
    }

    /** Whether there is more than one site. */
    public boolean multiSite() {
        return sites.size() > 1;
    }

    /** Chips of all sites. */
    public long chips() {
        long sum = 0;
        for (Site s : sites) {
            sum += s.chips();
        }
        return sum;
    }

    /** Nodes of all sites. */
    public long nodes() {
        long sum = 0;
        for (Site s : sites) {
            sum += s.nodes();
        }
        return sum;
    }

    /** All sites, as a mask. */
    public long allSites() {
        return (1L << sites.size()) - 1;
    }

    /** All links, as a mask. */
    public long allLinks() {
        return links.isEmpty() ? 0 : (1L << links.size()) - 1;
    }

    /** Links cut per hour, all links, while up. */
    public double cutsPerHour() {
        double sum = 0;
        for (Link l : links) {
            sum += l.cutsPerHour();
        }
        return sum;
    }
}
