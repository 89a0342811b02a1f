package io.clustersim.topology;

import java.util.Objects;
import java.util.Set;

/**
 * Specification of one accelerator chip: what it can compute, hold and move.
 *
 * <p>All figures are per chip, dense (no sparsity), in SI units: FLOP/s, bytes, bytes per second
 * (for memory and the scale-up links, as vendors quote them), bits per second (for the scale-out
 * NIC, as network vendors quote them) and watts. Bandwidths of the scale-up links are <em>one
 * direction</em>: a vendor's "900 GB/s bidirectional" NVLink is {@code 450e9} here.
 *
 * <pre>{@code
 * ChipSpec h100 = ChipCatalog.standard().require("h100-sxm");
 * double seconds = flops / h100.peakFlopsPerSecond(Precision.BF16);
 * }</pre>
 *
 * @param id                          short catalog key, e.g. {@code "h100-sxm"}
 * @param displayName                 human name, e.g. {@code "NVIDIA H100 SXM5 80GB"}
 * @param family                      calibration family (GEMM efficiency is fitted per family)
 * @param peakBf16FlopsPerSecond      dense BF16 peak, FLOP/s
 * @param peakFp8FlopsPerSecond       dense FP8 peak, FLOP/s; 0 when the chip has no FP8
 * @param hbmBytes                    usable HBM capacity, bytes
 * @param hbmBytesPerSecond           HBM bandwidth, bytes/s
 * @param scaleUpBytesPerSecond       scale-up (NVLink, NeuronLink, ICI, xGMI) bandwidth per chip,
 *                                    one direction, bytes/s
 * @param scaleUpDomainChips          chips in one scale-up domain (8 for HGX, 72 for NVL72, ...)
 * @param scaleOutBitsPerSecond       scale-out NIC bandwidth per chip, one direction, bits/s
 * @param tdpWatts                    thermal design power of the chip, watts
 * @param source                      where the figures come from
 * @param unverifiedFields            names of the record components whose value is secondary or
 *                                    unverified in the source
 */
public record ChipSpec(
        String id,
        String displayName,
        ChipFamily family,
        double peakBf16FlopsPerSecond,
        double peakFp8FlopsPerSecond,
        long hbmBytes,
        double hbmBytesPerSecond,
        double scaleUpBytesPerSecond,
        int scaleUpDomainChips,
        double scaleOutBitsPerSecond,
        double tdpWatts,
        String source,
        Set<String> unverifiedFields) {

    public ChipSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(source, "source");
        unverifiedFields = Set.copyOf(unverifiedFields == null ? Set.of() : unverifiedFields);
        requirePositive(id, "peakBf16FlopsPerSecond", peakBf16FlopsPerSecond);
        if (!(peakFp8FlopsPerSecond >= 0)) {
            throw new IllegalArgumentException(id + ": peakFp8FlopsPerSecond must be >= 0");
        }
        requirePositive(id, "hbmBytes", hbmBytes);
        requirePositive(id, "hbmBytesPerSecond", hbmBytesPerSecond);
        requirePositive(id, "scaleUpBytesPerSecond", scaleUpBytesPerSecond);
        requirePositive(id, "scaleUpDomainChips", scaleUpDomainChips);
        requirePositive(id, "scaleOutBitsPerSecond", scaleOutBitsPerSecond);
        requirePositive(id, "tdpWatts", tdpWatts);
    }

    // static: called from the compact constructor, before the record's fields are assigned
    private static void requirePositive(String id, String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(id + ": " + field + " must be a positive finite number, was " + value);
        }
    }

    /** Dense peak FLOP/s at the given compute precision. */
    public double peakFlopsPerSecond(Precision precision) {
        return switch (precision) {
            case BF16 -> peakBf16FlopsPerSecond;
            case FP8 -> {
                if (peakFp8FlopsPerSecond <= 0) {
                    throw new IllegalArgumentException(displayName + " has no FP8 peak in the catalog");
                }
                yield peakFp8FlopsPerSecond;
            }
        };
    }

    /** Whether {@code field} (a record component name) is marked unverified in the source. */
    public boolean isUnverified(String field) {
        return unverifiedFields.contains(field);
    }

    /** Scale-out bandwidth per chip, one direction, bytes/s. */
    public double scaleOutBytesPerSecond() {
        return scaleOutBitsPerSecond / 8.0;
    }
}
