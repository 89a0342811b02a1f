package io.clustersim.topology;

import java.util.Objects;

/**
 * A homogeneous cluster of one datacenter: which chip, how many, how they are grouped in nodes and
 * scale-up domains, and the scale-out fabric between the domains.
 *
 * <pre>{@code
 * ChipSpec h100 = ChipCatalog.standard().require("h100-sxm");
 * ClusterSpec cluster = new ClusterSpec(h100, 16_384, 8, 8, ScaleOutFabric.nonBlocking(h100, 16_384));
 * int nodes = cluster.nodes(); // 2,048
 * }</pre>
 *
 * @param chip               the accelerator
 * @param chips              total chips
 * @param chipsPerNode       chips per server (the unit that fails and is replaced as a whole)
 * @param scaleUpDomainChips chips in one scale-up domain (defaults to the chip's own)
 * @param scaleOut           the scale-out fabric
 */
public record ClusterSpec(ChipSpec chip, int chips, int chipsPerNode, int scaleUpDomainChips, ScaleOutFabric scaleOut) {

    public ClusterSpec {
        Objects.requireNonNull(chip, "chip");
        Objects.requireNonNull(scaleOut, "scaleOut");
        if (chips <= 0) {
            throw new IllegalArgumentException("chips must be > 0, was " + chips);
        }
        if (chipsPerNode <= 0 || chips % chipsPerNode != 0) {
            throw new IllegalArgumentException(
                    "chips (" + chips + ") must be a positive multiple of chips-per-node (" + chipsPerNode + ")");
        }
        if (scaleUpDomainChips <= 0) {
            throw new IllegalArgumentException("scale-up domain must be > 0 chips, was " + scaleUpDomainChips);
        }
    }

    /** Number of nodes (servers). */
    public int nodes() {
        return chips / chipsPerNode;
    }

    /** Chips in the scale-up domain actually formed, never more than the cluster has. */
    public int effectiveScaleUpDomainChips() {
        return Math.min(scaleUpDomainChips, chips);
    }
}
