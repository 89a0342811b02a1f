package io.clustersim.core.model;

import io.clustersim.topology.ChipFamily;
import io.clustersim.topology.ChipSpec;

import java.util.Set;

/**
 * Bandwidth between an accelerator and its host's memory, one direction, bytes/s: what activation
 * offloading moves data over.
 *
 * <pre>{@code
 * double bw = HostLink.bytesPerSecond(ChipCatalog.standard().require("gb200-nvl72")); // 2.25e11
 * }</pre>
 *
 * <ul>
 *   <li>Grace-coupled chips (GB200, GB300, GH200): NVLink-C2C, 900 GB/s between the Grace CPU and
 *       its GPUs (NVIDIA GB200 NVL72 and Grace Hopper datasheets) — for GB200/GB300 shared by two
 *       GPUs: 450 GB/s each, 225 GB/s each way.</li>
 *   <li>Ampere (A100): PCIe Gen4 x16, 32 GB/s each way.</li>
 *   <li>Everything else: PCIe Gen5 x16, 64 GB/s each way.</li>
 * </ul>
 * Nominal figures (no efficiency applied): the ChipSpec has no host-link field yet, so the table
 * is keyed by catalog id and family; a custom chip gets PCIe Gen5.
 */
public final class HostLink {

    /** Catalog ids of chips on NVLink-C2C to a Grace CPU. */
    static final Set<String> GRACE_COUPLED = Set.of("gb200-nvl72", "gb300-nvl72", "gh200");
    static final double C2C_PER_GPU_ONE_WAY = 225e9;
    static final double PCIE_GEN4_X16_ONE_WAY = 32e9;
    static final double PCIE_GEN5_X16_ONE_WAY = 64e9;

    private HostLink() {
    }

    /** One-direction bandwidth to host memory of {@code chip}, bytes/s. */
    public static double bytesPerSecond(ChipSpec chip) {
        if (GRACE_COUPLED.contains(chip.id())) {
            return C2C_PER_GPU_ONE_WAY;
        }
        return chip.family() == ChipFamily.NVIDIA_AMPERE ? PCIE_GEN4_X16_ONE_WAY : PCIE_GEN5_X16_ONE_WAY;
    }
}
