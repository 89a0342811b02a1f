package io.clustersim.topology;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChipCatalogTest {

    private static final List<String> EXPECTED_IDS = List.of(
            "a100-80gb-sxm", "h100-sxm", "h800-sxm", "h200-sxm", "b200", "b300", "gb200-nvl72", "gb300-nvl72",
            "mi300x", "mi355x", "tpu-v4", "tpu-v5e", "tpu-v5p", "tpu-v6e", "tpu7x", "trn1", "trn2", "trn2-ultraserver",
            "trn3", "gaudi3");

    private final ChipCatalog catalog = ChipCatalog.standard();

    @Test
    void presetsAreTheExpectedOnesInDeclarationOrder() {
        assertEquals(EXPECTED_IDS, catalog.all().stream().map(ChipSpec::id).collect(Collectors.toList()));
        assertEquals(EXPECTED_IDS, catalog.ids());
    }

    @Test
    void idsAreUniqueIgnoringCaseAndLowerKebabCase() {
        Set<String> seen = new HashSet<>();
        for (ChipSpec chip : catalog.all()) {
            assertTrue(seen.add(chip.id().toLowerCase(Locale.ROOT)), "duplicate id " + chip.id());
            assertTrue(chip.id().matches("[a-z0-9]+(-[a-z0-9]+)*"), "not lower-kebab-case: " + chip.id());
            assertFalse(chip.displayName().isBlank(), chip.id());
        }
    }

    @Test
    void standardIsStableAndImmutable() {
        assertEquals(catalog, ChipCatalog.standard());
        assertThrows(UnsupportedOperationException.class, () -> catalog.all().add(catalog.require("h100-sxm")));
        assertThrows(UnsupportedOperationException.class, () -> catalog.all().remove(0));
    }

    @Test
    void lookupIsCaseInsensitive() {
        ChipSpec h100 = catalog.require("H100-SXM");
        assertEquals("h100-sxm", h100.id());
        assertSame(h100, catalog.find("h100-sxm").orElseThrow());
        assertSame(h100, catalog.find("H100-Sxm").orElseThrow());
        assertTrue(catalog.find("h100").isEmpty());
    }

    @Test
    void unknownIdMessageNamesTheIdAndListsKnownIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> catalog.require("tpu-v9"));
        assertTrue(e.getMessage().contains("\"tpu-v9\""), e.getMessage());
        for (String id : EXPECTED_IDS) {
            assertTrue(e.getMessage().contains(id), "message should list " + id + ": " + e.getMessage());
        }
    }

    @Test
    void h100Figures() {
        ChipSpec h100 = catalog.require("h100-sxm");
        assertAll(
                () -> assertEquals(ChipFamily.NVIDIA_HOPPER, h100.family()),
                () -> assertEquals(989e12, h100.peakFlopsPerSecond(Precision.BF16)),
                () -> assertEquals(1979e12, h100.peakFlopsPerSecond(Precision.FP8)),
                () -> assertEquals(80_000_000_000L, h100.hbmBytes()),
                () -> assertEquals(3.35e12, h100.hbmBytesPerSecond()),
                () -> assertEquals(450e9, h100.scaleUpBytesPerSecond(), "NVLink4 one direction, not 900"),
                () -> assertEquals(8, h100.scaleUpDomainChips()),
                () -> assertEquals(400e9, h100.scaleOutBitsPerSecond()),
                () -> assertEquals(50e9, h100.scaleOutBytesPerSecond()),
                () -> assertEquals(700, h100.tdpWatts()),
                () -> assertTrue(h100.unverifiedFields().isEmpty()));
    }

    @Test
    void scaleUpIsOneDirection() {
        assertEquals(300e9, catalog.require("a100-80gb-sxm").scaleUpBytesPerSecond());
        assertEquals(200e9, catalog.require("h800-sxm").scaleUpBytesPerSecond());
        assertEquals(900e9, catalog.require("b200").scaleUpBytesPerSecond());
        assertEquals(448e9, catalog.require("mi300x").scaleUpBytesPerSecond());
        assertEquals(600e9, catalog.require("tpu-v5p").scaleUpBytesPerSecond());
        assertEquals(640e9, catalog.require("trn2").scaleUpBytesPerSecond());
        assertEquals(192 * 1024.0 * 1024 * 1024, catalog.require("trn1").scaleUpBytesPerSecond());
    }

    @Test
    void scaleOutIsBitsPerSecond() {
        assertEquals(200e9, catalog.require("a100-80gb-sxm").scaleOutBitsPerSecond());
        assertEquals(400e9, catalog.require("h200-sxm").scaleOutBitsPerSecond());
        assertEquals(800e9, catalog.require("gb300-nvl72").scaleOutBitsPerSecond());
        assertEquals(50e9, catalog.require("tpu-v5p").scaleOutBitsPerSecond());
        assertEquals(600e9, catalog.require("gaudi3").scaleOutBitsPerSecond());
    }

    @Test
    void scaleUpDomains() {
        Map<String, Integer> expected = Map.of("h100-sxm", 8, "gb200-nvl72", 72, "gb300-nvl72", 72,
                "tpu-v4", 4096, "tpu-v5p", 8960, "trn1", 16, "trn2", 16, "trn2-ultraserver", 64);
        expected.forEach((id, chips) -> assertEquals(chips, catalog.require(id).scaleUpDomainChips(), id));
    }

    @Test
    void trn2UltraServerIsTheSameChipWithALargerDomain() {
        ChipSpec instance = catalog.require("trn2");
        ChipSpec ultra = catalog.require("trn2-ultraserver");
        assertEquals(16, instance.scaleUpDomainChips());
        assertEquals(64, ultra.scaleUpDomainChips());
        assertEquals(instance.peakBf16FlopsPerSecond(), ultra.peakBf16FlopsPerSecond());
        assertEquals(instance.peakFp8FlopsPerSecond(), ultra.peakFp8FlopsPerSecond());
        assertEquals(instance.hbmBytes(), ultra.hbmBytes());
        assertEquals(instance.hbmBytesPerSecond(), ultra.hbmBytesPerSecond());
        assertEquals(instance.scaleUpBytesPerSecond(), ultra.scaleUpBytesPerSecond());
        assertEquals(instance.scaleOutBitsPerSecond(), ultra.scaleOutBitsPerSecond());
        assertEquals(instance.tdpWatts(), ultra.tdpWatts());
        assertEquals(instance.unverifiedFields(), ultra.unverifiedFields());
    }

    @Test
    void chipsWithoutFp8RejectAnFp8Request() {
        for (String id : List.of("a100-80gb-sxm", "tpu-v4", "tpu-v5e", "trn3")) {
            ChipSpec chip = catalog.require(id);
            assertEquals(0.0, chip.peakFp8FlopsPerSecond(), id);
            assertThrows(IllegalArgumentException.class, () -> chip.peakFlopsPerSecond(Precision.FP8), id);
            assertTrue(chip.peakFlopsPerSecond(Precision.BF16) > 0, id);
        }
        assertEquals(312e12, catalog.require("a100-80gb-sxm").peakFlopsPerSecond(Precision.BF16));
    }

    /** Each chip's peak per format where published; a format the chip lacks is refused naming the ones it runs. */
    @Test
    void peaksPerFormat() {
        ChipSpec gb200 = catalog.require("gb200-nvl72");
        ChipSpec gb300 = catalog.require("gb300-nvl72");
        ChipSpec b300 = catalog.require("b300");
        assertEquals(15e15, gb300.peakFlopsPerSecond(Precision.NVFP4));
        assertEquals(14e15, b300.peakFlopsPerSecond(Precision.NVFP4));
        assertTrue(gb300.peakFlopsPerSecond(Precision.NVFP4) > gb200.peakFlopsPerSecond(Precision.NVFP4), "GB300 has its own NVFP4 peak");
        assertEquals(279e9, gb300.hbmBytes(), 1e6, "usable HBM per the datasheet, not the 288 GB marketing figure");
        assertEquals(5e15, gb300.peakFlopsPerSecond(Precision.MXFP8));
        ChipSpec h100 = catalog.require("h100-sxm");
        assertEquals(1979e12, h100.peakFlopsPerSecond(Precision.FP8_BLOCK128));
        assertEquals(1979e12, h100.peakFlopsPerSecond(Precision.FP8_DELAYED));
        IllegalArgumentException mx = assertThrows(IllegalArgumentException.class, () -> h100.peakFlopsPerSecond(Precision.MXFP8));
        assertTrue(mx.getMessage().contains("mxfp8") && mx.getMessage().contains("fp8-block128"), mx.getMessage());
        assertFalse(h100.supports(Precision.NVFP4));
        assertEquals(2 * catalog.require("tpu7x").peakBf16FlopsPerSecond(), catalog.require("tpu7x").peakFlopsPerSecond(Precision.FP8));
        assertEquals(catalog.require("tpu-v6e").peakBf16FlopsPerSecond(), catalog.require("tpu-v6e").peakFlopsPerSecond(Precision.FP8));
        assertFalse(catalog.require("tpu-v5e").supports(Precision.FP8));
        assertEquals(2517e12, catalog.require("trn3").peakFlopsPerSecond(Precision.MXFP8));
        assertFalse(catalog.require("trn3").supports(Precision.FP8), "Trainium3 publishes MXFP8, not tensor-wise FP8");
        for (ChipSpec chip : catalog.all()) {
            for (Precision p : chip.formats()) {
                assertTrue(chip.peakFlopsPerSecond(p) >= chip.peakBf16FlopsPerSecond(), chip.id() + " " + p);
            }
        }
    }

    @Test
    void familiesFollowTheVendor() {
        Map<String, ChipFamily> expected = Map.ofEntries(
                Map.entry("a100-80gb-sxm", ChipFamily.NVIDIA_AMPERE),
                Map.entry("h100-sxm", ChipFamily.NVIDIA_HOPPER),
                Map.entry("h800-sxm", ChipFamily.NVIDIA_HOPPER),
                Map.entry("h200-sxm", ChipFamily.NVIDIA_HOPPER),
                Map.entry("b200", ChipFamily.NVIDIA_BLACKWELL),
                Map.entry("b300", ChipFamily.NVIDIA_BLACKWELL_ULTRA),
                Map.entry("tpu-v5e", ChipFamily.GOOGLE_TPU_LITE),
                Map.entry("tpu-v6e", ChipFamily.GOOGLE_TPU_LITE),
                Map.entry("tpu7x", ChipFamily.GOOGLE_TPU),
                Map.entry("gb200-nvl72", ChipFamily.NVIDIA_BLACKWELL),
                Map.entry("gb300-nvl72", ChipFamily.NVIDIA_BLACKWELL_ULTRA),
                Map.entry("mi300x", ChipFamily.AMD_CDNA3),
                Map.entry("mi355x", ChipFamily.AMD_CDNA3),
                Map.entry("tpu-v4", ChipFamily.GOOGLE_TPU),
                Map.entry("tpu-v5p", ChipFamily.GOOGLE_TPU),
                Map.entry("trn1", ChipFamily.AWS_TRAINIUM),
                Map.entry("trn2", ChipFamily.AWS_TRAINIUM),
                Map.entry("trn2-ultraserver", ChipFamily.AWS_TRAINIUM),
                Map.entry("trn3", ChipFamily.AWS_TRAINIUM),
                Map.entry("gaudi3", ChipFamily.INTEL_GAUDI));
        assertEquals(EXPECTED_IDS.size(), expected.size());
        expected.forEach((id, family) -> assertEquals(family, catalog.require(id).family(), id));
    }

    /** Blackwell Ultra is its own family but keeps Blackwell's formats, with 160 SMs (B300/GB300) against 148. */
    @Test
    void blackwellUltraRunsBlackwellsFormatsOnMoreSms() {
        ChipSpec gb200 = catalog.require("gb200-nvl72"), gb300 = catalog.require("gb300-nvl72");
        assertEquals(gb200.lowPrecisionPeaks().keySet(), gb300.lowPrecisionPeaks().keySet());
        assertEquals(148, ComputeUnits.of(gb200));
        assertEquals(160, ComputeUnits.of(gb300));
        assertEquals(160, ComputeUnits.ofFamily(ChipFamily.NVIDIA_BLACKWELL_ULTRA));
    }

    /** Catches unit slips (TB vs GB, bits vs bytes, bidi vs uni by 1000x) without restating every figure. */
    @Test
    void everyFigureIsInAPlausibleSiRange() {
        for (ChipSpec c : catalog.all()) {
            String id = c.id();
            assertAll(id,
                    () -> assertInRange(id + " BF16", c.peakBf16FlopsPerSecond(), 100e12, 5e15),
                    () -> assertTrue(c.peakFp8FlopsPerSecond() == 0
                            || (c.peakFp8FlopsPerSecond() >= c.peakBf16FlopsPerSecond()
                            && c.peakFp8FlopsPerSecond() <= 4 * c.peakBf16FlopsPerSecond()), id + " FP8"),
                    () -> assertInRange(id + " HBM bytes", c.hbmBytes(), 16e9, 400e9),
                    () -> assertInRange(id + " HBM B/s", c.hbmBytesPerSecond(), 0.5e12, 10e12),
                    () -> assertInRange(id + " scale-up B/s", c.scaleUpBytesPerSecond(), 100e9, 1.5e12),
                    () -> assertInRange(id + " scale-out bit/s", c.scaleOutBitsPerSecond(), 25e9, 1e12),
                    () -> assertInRange(id + " TDP W", c.tdpWatts(), 100, 2000));
        }
    }

    @Test
    void withReplacesByIdInPlaceAndLeavesTheOriginalAlone() {
        ChipSpec h100 = catalog.require("h100-sxm");
        ChipSpec faster = new ChipSpec("H100-SXM", "H100 with CX-8", h100.family(), h100.peakBf16FlopsPerSecond(),
                h100.peakFp8FlopsPerSecond(), h100.hbmBytes(), h100.hbmBytesPerSecond(), h100.scaleUpBytesPerSecond(),
                h100.scaleUpDomainChips(), 800e9, h100.tdpWatts(), "test", Set.of());

        ChipCatalog changed = catalog.with(faster);

        assertEquals(catalog.all().size(), changed.all().size());
        assertEquals(catalog.all().indexOf(h100), changed.all().indexOf(faster), "replaced in place");
        assertSame(faster, changed.require("h100-sxm"));
        assertEquals(800e9, changed.require("h100-sxm").scaleOutBitsPerSecond());
        assertEquals(400e9, catalog.require("h100-sxm").scaleOutBitsPerSecond(), "original unchanged");
        assertEquals(400e9, ChipCatalog.standard().require("h100-sxm").scaleOutBitsPerSecond());
        assertNotEquals(catalog, changed);
    }

    @Test
    void withAppendsANewId() {
        ChipSpec base = catalog.require("b200");
        ChipSpec custom = new ChipSpec("b200-1200w", "B200 at 1200 W", base.family(), base.peakBf16FlopsPerSecond(),
                base.peakFp8FlopsPerSecond(), base.hbmBytes(), base.hbmBytesPerSecond(), base.scaleUpBytesPerSecond(),
                base.scaleUpDomainChips(), base.scaleOutBitsPerSecond(), 1200, "test", Set.of());

        ChipCatalog bigger = catalog.with(custom);

        assertEquals(catalog.all().size() + 1, bigger.all().size());
        assertSame(custom, bigger.all().get(bigger.all().size() - 1));
        assertEquals(catalog.all(), bigger.all().subList(0, catalog.all().size()));
        assertTrue(catalog.find("b200-1200w").isEmpty());
        assertSame(custom, bigger.require("B200-1200W"));
    }

    @Test
    void duplicateIdsAreRejected() {
        ChipSpec h100 = catalog.require("h100-sxm");
        ChipSpec shouting = new ChipSpec("H100-SXM", h100.displayName(), h100.family(), h100.peakBf16FlopsPerSecond(),
                h100.peakFp8FlopsPerSecond(), h100.hbmBytes(), h100.hbmBytesPerSecond(), h100.scaleUpBytesPerSecond(),
                h100.scaleUpDomainChips(), h100.scaleOutBitsPerSecond(), h100.tdpWatts(), "test", Set.of());
        assertThrows(IllegalArgumentException.class, () -> ChipCatalog.of(List.of(h100, shouting)));
    }

    @Test
    void everyPresetHasASource() {
        for (ChipSpec chip : catalog.all()) {
            assertFalse(chip.source().isBlank(), chip.id());
        }
    }

    /** Each chip row's Source cell in docs/reference/hardware.md is cited verbatim by some preset. */
    @Test
    void everyReferenceRowSourceIsCited() throws IOException {
        List<String> rowSources = referenceChipRowSources();
        assertEquals(15, rowSources.size(), "chip rows in hardware.md: " + rowSources);
        for (String rowSource : rowSources) {
            assertTrue(catalog.all().stream().anyMatch(c -> c.source().contains(rowSource)),
                    "no preset cites \"" + rowSource + "\"");
        }
    }

    @Test
    void unverifiedFieldsAreRecordComponentNames() {
        Set<String> components = Arrays.stream(ChipSpec.class.getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toSet());
        for (ChipSpec chip : catalog.all()) {
            for (String field : chip.unverifiedFields()) {
                assertTrue(components.contains(field), chip.id() + ": \"" + field + "\" is not a ChipSpec component");
            }
        }
    }

    @Test
    void h800PeaksAndTdpAreUnverified() {
        ChipSpec h800 = catalog.require("h800-sxm");
        assertTrue(h800.isUnverified("peakBf16FlopsPerSecond"));
        assertTrue(h800.isUnverified("peakFp8FlopsPerSecond"));
        assertTrue(h800.isUnverified("tdpWatts"));
        assertFalse(h800.isUnverified("scaleUpBytesPerSecond"));
        assertTrue(h800.source().contains("DeepSeek-V3"));
    }

    /** Values marked `?` or `n/f` in hardware.md, and the estimates standing in for them. */
    @Test
    void questionableAndEstimatedValuesAreMarked() {
        Map<String, Set<String>> expected = Map.of(
                "tpu-v4", Set.of("scaleUpBytesPerSecond", "scaleOutBitsPerSecond", "tdpWatts"),
                "tpu-v5p", Set.of("tdpWatts"),
                "trn1", Set.of("scaleUpBytesPerSecond", "tdpWatts"),
                "trn2", Set.of("tdpWatts"),
                "trn2-ultraserver", Set.of("tdpWatts"),
                "trn3", Set.of("scaleUpBytesPerSecond", "tdpWatts"),
                "tpu-v5e", Set.of("tdpWatts"),
                "tpu-v6e", Set.of("tdpWatts"),
                "tpu7x", Set.of("tdpWatts"),
                "gb200-nvl72", Set.of("lowPrecisionPeaks"));
        expected.forEach((id, fields) -> assertEquals(fields, catalog.require(id).unverifiedFields(), id));
        for (String id : List.of("tpu-v4", "tpu-v5p", "trn1", "trn3")) {
            String source = catalog.require(id).source();
            assertTrue(source.contains("n/f") && source.contains("estimate"), id + " should explain its estimate");
        }
        for (String id : List.of("a100-80gb-sxm", "h100-sxm", "h200-sxm", "b200", "b300", "gb300-nvl72",
                "mi300x", "mi355x", "gaudi3")) {
            assertTrue(catalog.require(id).unverifiedFields().isEmpty(), id);
        }
    }

    private static void assertInRange(String what, double value, double min, double max) {
        assertTrue(value >= min && value <= max, what + " = " + value + " outside [" + min + ", " + max + "]");
    }

    private static List<String> referenceChipRowSources() throws IOException {
        Path doc = locateReference();
        List<String> sources = new ArrayList<>();
        boolean inChips = false;
        for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                inChips = line.equals("## Chips");
                continue;
            }
            if (!inChips || !line.startsWith("|") || line.startsWith("|---") || line.startsWith("| Chip |")) {
                continue;
            }
            String[] cells = line.split("\\|");
            sources.add(cells[cells.length - 1].trim());
        }
        return sources;
    }

    private static Path locateReference() {
        for (Path candidate : List.of(Path.of("..", "docs", "reference", "hardware.md"),
                Path.of("docs", "reference", "hardware.md"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("docs/reference/hardware.md not found from " + Path.of("").toAbsolutePath());
    }
}
