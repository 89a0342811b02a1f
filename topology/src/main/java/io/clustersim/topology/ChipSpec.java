package io.clustersim.topology;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

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
 * @param peakFp8FlopsPerSecond       dense FP8 peak (tensor-wise scaling), FLOP/s; 0 when the chip has no FP8
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
 * @param lowPrecisionPeaks           dense peak per format other than BF16, FLOP/s: the formats the
 *                                    chip runs (a format absent here is refused). The constructor
 *                                    without it derives them from the FP8 peak and the family: FP8
 *                                    (current and delayed scaling) wherever there is an FP8 peak,
 *                                    128-element blocks on NVIDIA Hopper and Blackwell, MXFP8 on
 *                                    Blackwell; NVFP4 only where the catalog states it
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
        Set<String> unverifiedFields,
        Map<Precision, Double> lowPrecisionPeaks) {

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
        Map<Precision, Double> peaks = new EnumMap<>(Precision.class);
        if (lowPrecisionPeaks != null) {
            peaks.putAll(lowPrecisionPeaks);
        }
        peaks.remove(Precision.BF16);
        for (Map.Entry<Precision, Double> e : peaks.entrySet()) {
            requirePositive(id, e.getKey().key() + " peak", e.getValue());
        }
        lowPrecisionPeaks = Collections.unmodifiableMap(peaks);
    }

    /** A chip whose low-precision formats follow from its FP8 peak and family (see {@link #lowPrecisionPeaks()}). */
    public ChipSpec(String id, String displayName, ChipFamily family, double peakBf16FlopsPerSecond,
                    double peakFp8FlopsPerSecond, long hbmBytes, double hbmBytesPerSecond, double scaleUpBytesPerSecond,
                    int scaleUpDomainChips, double scaleOutBitsPerSecond, double tdpWatts, String source,
                    Set<String> unverifiedFields) {
        this(id, displayName, family, peakBf16FlopsPerSecond, peakFp8FlopsPerSecond, hbmBytes, hbmBytesPerSecond,
                scaleUpBytesPerSecond, scaleUpDomainChips, scaleOutBitsPerSecond, tdpWatts, source, unverifiedFields,
                derivedPeaks(family, peakFp8FlopsPerSecond, 0));
    }

    /**
     * The formats a chip with this FP8 peak (and NVFP4 peak, 0 for none) runs by default: FP8 with
     * current or delayed scaling wherever there is an FP8 peak; 128-element blocks on NVIDIA Hopper,
     * Blackwell and Blackwell Ultra (FP8 tensor cores with the block scales applied in the epilogue);
     * MXFP8 on Blackwell and Blackwell Ultra (hardware block scaling); NVFP4 when given.
     */
    public static Map<Precision, Double> derivedPeaks(ChipFamily family, double fp8, double nvfp4) {
        Map<Precision, Double> peaks = new EnumMap<>(Precision.class);
        if (fp8 > 0) {
            peaks.put(Precision.FP8, fp8);
            peaks.put(Precision.FP8_DELAYED, fp8);
            boolean blackwell = family == ChipFamily.NVIDIA_BLACKWELL || family == ChipFamily.NVIDIA_BLACKWELL_ULTRA;
            if (family == ChipFamily.NVIDIA_HOPPER || blackwell) {
                peaks.put(Precision.FP8_BLOCK128, fp8);
            }
            if (blackwell) {
                peaks.put(Precision.MXFP8, fp8);
            }
        }
        if (nvfp4 > 0) {
            peaks.put(Precision.NVFP4, nvfp4);
        }
        return peaks;
    }

    // static: called from the compact constructor, before the record's fields are assigned
    private static void requirePositive(String id, String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(id + ": " + field + " must be a positive finite number, was " + value);
        }
    }

    /**
     * Dense peak FLOP/s at the given compute precision.
     *
     * @throws IllegalArgumentException when the chip does not run the format, naming the ones it runs
     */
    public double peakFlopsPerSecond(Precision precision) {
        if (precision == Precision.BF16) {
            return peakBf16FlopsPerSecond;
        }
        Double peak = lowPrecisionPeaks.get(precision);
        if (peak == null) {
            throw new IllegalArgumentException(displayName + " has no " + precision.key() + " peak in the catalog; it runs "
                    + formats().stream().map(Precision::key).collect(Collectors.joining(", ")));
        }
        return peak;
    }

    /** Whether the chip runs matrix multiplications in {@code precision}. */
    public boolean supports(Precision precision) {
        return precision == Precision.BF16 || lowPrecisionPeaks.containsKey(precision);
    }

    /** The formats the chip runs, BF16 first. */
    public Set<Precision> formats() {
        Set<Precision> all = java.util.EnumSet.of(Precision.BF16);
        all.addAll(lowPrecisionPeaks.keySet());
        return all;
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
