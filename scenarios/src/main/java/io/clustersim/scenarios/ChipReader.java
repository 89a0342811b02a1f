package io.clustersim.scenarios;

import io.clustersim.topology.ChipFamily;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.Precision;

import io.clustersim.scenarios.keys.ScenarioKey;

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
            name = in.read(overrides + "name").text();
            unverified.add("displayName");
        } else if (base == null) {
            throw in.error(overrides + "name", "missing; a custom chip (chip = custom) needs every field");
        } else {
            name = base.displayName() + " (modified)";
        }
        boolean custom = base == null;
        String o = overrides;
        double bf16 = override(in, o + "bf16-flops", "peakBf16FlopsPerSecond", custom ? null : base.peakBf16FlopsPerSecond(),
                unverified);
        double fp8 = override(in, o + "fp8-flops", "peakFp8FlopsPerSecond", custom ? 0.0 : base.peakFp8FlopsPerSecond(),
                unverified);
        double hbm = override(in, o + "hbm", "hbmBytes", custom ? null : (double) base.hbmBytes(), unverified);
        double hbmBandwidth = override(in, o + "hbm-bandwidth", "hbmBytesPerSecond", custom ? null : base.hbmBytesPerSecond(),
                unverified);
        double up = override(in, o + "scale-up-bandwidth", "scaleUpBytesPerSecond",
                custom ? null : base.scaleUpBytesPerSecond(), unverified);
        double domain = override(in, o + "scale-up-domain", "scaleUpDomainChips",
                custom ? null : (double) base.scaleUpDomainChips(), unverified);
        double out = override(in, o + "scale-out-bandwidth", "scaleOutBitsPerSecond",
                custom ? null : base.scaleOutBitsPerSecond(), unverified);
        double tdp = override(in, o + "tdp", "tdpWatts", custom ? null : base.tdpWatts(), unverified);
        ChipFamily family = in.read(o + "family").choice(ChipFamily.class, custom ? ChipFamily.OTHER : base.family());
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

    /**
     * The overridden value of one chip field (its kind, unit and range declared in the registry: only
     * the FP8 peak may be 0), or {@code current}; a custom chip has no current value.
     */
    static double override(ConfigReader in, String path, String component, Double current, Set<String> unverified) {
        if (in.has(path)) {
            unverified.add(component);
            KeyRead key = in.read(path);
            return key.declaration().type() == ScenarioKey.Type.INTEGER ? key.integer() : key.number();
        }
        if (current == null) {
            throw in.error(path, "missing; a custom chip (chip = custom) needs every field");
        }
        return current;
    }
}
