package io.clustersim.core.model;

import io.clustersim.topology.ChipFamily;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How far the step model's throughput has landed from published measurements, per chip family, for
 * dense and for mixture-of-experts models: the held-out half of every comparison in docs/validation.md
 * — the measured-throughput tables (NeMo/Megatron-Bridge, MaxText, torchtitan), Megatron-LM's and
 * Llama 3's published runs and vTrain's iteration times (as errors of throughput) — which the
 * calibration was not fitted on. Reports state it beside the calibration, so a reader sees how much to
 * trust a step estimate on the chips and model kind of the scenario — and when nothing measured backs
 * it. A custom chip takes the figures of the family it names.
 *
 * <pre>{@code
 * ValidatedAccuracy.Entry moe = ValidatedAccuracy.standard().entry(ChipFamily.NVIDIA_BLACKWELL_ULTRA, ValidatedAccuracy.Kind.MOE);
 * moe.medianAbsError();   // 0.125: half the held-out rows were missed by more
 * moe.describe();         // "NVIDIA_BLACKWELL_ULTRA MoE: 10 held-out measurements (DGX-GB300, DGX-B300), median |error| 12.5%, …"
 * }</pre>
 *
 * <p>Maintainer notes: the figures live in the resource {@value #RESOURCE} next to this class, written by
 * {@code MeasuredValidationTest} when the validation tables are regenerated
 * ({@code -Dclustersim.updateReadme=true}) and checked against them on every test run, so they cannot
 * drift from docs/validation.md. They describe the standard calibration only.
 */
public final class ValidatedAccuracy {

    /** The classpath resource, beside this class, that holds the figures. */
    public static final String RESOURCE = "validated-accuracy.tsv";

    /** The model kinds the measurements are kept apart by (the two issues' statistics). */
    public enum Kind {
        DENSE("dense", 0.12),
        MOE("MoE", 0.15);

        private final String label;
        private final double band;

        Kind(String label, double band) {
            this.label = label;
            this.band = band;
        }

        /** How reports name the kind. */
        public String label() {
            return label;
        }

        /** The error band, a fraction, whose share of rows is stated (±12% dense, ±15% MoE: the validation tables'). */
        public double band() {
            return band;
        }

        /** The kind of {@code model}. */
        public static Kind of(TransformerSpec model) {
            return model.moe() == null ? DENSE : MOE;
        }
    }

    /**
     * One family's and kind's held-out comparison.
     *
     * @param family          the chip family
     * @param kind            dense or mixture-of-experts
     * @param heldOutRows     held-out measurements compared (0: nothing measured backs the estimate)
     * @param medianAbsError  median |simulated / published − 1| of throughput (tokens/s, TFLOP/s or MFU; the
     *                        inverse of iteration time), a fraction (NaN without rows)
     * @param withinBand      share of the rows within ±{@link Kind#band()}, a fraction (NaN without rows)
     * @param largestAbsError the largest |error| among them, a fraction (NaN without rows)
     * @param systems         the published systems or sources of the measurements, comma-separated ("" without rows)
     */
    public record Entry(ChipFamily family, Kind kind, int heldOutRows, double medianAbsError, double withinBand,
                        double largestAbsError, String systems) {

        /** The entry of a family and kind without measured rows. */
        public static Entry none(ChipFamily family, Kind kind) {
            return new Entry(family, kind, 0, Double.NaN, Double.NaN, Double.NaN, "");
        }

        /**
         * The report's sentence, e.g. {@code "NVIDIA_HOPPER MoE: 9 held-out measurements (DGX-H100),
         * median |error| 4.5%, 78% within ±15%, largest 151.0%"}; fewer than
         * {@value #FEW_ROWS} rows add {@code "; too few to judge"}.
         */
        public String describe() {
            if (heldOutRows == 0) {
                return family + " " + kind.label() + ": no held-out measurements, the step estimate is not validated for "
                        + kind.label() + " models on this family";
            }
            return String.format(Locale.ROOT, "%s %s: %d held-out measurement%s (%s), median |error| %.1f%%, "
                            + "%.0f%% within ±%.0f%%, largest %.1f%%%s",
                    family, kind.label(), heldOutRows, heldOutRows == 1 ? "" : "s", systems, 100 * medianAbsError,
                    100 * withinBand, 100 * kind.band(), 100 * largestAbsError, heldOutRows < FEW_ROWS ? "; too few to judge" : "");
        }

        /** Fewer held-out rows than this are reported as too few to judge by (the validation tables' rule of five). */
        public static final int FEW_ROWS = 5;
    }

    private static final ValidatedAccuracy STANDARD = load();

    private final Map<ChipFamily, Map<Kind, Entry>> entries;

    private ValidatedAccuracy(List<Entry> list) {
        Map<ChipFamily, Map<Kind, Entry>> byFamily = new EnumMap<>(ChipFamily.class);
        for (Entry e : list) {
            if (byFamily.computeIfAbsent(e.family(), f -> new EnumMap<>(Kind.class)).put(e.kind(), e) != null) {
                throw new IllegalArgumentException("two entries for " + e.family() + " " + e.kind());
            }
        }
        this.entries = byFamily;
    }

    /** The figures of the standard calibration, read from {@value #RESOURCE}. */
    public static ValidatedAccuracy standard() {
        return STANDARD;
    }

    /** {@code family}'s entry for {@code kind}; {@link Entry#none} where no measured row backs it. */
    public Entry entry(ChipFamily family, Kind kind) {
        return Optional.ofNullable(entries.get(family)).map(m -> m.get(kind)).orElse(Entry.none(family, kind));
    }

    /**
     * The resource's text for {@code list}: a comment naming what made it, a header, then a line per
     * entry (fractions in full, so the report rounds once). {@link #parse} reads it back exactly.
     */
    public static String format(List<Entry> list) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Held-out measurements per chip family and model kind, standard calibration (docs/validation.md).\n")
                .append("# Written by MeasuredValidationTest (-Dclustersim.updateReadme=true); do not edit (docs/validation.md).\n")
                .append("family\tkind\theldOutRows\tmedianAbsError\twithinBand\tlargestAbsError\tsystems\n");
        for (Entry e : list) {
            sb.append(e.family()).append('\t').append(e.kind()).append('\t').append(e.heldOutRows()).append('\t')
                    .append(e.medianAbsError()).append('\t').append(e.withinBand()).append('\t')
                    .append(e.largestAbsError()).append('\t').append(e.systems()).append('\n');
        }
        return sb.toString();
    }

    /** Reads {@link #format}'s text. */
    public static ValidatedAccuracy parse(String text) {
        List<Entry> list = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("family\t")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 7) {
                throw new IllegalArgumentException(RESOURCE + ": 7 tab-separated fields expected: " + line);
            }
            list.add(new Entry(ChipFamily.valueOf(f[0]), Kind.valueOf(f[1]), Integer.parseInt(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), f[6]));
        }
        return new ValidatedAccuracy(list);
    }

    private static ValidatedAccuracy load() {
        try (InputStream in = ValidatedAccuracy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE + " beside " + ValidatedAccuracy.class.getName());
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
