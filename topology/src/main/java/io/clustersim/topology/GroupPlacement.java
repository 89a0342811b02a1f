package io.clustersim.topology;

/**
 * Where the members of one communication group sit, and what their collectives cost over the links
 * they actually cross: the scale-up domain, the scale-out fabric inside a pod (full bisection), and
 * the oversubscribed spine above the pods.
 *
 * <p>A group of {@code size} members is laid out with a {@code stride} between consecutive
 * members (tensor-parallel groups have stride 1; the data-parallel group of a TP 8 plan has
 * stride 8). Collectives are hierarchical, as NCCL's rings and trees behave on rail-optimised
 * fabrics: reduce-scatter inside the scale-up domain, then across domains inside a pod (each
 * member over its own NIC, carrying its shard), then across pods, and back.
 *
 * <pre>{@code
 * GroupPlacement dp = GroupPlacement.of(cluster, 128, 8, 0.8, 0.8);
 * double seconds = dp.allReduceSeconds(2.0e9);
 * }</pre>
 */
public final class GroupPlacement {

    private final int size;
    private final int inDomain;
    private final int domainsInPod;
    private final int pods;
    private final double upBytesPerSecond;
    private final double outBytesPerSecond;
    private final double spineBytesPerSecond;
    private final double upLatencySeconds;
    private final double outLatencySeconds;

    private GroupPlacement(int size, int inDomain, int domainsInPod, int pods, double up, double out, double spine,
                           double upLatency, double outLatency) {
        this.size = size;
        this.inDomain = inDomain;
        this.domainsInPod = domainsInPod;
        this.pods = pods;
        this.upBytesPerSecond = up;
        this.outBytesPerSecond = out;
        this.spineBytesPerSecond = spine;
        this.upLatencySeconds = upLatency;
        this.outLatencySeconds = outLatency;
    }

    /** Latency of one step over the scale-up fabric, seconds (NVLink/NVSwitch class). */
    public static final double SCALE_UP_STEP_LATENCY_SECONDS = 1.0e-6;

    /**
     * Places a group.
     *
     * @param cluster    the cluster
     * @param size       members of the group
     * @param stride     chips between consecutive members
     * @param upEfficiency  achieved fraction of scale-up link bandwidth
     * @param outEfficiency achieved fraction of scale-out (NIC) bandwidth
     */
    public static GroupPlacement of(ClusterSpec cluster, int size, int stride, double upEfficiency, double outEfficiency) {
        int domain = cluster.effectiveScaleUpDomainChips();
        int inDomain = stride >= domain ? 1 : clamp(domain / stride, size);
        int rest = size / inDomain;
        int pod = Math.max(cluster.scaleOut().podChips(), domain);
        long membersPerPod = Math.max(1, pod / Math.max(1, (long) stride));
        int domainsInPod = clamp((int) Math.max(1, membersPerPod / inDomain), rest);
        int pods = Math.max(1, (rest + domainsInPod - 1) / domainsInPod);
        ScaleOutFabric f = cluster.scaleOut();
        double out = f.bytesPerSecondPerChip() * outEfficiency;
        // Leaf-spine-leaf: three switch hops, plus the same again in NICs and software (NCCL).
        double outLatency = 6 * f.hopLatencySeconds();
        return new GroupPlacement(size, inDomain, domainsInPod, pods, cluster.chip().scaleUpBytesPerSecond() * upEfficiency,
                out, out / f.spineOversubscription(), SCALE_UP_STEP_LATENCY_SECONDS, outLatency);
    }

    private static int clamp(int v, int max) {
        return Math.max(1, Math.min(v, max));
    }

    /** Members of the group. */
    public int size() {
        return size;
    }

    /** Members that share one scale-up domain. */
    public int membersPerDomain() {
        return inDomain;
    }

    /** Whether the whole group sits in one scale-up domain. */
    public boolean insideScaleUpDomain() {
        return inDomain == size;
    }

    /** Hierarchical all-reduce of a buffer of {@code bytes} held by every member, seconds. */
    public double allReduceSeconds(double bytes) {
        return 2 * reduceScatterSeconds(bytes);
    }

    /**
     * Hierarchical reduce-scatter of a buffer of {@code bytes} (each member ends with 1/size of
     * it); an all-gather costs the same. Seconds.
     */
    public double reduceScatterSeconds(double bytes) {
        if (size <= 1 || bytes <= 0) {
            return 0;
        }
        double t = level(bytes, inDomain, upBytesPerSecond, upLatencySeconds);
        double shard = bytes / inDomain;
        t += level(shard, domainsInPod, outBytesPerSecond, outLatencySeconds);
        shard /= domainsInPod;
        t += level(shard, pods, spineBytesPerSecond, outLatencySeconds);
        return t;
    }

    /**
     * Fixed cost of one collective beyond its per-step latencies, seconds: NCCL's own cost model
     * ({@code src/graph/tuning.cc}, ring algorithm, Simple protocol: base latency 8.4 µs).
     */
    public static final double COLLECTIVE_BASE_LATENCY_SECONDS = 8.4e-6;

    /**
     * Reduce-scatter (or all-gather) of a buffer of {@code bytes} as NCCL runs it: one flat ring over
     * all members (NCCL has no tree for these two). The bandwidth term is the hierarchical one of
     * {@link #reduceScatterSeconds} (a ring with one channel per NIC moves 1/inDomain of the buffer
     * over each NIC); the latency is an α–β ring's: the base latency plus one step per member —
     * size − domains steps over the scale-up fabric and domains − 1 over scale-out — which is what
     * makes many small per-layer collectives over thousands of ranks slow (NCCL's own model counts
     * the same steps). Seconds.
     */
    public double ringReduceScatterSeconds(double bytes) {
        if (size <= 1 || bytes <= 0) {
            return 0;
        }
        double t = bandwidthTerm(bytes, inDomain, upBytesPerSecond);
        double shard = bytes / inDomain;
        t += bandwidthTerm(shard, domainsInPod, outBytesPerSecond);
        shard /= domainsInPod;
        t += bandwidthTerm(shard, pods, spineBytesPerSecond);
        int domains = size / inDomain;
        return t + COLLECTIVE_BASE_LATENCY_SECONDS + (size - domains) * upLatencySeconds
                + (domains - 1) * outLatencySeconds;
    }

    /** Bytes·(k − 1)/k over the bandwidth of one ring level, seconds. */
    private static double bandwidthTerm(double bytes, int k, double bytesPerSecond) {
        return k <= 1 ? 0 : (double) (k - 1) / k * bytes / bytesPerSecond;
    }

    /**
     * One level: bandwidth as a ring, latency as a tree (NCCL picks trees or recursive halving when
     * a ring's k − 1 latency steps would dominate, as they do for thousands of members).
     */
    private static double level(double bytes, int k, double bytesPerSecond, double latency) {
        if (k <= 1) {
            return 0;
        }
        int steps = 32 - Integer.numberOfLeadingZeros(k - 1); // ceil(log2 k)
        return (double) (k - 1) / k * bytes / bytesPerSecond + steps * latency;
    }

    /**
     * All-to-all in which every member sends {@code bytes} in total, spread evenly over all
     * members: the part for members in its own scale-up domain goes over scale-up, the rest over
     * its NIC (the spine when the group spans pods). Seconds.
     */
    public double allToAllSeconds(double bytes) {
        if (size <= 1 || bytes <= 0) {
            return 0;
        }
        double inside = bytes * (inDomain - 1) / size;
        double outside = bytes * (size - inDomain) / size;
        double outRate = pods > 1 ? spineBytesPerSecond : outBytesPerSecond;
        double latency = outside > 0 ? outLatencySeconds : upLatencySeconds;
        return Math.max(inside / upBytesPerSecond, outside / outRate) + latency;
    }

    /** Scale-up domains the group spans. */
    public int domains() {
        return (size + inDomain - 1) / inDomain;
    }

    /**
     * All-to-all in which every member sends {@code inDomainBytes} to members of its own scale-up
     * domain and {@code outOfDomainBytes} through its NIC (over the spine when the group spans
     * pods), both at once — for senders that decide what crosses the fabric themselves (an MoE
     * dispatch that sends a token once per node and forwards it over NVLink). Seconds.
     */
    public double allToAllSeconds(double inDomainBytes, double outOfDomainBytes) {
        if (size <= 1 || (inDomainBytes <= 0 && outOfDomainBytes <= 0)) {
            return 0;
        }
        double outRate = pods > 1 ? spineBytesPerSecond : outBytesPerSecond;
        double latency = outOfDomainBytes > 0 ? outLatencySeconds : upLatencySeconds;
        return Math.max(Math.max(0, inDomainBytes) / upBytesPerSecond, Math.max(0, outOfDomainBytes) / outRate)
                + latency;
    }

    /**
     * One step of a ring over the group in which every member sends {@code bytes} to the next at
     * once (ring attention's K/V pass): the slowest hop sets the pace — scale-up when the whole
     * group shares one domain, else a NIC (the spine when the group spans pods). Seconds.
     */
    public double ringStepSeconds(double bytes) {
        if (size <= 1 || bytes <= 0) {
            return 0;
        }
        if (insideScaleUpDomain()) {
            return bytes / upBytesPerSecond + upLatencySeconds;
        }
        return bytes / (pods > 1 ? spineBytesPerSecond : outBytesPerSecond) + outLatencySeconds;
    }

    /**
     * A point-to-point send of {@code bytes} to the next member, seconds: over the scale-up links
     * when the whole group shares one domain, else through a NIC — a group that leaves its domain has
     * members whose next one is in another, and in a pipeline every send lies on the step's path.
     */
    public double sendSeconds(double bytes) {
        if (size <= 1 || bytes <= 0) {
            return 0;
        }
        return insideScaleUpDomain() ? bytes / upBytesPerSecond + upLatencySeconds : bytes / outBytesPerSecond + outLatencySeconds;
    }
}
