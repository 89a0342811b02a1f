package io.clustersim.topology;

import java.util.Map;

/**
 * How many general-purpose compute units (NVIDIA SMs, AMD CUs) a chip has, for the one question the
 * step model asks of them: what share of the chip a communication kernel running beside compute
 * takes. NCCL collectives and expert dispatchers (DeepEP) run as kernels on SMs, so while they
 * overlap a GEMM the GEMM has the rest; chips whose collectives run on dedicated engines (TPU ICI
 * DMA, Trainium collective engines, Gaudi's on-die RoCE engines) report 0 — their communication
 * takes no compute units.
 *
 * <p>Catalog facts, by preset id, with the family's value for chips not in the table (a what-if
 * variant of a preset keeps its family's count):
 * <ul>
 *   <li>A100: 108 SMs (NVIDIA A100 Tensor Core GPU Architecture whitepaper, 2020).</li>
 *   <li>H100 SXM5, H800, H200: 132 SMs (NVIDIA H100 Tensor Core GPU Architecture whitepaper, 2022;
 *       DeepSeek-V3 report, arXiv 2412.19437 §3.2.2, "20 SMs out of 132" on H800).</li>
 *   <li>B200, GB200: 148 SMs (74 enabled per die of two; Chips and Cheese, "Nvidia's B200: Keeping
 *       the CUDA Juggernaut Rolling", 2025).</li>
 *   <li>B300, GB300 (Blackwell Ultra): 160 SMs (NVIDIA technical blog "Inside NVIDIA Blackwell Ultra",
 *       Aug 2025).</li>
 *   <li>MI300X: 304 CUs, MI355X: 256 CUs (AMD CDNA 3 and CDNA 4 architecture whitepapers).</li>
 * </ul>
 *
 * <pre>{@code
 * int sms = ComputeUnits.of(ChipCatalog.standard().require("h100-sxm")); // 132
 * }</pre>
 */
public final class ComputeUnits {

    private ComputeUnits() {
    }

    private static final Map<String, Integer> BY_ID = Map.ofEntries(
            Map.entry("a100-80gb-sxm", 108),
            Map.entry("h100-sxm", 132), Map.entry("h800-sxm", 132), Map.entry("h200-sxm", 132),
            Map.entry("b200", 148), Map.entry("gb200-nvl72", 148),
            Map.entry("b300", 160), Map.entry("gb300-nvl72", 160),
            Map.entry("mi300x", 304), Map.entry("mi355x", 256));

    /** Compute units of {@code chip}: its preset's count, else its family's; 0 when collectives take none. */
    public static int of(ChipSpec chip) {
        Integer n = BY_ID.get(chip.id());
        return n != null ? n : ofFamily(chip.family());
    }

    /**
     * The family's count (its first preset's), 0 for families whose collectives run on dedicated
     * engines — and for {@code OTHER}: a custom chip of an unknown family is priced as if its
     * collectives took no compute units (no SM share, no contention; only their HBM traffic).
     */
    public static int ofFamily(ChipFamily family) {
        return switch (family) {
            case NVIDIA_AMPERE -> 108;
            case NVIDIA_HOPPER -> 132;
            case NVIDIA_BLACKWELL -> 148;
            case NVIDIA_BLACKWELL_ULTRA -> 160;
            case AMD_CDNA3 -> 304;
            default -> 0;
        };
    }
}
