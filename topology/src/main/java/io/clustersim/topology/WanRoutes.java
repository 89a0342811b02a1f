package io.clustersim.topology;

import java.util.Arrays;
import java.util.List;

/**
 * Routes between the datacenters of a fleet over its WAN links (least latency), and what
 * collectives and transfers between sites cost over them.
 *
 * <p>An all-reduce across sites takes the cheaper of two schedules, as a collective library
 * would: a <em>ring</em> through all sites (each ring hop routed over the links, hops that share
 * a link in the same direction share its bandwidth; the best ring order is searched for up to
 * seven sites) and a <em>direct</em> reduce-scatter + all-gather (every site sends 1/k of the
 * buffer to every other site at once, which uses every link of a full mesh in both directions).
 * Links are full duplex.
 *
 * <pre>{@code
 * WanRoutes routes = fleet.routes();
 * double seconds = routes.allReduceSeconds(810e9, 0.78); // 405B bf16 gradients, 78% of line rate
 * }</pre>
 *
 * <h2>Maintainer notes</h2>
 * Everything is precomputed per unit of data in the constructor (bandwidth terms in seconds per
 * byte, latency terms in seconds), so a cost is a multiply-add; the fleet has a handful of sites.
 */
public final class WanRoutes {

    private static final int MAX_RING_SEARCH = 7;

    private final int k;
    private final List<WanLink> links;
    /** Least one-way latency between sites, seconds (infinite when unreachable). */
    private final double[][] latency;
    /** Next site on the least-latency route from i to j (-1 when unreachable). */
    private final int[][] next;
    /** Bottleneck bandwidth along the route from i to j, bytes/s. */
    private final double[][] routeBytesPerSecond;
    private final String[] names;
    /** Ring all-reduce: seconds per byte of the buffer and latency; direct schedule likewise. */
    private final double ringSecondsPerByte, ringLatency, directSecondsPerByte, directLatency;

    WanRoutes(List<Datacenter> datacenters, List<WanLink> links) {
        this.k = datacenters.size();
        this.links = List.copyOf(links);
        this.names = new String[k];
        for (int i = 0; i < k; i++) {
            names[i] = datacenters.get(i).name();
        }
        latency = new double[k][k];
        next = new int[k][k];
        int[][] hops = new int[k][k];
        for (int i = 0; i < k; i++) {
            Arrays.fill(latency[i], Double.POSITIVE_INFINITY);
            Arrays.fill(next[i], -1);
            Arrays.fill(hops[i], Integer.MAX_VALUE / 4);
            latency[i][i] = 0;
            next[i][i] = i;
            hops[i][i] = 0;
        }
        for (WanLink l : links) {
            int a = index(l.a()), b = index(l.b());
            if (a < 0 || b < 0) {
                continue;
            }
            latency[a][b] = latency[b][a] = l.latencySeconds();
            next[a][b] = b;
            next[b][a] = a;
            hops[a][b] = hops[b][a] = 1;
        }
        // Floyd–Warshall on latency; ties go to fewer hops.
        for (int m = 0; m < k; m++) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    double via = latency[i][m] + latency[m][j];
                    int viaHops = hops[i][m] + hops[m][j];
                    if (via < latency[i][j] || (via == latency[i][j] && viaHops < hops[i][j] && next[i][m] >= 0)) {
                        latency[i][j] = via;
                        hops[i][j] = viaHops;
                        next[i][j] = next[i][m];
                    }
                }
            }
        }
        routeBytesPerSecond = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double bw = Double.POSITIVE_INFINITY;
                if (i != j && next[i][j] >= 0) {
                    for (int s = i; s != j; s = next[s][j]) {
                        bw = Math.min(bw, link(s, next[s][j]).bytesPerSecond());
                    }
                }
                routeBytesPerSecond[i][j] = bw;
            }
        }
        if (k <= 1 || unreachable() != null) {
            ringSecondsPerByte = ringLatency = directSecondsPerByte = directLatency = 0;
            return;
        }
        // Direct: every ordered pair carries 1/k of the buffer in each of the two phases.
        double[][] load = new double[k][k]; // per directed link (by site pair), pair flows through it
        double maxLat = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                if (i != j) {
                    addPath(load, i, j);
                    maxLat = Math.max(maxLat, latency[i][j]);
                }
            }
        }
        directSecondsPerByte = 2 * worst(load) / k;
        directLatency = 2 * maxLat;
        // Ring: 2(k − 1)/k of the buffer over the slowest hop, 2(k − 1) latency steps.
        double bestPerByte = Double.POSITIVE_INFINITY, bestLatency = 0;
        int[] order = new int[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        do {
            double[][] ringLoad = new double[k][k];
            double hopLat = 0;
            for (int h = 0; h < k; h++) {
                int from = order[h], to = order[(h + 1) % k];
                addPath(ringLoad, from, to);
                hopLat = Math.max(hopLat, latency[from][to]);
            }
            double perByte = 2.0 * (k - 1) / k * worst(ringLoad);
            double lat = 2.0 * (k - 1) * hopLat;
            if (perByte < bestPerByte || (perByte == bestPerByte && lat < bestLatency)) {
                bestPerByte = perByte;
                bestLatency = lat;
            }
        } while (k <= MAX_RING_SEARCH && nextPermutation(order));
        ringSecondsPerByte = bestPerByte;
        ringLatency = bestLatency;
    }

    private int index(String name) {
        for (int i = 0; i < k; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private WanLink link(int a, int b) {
        for (WanLink l : links) {
            if (l.joins(names[a], names[b])) {
                return l;
            }
        }
        throw new IllegalStateException("no link " + names[a] + "–" + names[b]);
    }

    private void addPath(double[][] load, int from, int to) {
        for (int s = from; s != to; s = next[s][to]) {
            load[s][next[s][to]] += 1;
        }
    }

    /** Seconds per byte of the busiest directed link: flows through it over its bandwidth. */
    private double worst(double[][] load) {
        double w = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                if (load[a][b] > 0) {
                    w = Math.max(w, load[a][b] / link(a, b).bytesPerSecond());
                }
            }
        }
        return w;
    }

    /** Next permutation of order[1..] (order[0] stays: rings are rotations). */
    private static boolean nextPermutation(int[] a) {
        int i = a.length - 2;
        while (i >= 1 && a[i] >= a[i + 1]) {
            i--;
        }
        if (i < 1) {
            return false;
        }
        int j = a.length - 1;
        while (a[j] <= a[i]) {
            j--;
        }
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
        for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
            t = a[l];
            a[l] = a[r];
            a[r] = t;
        }
        return true;
    }

    /** Sites. */
    public int sites() {
        return k;
    }

    /** A message naming a datacenter the first cannot reach over the links, or {@code null}. */
    public String unreachable() {
        for (int j = 1; j < k; j++) {
            if (next[0][j] < 0) {
                return "datacenter \"" + names[j] + "\" has no WAN route to \"" + names[0] + "\"; add a link in fleet.wan-links";
            }
        }
        return null;
    }

    /** Least one-way latency from site {@code i} to site {@code j}, seconds. */
    public double latencySeconds(int i, int j) {
        return latency[i][j];
    }

    /** Bottleneck bandwidth of the route from {@code i} to {@code j}, bytes/s (infinite for i = j). */
    public double routeBytesPerSecond(int i, int j) {
        return routeBytesPerSecond[i][j];
    }

    /**
     * All-reduce across the sites of a buffer of {@code bytes} that every site holds, with links
     * reaching {@code efficiency} of their line rate; the cheaper of the ring and the direct
     * schedule. Seconds; 0 for one site.
     */
    public double allReduceSeconds(double bytes, double efficiency) {
        return allReduceBandwidthSeconds(bytes, efficiency) + allReduceLatencySeconds(bytes, efficiency);
    }

    /** The bandwidth part of {@link #allReduceSeconds} (the schedule it picks), seconds. */
    public double allReduceBandwidthSeconds(double bytes, double efficiency) {
        if (k <= 1 || bytes <= 0) {
            return 0;
        }
        return ringCheaper(bytes, efficiency) ? ringSecondsPerByte * bytes / efficiency
                : directSecondsPerByte * bytes / efficiency;
    }

    /** The latency part of {@link #allReduceSeconds} (the schedule it picks), seconds. */
    public double allReduceLatencySeconds(double bytes, double efficiency) {
        if (k <= 1 || bytes <= 0) {
            return 0;
        }
        return ringCheaper(bytes, efficiency) ? ringLatency : directLatency;
    }

    private boolean ringCheaper(double bytes, double efficiency) {
        return ringSecondsPerByte * bytes / efficiency + ringLatency < directSecondsPerByte * bytes / efficiency + directLatency;
    }

    /** Bytes each site sends over the WAN in one all-reduce of {@code bytes} (both schedules): 2(k − 1)/k of it. */
    public double allReduceBytesPerSite(double bytes) {
        return k <= 1 ? 0 : 2.0 * (k - 1) / k * bytes;
    }

    /**
     * Sending {@code bytes} from site {@code i} to site {@code j} over its route at
     * {@code efficiency} of line rate: bandwidth plus one-way latency, seconds.
     */
    public double sendSeconds(int i, int j, double bytes, double efficiency) {
        if (i == j || bytes <= 0) {
            return 0;
        }
        return bytes / (routeBytesPerSecond[i][j] * efficiency) + latency[i][j];
    }
}
