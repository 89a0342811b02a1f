package io.clustersim.topology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * <h2>A catalog of accelerator chips</h2>
 * <p>
 * A {@link ChipCatalog} maps short ids such as {@code "h100-sxm"} or {@code "trn2-ultraserver"} to
 * {@link ChipSpec}s, so that scenarios, benchmarks and the command line name a chip instead of
 * repeating its datasheet. {@link #standard()} holds the bundled presets: one per chip of
 * {@code docs/reference/hardware.md}, each citing its source and naming the figures that are
 * unverified or estimated there (see {@link ChipSpec#unverifiedFields()}).
 * <p>
 * Ids are matched case-insensitively ({@code "H100-SXM"} finds {@code "h100-sxm"}). A catalog is
 * immutable and safe to share between threads: {@link #with(ChipSpec)} returns a new catalog and
 * leaves the receiver untouched. {@link #all()} lists the chips in the order they were declared.
 * <p>
 * All figures are in the SI units {@link ChipSpec} documents: FLOP/s, bytes, bytes/s for memory
 * and one direction of the scale-up links, bits/s for the scale-out NIC, watts.
 * <h2>Synopsis</h2>
 * <p>
 * Look up a bundled chip, and derive a catalog with a what-if variant of it:
 * <pre>{@code
 * ChipCatalog catalog = ChipCatalog.standard();
 * ChipSpec h100 = catalog.require("h100-sxm");
 * double stepSeconds = flopsPerStep / h100.peakFlopsPerSecond(Precision.BF16);
 *
 * // The same chip with an 800 Gb/s NIC, under its own id:
 * ChipSpec h100Cx8 = new ChipSpec("h100-sxm-cx8", "H100 SXM5 + CX-8", h100.family(),
 *         h100.peakBf16FlopsPerSecond(), h100.peakFp8FlopsPerSecond(), h100.hbmBytes(),
 *         h100.hbmBytesPerSecond(), h100.scaleUpBytesPerSecond(), h100.scaleUpDomainChips(),
 *         800e9, h100.tdpWatts(), "what-if", Set.of());
 * ChipCatalog whatIf = catalog.with(h100Cx8);
 * Optional<ChipSpec> maybe = whatIf.find("H100-SXM-CX8"); // present; catalog itself unchanged
 * }</pre>
 */
public final class ChipCatalog {

    /** Decimal gigabyte, as vendors quote HBM capacity. */
    private static final long GB = 1_000_000_000L;
    /** Binary gibibyte, for the figures AWS quotes in GiB. */
    private static final double GIB = 1024.0 * 1024.0 * 1024.0;

    private static final ChipCatalog STANDARD = of(standardPresets());

    private final List<ChipSpec> chips;
    private final Map<String, ChipSpec> byKey;

    private ChipCatalog(List<ChipSpec> chips) {
        Map<String, ChipSpec> index = new HashMap<>();
        for (ChipSpec chip : chips) {
            Objects.requireNonNull(chip, "chip");
            ChipSpec previous = index.putIfAbsent(key(chip.id()), chip);
            if (previous != null) {
                throw new IllegalArgumentException("duplicate chip id \"" + chip.id() + "\" (ids are case-insensitive; "
                        + "already have \"" + previous.id() + "\")");
            }
        }
        this.chips = List.copyOf(chips);
        this.byKey = Map.copyOf(index);
    }

    /**
     * The bundled presets, described in {@code docs/reference/hardware.md}. Always the same immutable
     * catalog.
     */
    public static ChipCatalog standard() {
        return STANDARD;
    }

    /**
     * A catalog of exactly {@code chips}, in their iteration order.
     *
     * @throws IllegalArgumentException if two chips share an id (compared case-insensitively)
     */
    public static ChipCatalog of(Collection<ChipSpec> chips) {
        Objects.requireNonNull(chips, "chips");
        return new ChipCatalog(new ArrayList<>(chips));
    }

    /** The chip with this id, compared case-insensitively; empty when there is none. */
    public Optional<ChipSpec> find(String id) {
        Objects.requireNonNull(id, "id");
        return Optional.ofNullable(byKey.get(key(id)));
    }

    /**
     * The chip with this id, compared case-insensitively.
     *
     * @throws IllegalArgumentException naming the unknown id and listing the known ones
     */
    public ChipSpec require(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown chip id \"" + id + "\"; known ids: " + String.join(", ", ids())));
    }

    /** Every chip, in declaration order; the list is unmodifiable. */
    public List<ChipSpec> all() {
        return chips;
    }

    /** The ids of all chips, in declaration order; the list is unmodifiable. */
    public List<String> ids() {
        return chips.stream().map(ChipSpec::id).collect(Collectors.toUnmodifiableList());
    }

    /**
     * A new catalog with {@code spec} added at the end or, when a chip with the same id (compared
     * case-insensitively) exists, replacing that chip in its position. This catalog is unchanged.
     */
    public ChipCatalog with(ChipSpec spec) {
        Objects.requireNonNull(spec, "spec");
        List<ChipSpec> next = new ArrayList<>(chips);
        String key = key(spec.id());
        boolean replaced = false;
        for (int i = 0; i < next.size(); i++) {
            if (key(next.get(i).id()).equals(key)) {
                next.set(i, spec);
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            next.add(spec);
        }
        return new ChipCatalog(next);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChipCatalog other && chips.equals(other.chips);
    }

    @Override
    public int hashCode() {
        return chips.hashCode();
    }

    @Override
    public String toString() {
        return "ChipCatalog" + ids();
    }

    private static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------------------------------------
    // Bundled presets. One per chip row of docs/reference/hardware.md (Trainium2 twice: instance and
    // UltraServer). Each source string starts with the row's Source cell verbatim. Scale-up figures
    // are one direction (the table's "uni" column, or half of a bidirectional figure).
    // ---------------------------------------------------------------------------------------------

    private static List<ChipSpec> standardPresets() {
        return List.of(
                new ChipSpec("a100-80gb-sxm", "NVIDIA A100 80GB SXM4", ChipFamily.NVIDIA_AMPERE,
                        312e12, 0, 80 * GB, 2.039e12,
                        300e9, 8, 200e9, 400,
                        "NVIDIA A100 datasheet. No FP8. NVLink3 300 GB/s uni (600 bidi); HGX domain of 8; "
                                + "200 Gb/s HDR per GPU (DGX A100: 8x ConnectX-6).",
                        Set.of()),
                new ChipSpec("h100-sxm", "NVIDIA H100 SXM5 80GB", ChipFamily.NVIDIA_HOPPER,
                        989e12, 1979e12, 80 * GB, 3.35e12,
                        450e9, 8, 400e9, 700,
                        "NVIDIA H100 datasheet; DGX H100 ~10.2 kW max. NVLink4 450 GB/s uni (900 bidi); "
                                + "HGX domain of 8 (\"NVLink to 256 GPUs\" is not used); 400 Gb/s ConnectX-7 per GPU.",
                        Set.of()),
                new ChipSpec("h800-sxm", "NVIDIA H800 SXM5 80GB", ChipFamily.NVIDIA_HOPPER,
                        989e12, 1979e12, 80 * GB, 3.35e12,
                        200e9, 8, 400e9, 700,
                        "DeepSeek-V3 report sec. 3.2.2. Peaks and TDP assumed equal to H100 SXM (unverified). "
                                + "NVLink cut to 400 GB/s bidi = 200 GB/s uni (the report measures 160 GB/s usable); "
                                + "400 Gb/s InfiniBand (50 GB/s) per GPU.",
                        Set.of("peakBf16FlopsPerSecond", "peakFp8FlopsPerSecond", "tdpWatts")),
                new ChipSpec("h200-sxm", "NVIDIA H200 SXM 141GB", ChipFamily.NVIDIA_HOPPER,
                        989e12, 1979e12, 141 * GB, 4.8e12,
                        450e9, 8, 400e9, 700,
                        "NVIDIA H200 datasheet. NVLink4 450 GB/s uni (900 bidi; 396 GB/s measured on 8xH200); "
                                + "400 Gb/s per GPU.",
                        Set.of()),
                new ChipSpec("b200", "NVIDIA B200 (HGX)", ChipFamily.NVIDIA_BLACKWELL,
                        2250e12, 4500e12, 180 * GB, 8.0e12,
                        900e9, 8, 400e9, 1000,
                        "DGX B200 datasheet (~14.3 kW max). 180 GB usable HBM; NVLink5 900 GB/s uni (1800 bidi); "
                                + "400 Gb/s ConnectX-7 per GPU. NVFP4 9 PF dense (18 sparse; hardware-additions.md "
                                + "note 2); FP8 blocks and MXFP8 at the FP8 rate.",
                        Set.of(), ChipSpec.derivedPeaks(ChipFamily.NVIDIA_BLACKWELL, 4500e12, 9000e12)),
                new ChipSpec("b300", "NVIDIA B300 (HGX)", ChipFamily.NVIDIA_BLACKWELL_ULTRA,
                        2250e12, 4500e12, 270 * GB, 7.7e12,
                        900e9, 8, 800e9, 1100,
                        "NVIDIA Blackwell Ultra datasheet, HGX B300 column (via secondary transcriptions) and "
                                + "verda.com's per-GPU table without sparsity: BF16 2.25, FP8 4.5, NVFP4 14 PF dense; "
                                + "270 GB usable (288 marketing; MLPerf 'B300-SXM-270GB'), 7.7 TB/s; NVLink5 900 GB/s "
                                + "uni (1800 bidi), HGX domain of 8; 800 Gb/s ConnectX-8 per GPU; up to 1,100 W "
                                + "(air-cooled HGX). FP8 blocks and MXFP8 at the FP8 rate.",
                        Set.of(), ChipSpec.derivedPeaks(ChipFamily.NVIDIA_BLACKWELL_ULTRA, 4500e12, 14000e12)),
                new ChipSpec("gb200-nvl72", "NVIDIA GB200 (NVL72, per GPU)", ChipFamily.NVIDIA_BLACKWELL,
                        2500e12, 5000e12, 186 * GB, 8.0e12,
                        900e9, 72, 400e9, 1200,
                        "NVIDIA GB200 NVL72 material; rack ~120 kW ? (the rack figure is unverified; no chip "
                                + "field depends on it). NVLink5 900 GB/s uni (1800 bidi), 72-GPU domain "
                                + "(130 TB/s rack NVLink); 400 Gb/s ConnectX-7 per GPU (800 Gb/s on some clouds). "
                                + "NVFP4 10 PF dense ? (the rack's 1,440 PF sparse / 720 dense FP4 over 72 GPUs; not "
                                + "in the reference tables). FP8 blocks and MXFP8 at the FP8 rate.",
                        Set.of("lowPrecisionPeaks"), ChipSpec.derivedPeaks(ChipFamily.NVIDIA_BLACKWELL, 5000e12, 10000e12)),
                new ChipSpec("gb300-nvl72", "NVIDIA GB300 (NVL72, per GPU)", ChipFamily.NVIDIA_BLACKWELL_ULTRA,
                        2500e12, 5000e12, 279 * GB, 8.0e12,
                        900e9, 72, 800e9, 1400,
                        "NVIDIA GB300 material; 135 kW rack budget. NVIDIA Blackwell Ultra datasheet, GB300 column (via secondary transcriptions) and "
                                + "verda.com's per-GPU table without sparsity: BF16 2.5, FP8 5, NVFP4 15 PF dense (its "
                                + "own NVFP4 peak; BF16 and FP8 equal GB200's in the datasheet); 279 GB usable (288 "
                                + "marketing), 8 TB/s; NVLink5 900 GB/s uni (1800 bidi), 72-GPU domain; 800 Gb/s "
                                + "ConnectX-8 per GPU; up to 1,400 W (Lenovo lists 1,100 W TGP ?); rack 135 kW TDP "
                                + "(Lenovo), up to 142 kW (NVIDIA RA). FP8 blocks and MXFP8 at the FP8 rate.",
                        Set.of(), ChipSpec.derivedPeaks(ChipFamily.NVIDIA_BLACKWELL_ULTRA, 5000e12, 15000e12)),
                new ChipSpec("mi300x", "AMD Instinct MI300X", ChipFamily.AMD_CDNA3,
                        1307e12, 2615e12, 192 * GB, 5.3e12,
                        448e9, 8, 400e9, 750,
                        "ROCm MI300 architecture docs. xGMI 448 GB/s uni (896 bidi); 8-GPU platform; "
                                + "400 Gb/s per GPU.",
                        Set.of()),
                new ChipSpec("mi355x", "AMD Instinct MI355X", ChipFamily.AMD_CDNA3,
                        2500e12, 5000e12, 288 * GB, 8.0e12,
                        537.6e9, 8, 400e9, 1400,
                        "AMD material. Infinity Fabric 537.6 GB/s uni (1075.2 bidi: 7 links x 76.8 GB/s per "
                                + "direction, CDNA 4 white paper via secondary; hardware-additions.md note 17 corrects "
                                + "the earlier 535.5); 8-GPU platform; 400 Gb/s per GPU (not re-verified). (CDNA4 part; "
                                + "calibrated with the AMD_CDNA3 family.)",
                        Set.of()),
                new ChipSpec("tpu-v4", "Google TPU v4", ChipFamily.GOOGLE_TPU,
                        275e12, 0, 32 * GB, 1.2e12,
                        300e9, 4096, 50e9, 170,
                        "Google Cloud TPU v4 docs. No FP8. ICI n/f; estimate 300 GB/s uni per chip: half of "
                                + "TPU v5p's 600 GB/s uni, consistent with the docs' 1.1 PB/s all-reduce bandwidth "
                                + "per 4096-chip pod (~270 GB/s per chip); 3D torus with optical circuit switches, "
                                + "pod of 4096. Scale-out (DCN) n/f; estimate 50 Gb/s per chip, as TPU v5p's DCN "
                                + "figure for the same 4-chip host (likely an upper bound for the older v4). "
                                + "TDP n/f; 170 W is the docs' mean measured power (max measured 192 W), used in "
                                + "place of a TDP.",
                        Set.of("scaleUpBytesPerSecond", "scaleOutBitsPerSecond", "tdpWatts")),
                new ChipSpec("tpu-v5e", "Google TPU v5e", ChipFamily.GOOGLE_TPU_LITE,
                        197e12, 0, 16 * GB, 0.819e12,
                        200e9, 256, 25e9, 170,
                        "Google Cloud TPU v5e docs (hardware-additions.md [S11][S16][S17]). No FP8 path (JAX: "
                                + "not available). 819 GB/s HBM (older page; newer '800 GiBps' = 859 GB/s). ICI 200 GB/s "
                                + "uni (400 bidi, 4 ports of 50 GB/s per direction); pod 256 (2D torus 16x16); 8 chips "
                                + "per host; DCN 25 Gb/s per chip (2x100 Gb/s per 8-chip host). TDP n/f; estimate "
                                + "170 W: TPU v4's mean measured power, for a chip of lower peak and less HBM.",
                        Set.of("tdpWatts")),
                new ChipSpec("tpu-v5p", "Google TPU v5p", ChipFamily.GOOGLE_TPU,
                        459e12, 459e12, 95 * GB, 2.765e12,
                        600e9, 8960, 50e9, 350,
                        "Google Cloud TPU v5p docs. FP8 459 TF/s = the BF16 rate (no speedup; TPU7x docs' "
                                + "comparison table [S14]). ICI 600 GB/s uni (1200 bidi); "
                                + "pod of 8960; DCN 50 Gb/s per chip. TDP n/f; estimate 350 W: TPU v4's 170 W "
                                + "mean power scaled by the BF16 peak (459/275 -> ~285 W), plus ~15% from mean to "
                                + "peak power (v4: 192/170 W) and headroom for 2.3x the HBM bandwidth.",
                        Set.of("tdpWatts")),
                new ChipSpec("tpu-v6e", "Google TPU v6e (Trillium)", ChipFamily.GOOGLE_TPU_LITE,
                        918e12, 918e12, 32 * GB, 1.638e12,
                        400e9, 256, 100e9, 300,
                        "Google Cloud TPU v6e docs and the TPU7x comparison table (hardware-additions.md [S13][S14]"
                                + "[S16]). FP8 918 = the BF16 rate (no speedup). ICI 400 GB/s uni (800 bidi, 4 ports); "
                                + "pod 256 (2D torus); DCN 100 Gb/s per chip. TDP n/f; estimate 300 W: TPU v5p's "
                                + "estimate for a chip of twice its peak on a newer node and a third of its HBM.",
                        Set.of("tdpWatts")),
                new ChipSpec("tpu7x", "Google TPU7x (Ironwood)", ChipFamily.GOOGLE_TPU,
                        2307e12, 4614e12, (long) (192 * GIB), 7.38e12,
                        600e9, 9216, 100e9, 1000,
                        "Google Cloud TPU7x docs, comparison table (hardware-additions.md [S14][S15][S16]): BF16 "
                                + "2307, FP8 4614 TF/s; 192 GiB (text: '192 GB'), 7.38 TB/s; ICI 1200 GB/s bidi, 600 "
                                + "uni (derived); pod 9216 (3D torus of 4x4x4 cubes with OCS); DCN 100 Gb/s per chip. "
                                + "Two chiplets per chip (JAX shows two devices); figures are per chip. TDP n/f; "
                                + "estimate 1000 W: the reported ~10 MW per 9,216-chip pod, hosts and cooling included.",
                        Set.of("tdpWatts")),
                new ChipSpec("trn1", "AWS Trainium1 (Trn1)", ChipFamily.AWS_TRAINIUM,
                        190e12, 190e12, 32 * GB, 0.88e12,
                        192 * GIB, 16, 50e9, 250,
                        "AWS Neuron docs, trn1 architecture. FP8 is cFP8 at the BF16 rate. NeuronLink-v2 "
                                + "384 GiB/s per chip, direction not stated: treated as bidi like Trainium2's "
                                + "NeuronLink figure, so 192 GiB/s (206.2 GB/s) uni (unverified); 16 chips in a 2D "
                                + "torus; EFA 50 Gb/s per chip (trn1.32xlarge 800 Gb/s / 16; trn1n: 100 Gb/s). TDP "
                                + "n/f; estimate 250 W: A100's 400 W scaled by the BF16 peak (190/312 -> ~245 W), "
                                + "same 7 nm-class generation, smaller HBM.",
                        Set.of("scaleUpBytesPerSecond", "tdpWatts")),
                new ChipSpec("trn2", "AWS Trainium2 (Trn2 instance)", ChipFamily.AWS_TRAINIUM,
                        667e12, 1299e12, 96 * GB, 2.9e12,
                        640e9, 16, 200e9, 500,
                        "AWS Neuron docs, trainium2 + trn2 architecture. NeuronLink-v3 \"1.28 TB/s\" (1024 intra + "
                                + "256 inter), direction not stated, treated as bidi: 640 GB/s uni; 16 chips per Trn2 "
                                + "instance (4x4 torus); EFA 200 Gb/s per chip (3.2 Tb/s per 16 chips); TDP ~500 W ?.",
                        Set.of("tdpWatts")),
                new ChipSpec("trn2-ultraserver", "AWS Trainium2 (Trn2 UltraServer)", ChipFamily.AWS_TRAINIUM,
                        667e12, 1299e12, 96 * GB, 2.9e12,
                        640e9, 64, 200e9, 500,
                        "AWS Neuron docs, trainium2 + trn2 architecture. Same chip as trn2, in a Trn2 UltraServer: "
                                + "64-chip NeuronLink domain. NeuronLink-v3 \"1.28 TB/s\" per chip treated as bidi: "
                                + "640 GB/s uni; EFA 200 Gb/s per chip; TDP ~500 W ?.",
                        Set.of("tdpWatts")),
                new ChipSpec("trn3", "AWS Trainium3 (Trn3 UltraServer)", ChipFamily.AWS_TRAINIUM,
                        671e12, 0, (long) (144 * GIB), 4.9e12,
                        1.28e12, 64, 200e9, 700,
                        "AWS Neuron docs, trainium3 (hardware-additions.md [S20][S21][S22]): BF16 671, MXFP8 "
                                + "2517 TF/s (MXFP4 also 2517; no tensor-wise FP8 figure published, so plain fp8 is "
                                + "refused); 144 GiB at 4.9 TB/s (NKI guide: 4.7 ?). NeuronLink-v4 2.56 TB/s ?, "
                                + "direction not stated, treated as bidi like Trainium2: 1.28 TB/s uni. UltraServer "
                                + "64 / 144: the 64-chip domain is used (override the scale-up domain for 144). EFA "
                                + "200 Gb/s per chip. TDP n/f; estimate 700 W: Trainium2's ~500 W scaled by the FP8 "
                                + "peak (2517/1299 -> ~970 W), less ~30% for the newer process node.",
                        Set.of("scaleUpBytesPerSecond", "tdpWatts"), java.util.Map.of(Precision.MXFP8, 2517e12)),
                new ChipSpec("gaudi3", "Intel Gaudi 3", ChipFamily.INTEL_GAUDI,
                        1677e12, 1677e12, 128 * GB, 3.7e12,
                        525e9, 8, 600e9, 900,
                        "Intel Gaudi 3 material. BF16 and FP8 1835 TF/s at the rated clock; 1677 TF/s at the "
                                + "shipping clock is used. Scale-up: 21x200 GbE RoCE in the node = 4.2 Tb/s = "
                                + "525 GB/s uni (Ethernet rates are per direction); 8 per node; scale-out 3x200 Gb/s.",
                        Set.of()));
    }
}
