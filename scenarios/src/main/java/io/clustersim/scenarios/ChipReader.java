package io.clustersim.scenarios;

import io.clustersim.topology.ChipFamily;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.Precision;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code chip-overrides}: catalog chip fields replaced in the scenario (marked unverified), or a
 * chip defined entirely there ({@code chip = custom}).
 *
 * <pre>{@code
 * ChipSpec chip = ChipReader.chipOverrides(in, catalogChip, "fleet.chip-overrides.");
 * }</pre>
 */
final class ChipReader {

    private ChipReader() {
    }

    /**
     * A catalog chip with some fields replaced, or (base {@code null}, {@code chip = custom}) a chip
     * defined entirely in the scenario. Every field set here is marked unverified.
     */
    static ChipSpec chipOverrides(ConfigReader in, ChipSpec base, String overrides) {
        Set<String> unverified = new TreeSet<>(base == null ? Set.of() : base.unverifiedFields());
        String name;
        if (in.has(overrides + "name")) {
            name = in.string(overrides + "name");
            unverified.add("displayName");
        } else if (base == null) {
            throw in.error(overrides + "name", "missing; a custom chip (chip = custom) needs every field");
        } else {
            name = base.displayName() + " (modified)";
        }
        boolean custom = base == null;
        double bf16 = override(in, overrides + "bf16-flops", "peakBf16FlopsPerSecond", custom ? null : base.peakBf16FlopsPerSecond(),
                in::number, unverified);
        double fp8 = override(in, overrides + "fp8-flops", "peakFp8FlopsPerSecond", custom ? 0.0 : base.peakFp8FlopsPerSecond(),
                in::number, unverified);
        double hbm = override(in, overrides + "hbm", "hbmBytes", custom ? null : (double) base.hbmBytes(), in::bytes, unverified);
        double hbmBandwidth = override(in, overrides + "hbm-bandwidth", "hbmBytesPerSecond", custom ? null : base.hbmBytesPerSecond(),
                in::bytesPerSecond, unverified);
        double up = override(in, overrides + "scale-up-bandwidth", "scaleUpBytesPerSecond",
                custom ? null : base.scaleUpBytesPerSecond(), in::bytesPerSecond, unverified);
        double domain = override(in, overrides + "scale-up-domain", "scaleUpDomainChips",
                custom ? null : (double) base.scaleUpDomainChips(), in::integer, unverified);
        double out = override(in, overrides + "scale-out-bandwidth", "scaleOutBitsPerSecond",
                custom ? null : base.scaleOutBitsPerSecond(), in::bitsPerSecond, unverified);
        double tdp = override(in, overrides + "tdp", "tdpWatts", custom ? null : base.tdpWatts(), in::watts, unverified);
        ChipFamily family = in.enumValue(overrides + "family", ChipFamily.class, custom ? ChipFamily.OTHER : base.family());
        try {
            // the catalog chip's formats stay unless the FP8 peak or the family is overridden
            java.util.Map<Precision, Double> formats = !custom && !in.has(overrides + "fp8-flops") && !in.has(overrides + "family")
                    ? base.lowPrecisionPeaks() : ChipSpec.derivedPeaks(family, fp8, 0);
            return new ChipSpec(custom ? "custom" : base.id(), name, family, bf16, fp8, Math.round(hbm), hbmBandwidth, up,
                    (int) domain, out, tdp, custom ? "defined in the scenario" : base.source() + "; overridden in the scenario",
                    unverified, formats);
        } catch (IllegalArgumentException e) {
            throw in.error(overrides.substring(0, overrides.length() - 1), e.getMessage());
        }
    }

    /** The overridden value of one chip field, or {@code current}; a custom chip has no current value. */
    static double override(ConfigReader in, String path, String component, Double current,
                                   java.util.function.ToDoubleFunction<String> read, Set<String> unverified) {
        if (in.has(path)) {
            unverified.add(component);
            double v = read.applyAsDouble(path);
            // only the FP8 peak may be 0 (no FP8 units)
            boolean zeroAllowed = component.equals("peakFp8FlopsPerSecond");
            if (!(zeroAllowed ? v >= 0 : v > 0) || Double.isInfinite(v)) {
                throw in.error(path, "must be " + (zeroAllowed ? ">= 0" : "> 0") + ", was " + in.string(path));
            }
            return v;
        }
        if (current == null) {
            throw in.error(path, "missing; a custom chip (chip = custom) needs every field");
        }
        return current;
    }
}
