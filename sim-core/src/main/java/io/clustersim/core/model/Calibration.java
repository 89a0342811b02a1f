package io.clustersim.core.model;

import io.clustersim.topology.ChipFamily;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ComputeUnits;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The few physical constants of the step model that are not in a datasheet. The same for every
 * scenario; {@link #standard()} holds the values fitted once on part of the public validation set
 * (see docs/models.md, "Calibration"), and {@code CalibrationFitTest} re-runs that fit.
 *
 * @param gemmEfficiency        achievable fraction of dense peak of a large matrix multiplication,
 *                              per chip family
 * @param defaultGemmEfficiency the same for families without a fitted value
 * @param defaultKernelOverheadSeconds fixed cost of one GPU kernel (launch, tail, prologue, and the
 *                              host's issue time where the kernels are too short to hide it), seconds:
 *                              what makes small GEMMs reach a smaller fraction of peak — for families
 *                              without one of their own in {@code kernelOverheadByFamily}
 * @param scaleUpEfficiency     achieved bus bandwidth over link bandwidth of collectives over the
 *                              scale-up fabric (NVLink, NeuronLink, ICI)
 * @param scaleOutEfficiency    the same over the scale-out NICs (InfiniBand, RoCE, EFA)
 * @param collectiveSms         SMs (CUDA thread blocks, NCCL's CTAs: one per channel) an NCCL
 *                              collective running beside compute occupies; the compute has the
 *                              rest of the chip's {@link ComputeUnits} while they overlap (see
 *                              {@link #collectiveShare})
 * @param hbmEfficiency         achievable fraction of HBM bandwidth of streaming (memory-bound)
 *                              kernels
 * @param attentionEfficiency   fraction of the GEMM efficiency that fused (flash) attention's score
 *                              and value products reach (their tiles are short in the head dimension,
 *                              causal masking leaves ragged diagonal tiles); the softmax's exponentials
 *                              between them are priced apart ({@code ChipFamily.exponentialsPerBf16Flop}),
 *                              and with them the fit puts it at its bound 1
 * @param overlapContention     what a communication kernel beside compute costs the compute beyond
 *                              the SMs it holds and the HBM bandwidth it moves, as a share of the
 *                              hidden time: L2 and issue-slot contention, and GEMMs tiled for the
 *                              whole chip running their waves on the SMs left (see
 *                              {@code AnalyticStepModel}'s {@code overlapped}); fitted for a
 *                              collective's {@code collectiveSms}, and taken in proportion to the
 *                              SMs a point-to-point send over the network holds ({@link #p2pNetSlowdown}; an assumption)
 * @param kernelOverheadByFamily the fixed cost of one kernel per chip family where it was fitted,
 *                              seconds ({@link #kernelOverheadSeconds(ChipFamily)}): the same kernel
 *                              leaves a faster chip's host and tails a larger share of its time
 */
public record Calibration(Map<ChipFamily, Double> gemmEfficiency, double defaultGemmEfficiency,
                          double defaultKernelOverheadSeconds, double scaleUpEfficiency, double scaleOutEfficiency,
                          double collectiveSms, double hbmEfficiency, double attentionEfficiency,
                          double overlapContention, Map<ChipFamily, Double> kernelOverheadByFamily) {

    public Calibration {
        gemmEfficiency = Map.copyOf(Objects.requireNonNull(gemmEfficiency));
        kernelOverheadByFamily = Map.copyOf(Objects.requireNonNull(kernelOverheadByFamily));
        for (Map.Entry<ChipFamily, Double> e : kernelOverheadByFamily.entrySet()) {
            if (!(e.getValue() >= 0)) {
                throw new IllegalArgumentException("kernel overhead of " + e.getKey() + " must be >= 0 s, was " + e.getValue());
            }
        }
        for (Map.Entry<ChipFamily, Double> e : gemmEfficiency.entrySet()) {
            requireFraction("gemm efficiency of " + e.getKey(), e.getValue());
        }
        requireFraction("default gemm efficiency", defaultGemmEfficiency);
        requireFraction("scale-up efficiency", scaleUpEfficiency);
        requireFraction("scale-out efficiency", scaleOutEfficiency);
        requireFraction("HBM efficiency", hbmEfficiency);
        requireFraction("attention efficiency", attentionEfficiency);
        if (!(overlapContention >= 0 && overlapContention <= 1)) {
            throw new IllegalArgumentException("overlap contention must be in [0, 1], was " + overlapContention);
        }
        if (!(collectiveSms >= 0 && collectiveSms <= MAX_COLLECTIVE_SMS)) {
            throw new IllegalArgumentException("collective SMs must be in [0, " + MAX_COLLECTIVE_SMS + "], was " + collectiveSms);
        }
        if (!(defaultKernelOverheadSeconds >= 0)) {
            throw new IllegalArgumentException("kernel overhead must be >= 0 s");
        }
    }

    /** One kernel overhead, {@code kernelOverheadSeconds}, for every chip family (no per-family values). */
    public Calibration(Map<ChipFamily, Double> gemmEfficiency, double defaultGemmEfficiency, double kernelOverheadSeconds,
                       double scaleUpEfficiency, double scaleOutEfficiency, double collectiveSms, double hbmEfficiency,
                       double attentionEfficiency, double overlapContention) {
        this(gemmEfficiency, defaultGemmEfficiency, kernelOverheadSeconds, scaleUpEfficiency, scaleOutEfficiency,
                collectiveSms, hbmEfficiency, attentionEfficiency, overlapContention, Map.of());
    }

    /**
     * No contention beyond the SMs a collective holds and the HBM bandwidth it moves; one kernel
     * overhead for every chip family.
     */
    public Calibration(Map<ChipFamily, Double> gemmEfficiency, double defaultGemmEfficiency, double kernelOverheadSeconds,
                       double scaleUpEfficiency, double scaleOutEfficiency, double collectiveSms, double hbmEfficiency,
                       double attentionEfficiency) {
        this(gemmEfficiency, defaultGemmEfficiency, kernelOverheadSeconds, scaleUpEfficiency, scaleOutEfficiency,
                collectiveSms, hbmEfficiency, attentionEfficiency, 0.0);
    }

    /**
     * Attention as efficient as the GEMMs (the calibration before attention had its own constant), no
     * contention, one kernel overhead for every chip family.
     */
    public Calibration(Map<ChipFamily, Double> gemmEfficiency, double defaultGemmEfficiency, double kernelOverheadSeconds,
                       double scaleUpEfficiency, double scaleOutEfficiency, double collectiveSms, double hbmEfficiency) {
        this(gemmEfficiency, defaultGemmEfficiency, kernelOverheadSeconds, scaleUpEfficiency, scaleOutEfficiency,
                collectiveSms, hbmEfficiency, 1.0);
    }

    /**
     * NCCL's ceiling on the thread blocks of one collective (its channel maximum, {@code NCCL_MAX_CTAS}
     * at most 64): the allowed range of {@link #collectiveSms()}.
     */
    public static final double MAX_COLLECTIVE_SMS = 64;

    /**
     * The share of the compute's throughput a communication kernel of {@code sms} SMs takes while
     * they overlap: the compute keeps SMs − sms of the chip's SMs, so it loses sms / SMs (at most 1);
     * 0 on chips whose collectives run on dedicated engines ({@link ComputeUnits} 0: TPU, Trainium,
     * Gaudi).
     */
    public static double smShare(ChipSpec chip, double sms) {
        int units = ComputeUnits.of(chip);
        return units == 0 ? 0 : Math.min(1, sms / units);
    }

    /**
     * The fitted {@link #overlapContention()} on {@code chip}, or 0 where collectives run on dedicated
     * engines ({@link ComputeUnits} 0): the contention stands for L2 and issue-slot sharing on the SMs,
     * which a DMA or collective engine does not cause (its HBM traffic is priced on its own).
     */
    public double collectiveContention(ChipSpec chip) {
        return ComputeUnits.of(chip) == 0 ? 0 : overlapContention;
    }

    /**
     * Thread blocks (SMs) NCCL gives a point-to-point transfer to a peer over the network: two channels
     * per peer, one per NIC beyond that (NCCL up to 2.28, the containers of every measured row:
     * src/graph/paths.cc {@code ncclTopoGetNchannels} @ v2.27.3-1, "start from 2 channels per NIC";
     * from 2.29 NCCL gives one per 14 GB/s of NIC, {@code NCCL_P2P_PER_CHANNEL_NET_BW}). Fewer only on
     * communicators far larger than a context- or pipeline-parallel group.
     */
    public static final double P2P_NET_SMS = 2;

    /**
     * The slowdown of compute beside a point-to-point transfer over the network: its few SMs
     * ({@link #P2P_NET_SMS}) and the fitted contention in proportion to them — an assumption: the
     * contention taken per SM a communication kernel holds, a collective holding {@link #collectiveSms()}.
     */
    public double p2pNetSlowdown(ChipSpec chip) {
        double perSm = collectiveSms > 0 ? collectiveContention(chip) / collectiveSms : 0;
        return slowdown(smShare(chip, P2P_NET_SMS), 0, perSm * P2P_NET_SMS);
    }

    /** {@link #smShare} of an NCCL collective ({@link #collectiveSms()}) on {@code chip}. */
    public double collectiveShare(ChipSpec chip) {
        return smShare(chip, collectiveSms);
    }

    private static void requireFraction(String what, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(what + " must be in (0, 1], was " + v);
        }
    }

    /**
     * Where the calibration of {@code family} comes from, as reports state it: e.g. {@code "NVIDIA_HOPPER:
     * fitted on 3 rows"}, {@code "GOOGLE_TPU: fitted on 6 rows …; kernel overhead borrowed from
     * NVIDIA_HOPPER"}, {@code "NVIDIA_BLACKWELL_ULTRA: fitted on 8 rows …; kernel overhead
     * NVIDIA_BLACKWELL's, scaled by the GEMM efficiencies"} or {@code "AMD_CDNA3: borrowed from NVIDIA_HOPPER (no validation
     * data); softmax exponentials per FLOP borrowed from NVIDIA_HOPPER"} (families without a published SFU
     * figure: {@code ChipFamily.exponentialRatePublished}).
     */
    public String provenance(ChipFamily family) {
        String softmax = family.exponentialRatePublished() ? ""
                : "; softmax exponentials per FLOP borrowed from " + DEFAULT_FAMILY;
        return ownProvenance(family) + softmax;
    }

    private String ownProvenance(ChipFamily family) {
        String fitted = FITTED_ON.get(family);
        if (fitted == null) {
            return family + ": borrowed from " + DEFAULT_FAMILY + " (no validation data)";
        }
        ChipFamily sharedWith = SHARED_KERNEL_OVERHEAD.get(family);
        Double scaled = sharedWith == null ? null : sharedOverhead(family, sharedWith, kernelOverheadByFamily, gemmEfficiency);
        if (scaled != null && Math.abs(kernelOverheadByFamily.getOrDefault(family, -1.0) - scaled) <= 1e-9 * scaled) {
            return family + ": " + fitted + "; kernel overhead " + sharedWith + "'s, scaled by the GEMM efficiencies";
        }
        return family + ": " + fitted + (kernelOverheadByFamily.containsKey(family) ? ""
                : "; kernel overhead borrowed from " + DEFAULT_FAMILY);
    }

    /**
     * Families fitted with a GEMM efficiency of their own and the kernel overhead of another, scaled by
     * the ratio of their GEMM efficiencies: Blackwell Ultra (GB300, B300) runs the same kernels and
     * software as Blackwell, as much faster as its GEMMs are (its sustained clock is the likely cause:
     * docs/models.md, "Calibration") — and its eight fit rows cannot fit an overhead of their own
     * (fitted apart, the efficiency ends at 1 and the overhead at 130 µs).
     */
    public static final Map<ChipFamily, ChipFamily> SHARED_KERNEL_OVERHEAD = Map.of(
            ChipFamily.NVIDIA_BLACKWELL_ULTRA, ChipFamily.NVIDIA_BLACKWELL);

    /** The family whose fitted values chips without validation data borrow. */
    static final ChipFamily DEFAULT_FAMILY = ChipFamily.NVIDIA_HOPPER;

    /** Families with a fitted GEMM efficiency and the rows it was fitted on (docs/models.md, "Calibration"). */
    static final Map<ChipFamily, String> FITTED_ON = Map.of(
            ChipFamily.NVIDIA_AMPERE, "fitted on 67 rows (fit halves of Megatron-LM SC'21, vTrain, torchtitan A100)",
            ChipFamily.NVIDIA_HOPPER, "fitted on 25 rows (fit halves of Llama 3, NeMo DGX-H100 dense, torchtitan H100)",
            ChipFamily.NVIDIA_BLACKWELL, "fitted on 32 rows (fit half of NeMo/Megatron-Bridge DGX-B200, GB200 dense)",
            ChipFamily.NVIDIA_BLACKWELL_ULTRA, "fitted on 8 rows (fit half of NeMo/Megatron-Bridge DGX-GB300 dense)",
            ChipFamily.GOOGLE_TPU, "fitted on 6 rows (fit half of MaxText TPU v5p)",
            ChipFamily.GOOGLE_TPU_LITE, "fitted on 10 rows (fit half of MaxText TPU v5e)");

    /**
     * The fixed cost of one kernel on {@code family}, seconds: its own fitted value, or (families
     * without one, e.g. TPU, AMD, Trainium) {@link #defaultKernelOverheadSeconds()}, which
     * {@link #standard()} sets to {@link #DEFAULT_FAMILY}'s.
     */
    public double kernelOverheadSeconds(ChipFamily family) {
        return kernelOverheadByFamily.getOrDefault(family, defaultKernelOverheadSeconds);
    }

    /** Achievable GEMM fraction of peak for {@code family}. */
    public double gemmEfficiency(ChipFamily family) {
        return gemmEfficiency.getOrDefault(family, defaultGemmEfficiency);
    }

    /**
     * The fitted constants (values and the fit that produced them: docs/models.md, "Calibration").
     * HBM efficiency is not fitted: 0.8 is what STREAM-like copy kernels reach on A100 and H100
     * (about 1.6 of 2.0 TB/s and 2.7 of 3.35 TB/s in vendor and community measurements).
     */
    public static Calibration standard() {
        Map<ChipFamily, Double> gemm = new EnumMap<>(ChipFamily.class);
        gemm.put(ChipFamily.NVIDIA_AMPERE, FITTED_GEMM_AMPERE);
        gemm.put(ChipFamily.NVIDIA_HOPPER, FITTED_GEMM_HOPPER);
        gemm.put(ChipFamily.NVIDIA_BLACKWELL, FITTED_GEMM_BLACKWELL);
        gemm.put(ChipFamily.NVIDIA_BLACKWELL_ULTRA, FITTED_GEMM_BLACKWELL_ULTRA);
        gemm.put(ChipFamily.GOOGLE_TPU, FITTED_GEMM_TPU);
        gemm.put(ChipFamily.GOOGLE_TPU_LITE, FITTED_GEMM_TPU_LITE);
        Map<ChipFamily, Double> overhead = new EnumMap<>(ChipFamily.class);
        overhead.put(ChipFamily.NVIDIA_AMPERE, FITTED_KERNEL_OVERHEAD_AMPERE_SECONDS);
        overhead.put(ChipFamily.NVIDIA_HOPPER, FITTED_KERNEL_OVERHEAD_HOPPER_SECONDS);
        overhead.put(ChipFamily.NVIDIA_BLACKWELL, FITTED_KERNEL_OVERHEAD_BLACKWELL_SECONDS);
        return new Calibration(gemm, FITTED_GEMM_HOPPER, FITTED_KERNEL_OVERHEAD_HOPPER_SECONDS, FITTED_SCALE_UP_EFFICIENCY,
                FITTED_SCALE_OUT_EFFICIENCY, NCCL_SMS, 0.8, FITTED_ATTENTION_EFFICIENCY,
                FITTED_OVERLAP_CONTENTION, sharingOverheads(overhead, gemm));
    }

    /**
     * {@code overhead} with each family of {@link #SHARED_KERNEL_OVERHEAD} given its partner's value
     * scaled by the ratio of their GEMM efficiencies in {@code gemm} (where both are set): the same
     * kernels, run as much faster as the family's GEMMs are.
     */
    private static Map<ChipFamily, Double> sharingOverheads(Map<ChipFamily, Double> overhead, Map<ChipFamily, Double> gemm) {
        Map<ChipFamily, Double> shared = new EnumMap<>(ChipFamily.class);
        shared.putAll(overhead);
        SHARED_KERNEL_OVERHEAD.forEach((family, from) -> {
            Double scaled = sharedOverhead(family, from, overhead, gemm);
            if (scaled != null) {
                shared.put(family, scaled);
            }
        });
        return shared;
    }

    /**
     * {@code from}'s overhead scaled by the ratio of {@code from}'s GEMM efficiency to {@code family}'s,
     * seconds; {@code null} when either is not set.
     */
    private static Double sharedOverhead(ChipFamily family, ChipFamily from, Map<ChipFamily, Double> overhead,
                                         Map<ChipFamily, Double> gemm) {
        if (!overhead.containsKey(from) || !gemm.containsKey(from) || !gemm.containsKey(family)) {
            return null;
        }
        return overhead.get(from) * gemm.get(from) / gemm.get(family);
    }

    /**
     * The same constants with other fitted values, GEMM efficiency and kernel overhead (seconds) per
     * family; the families of {@link #SHARED_KERNEL_OVERHEAD} take their partner's overhead scaled by
     * the GEMM efficiencies, families
     * without an overhead of their own {@link #DEFAULT_FAMILY}'s (used by the calibration fit).
     */
    public Calibration withFitted(Map<ChipFamily, Double> gemm, Map<ChipFamily, Double> kernelOverhead, double scaleUp,
                                  double scaleOut, double collectiveSms, double attention) {
        Map<ChipFamily, Double> merged = new EnumMap<>(ChipFamily.class);
        merged.putAll(gemmEfficiency);
        merged.putAll(gemm);
        Map<ChipFamily, Double> overhead = new EnumMap<>(ChipFamily.class);
        overhead.putAll(kernelOverheadByFamily);
        overhead.putAll(kernelOverhead);
        return new Calibration(merged, merged.getOrDefault(DEFAULT_FAMILY, defaultGemmEfficiency),
                overhead.getOrDefault(DEFAULT_FAMILY, defaultKernelOverheadSeconds), scaleUp, scaleOut, collectiveSms,
                hbmEfficiency, attention, overlapContention, sharingOverheads(overhead, merged));
    }

    /** The same constants with other achieved fractions of link bandwidth over scale-up and scale-out. */
    public Calibration withLinkEfficiencies(double scaleUp, double scaleOut) {
        return new Calibration(gemmEfficiency, defaultGemmEfficiency, defaultKernelOverheadSeconds, scaleUp, scaleOut,
                collectiveSms, hbmEfficiency, attentionEfficiency, overlapContention, kernelOverheadByFamily);
    }

    /** The same constants with another number of SMs an NCCL collective holds beside compute. */
    public Calibration withCollectiveSms(double sms) {
        return new Calibration(gemmEfficiency, defaultGemmEfficiency, defaultKernelOverheadSeconds, scaleUpEfficiency,
                scaleOutEfficiency, sms, hbmEfficiency, attentionEfficiency, overlapContention, kernelOverheadByFamily);
    }

    /** The same constants with another overlap contention (used by the calibration fit). */
    public Calibration withOverlapContention(double contention) {
        return new Calibration(gemmEfficiency, defaultGemmEfficiency, defaultKernelOverheadSeconds, scaleUpEfficiency,
                scaleOutEfficiency, collectiveSms, hbmEfficiency, attentionEfficiency, contention, kernelOverheadByFamily);
    }

    /**
     * The share of the compute's throughput a collective of {@code sms} SMs moving {@code hbmShare} of
     * the chip's HBM bandwidth takes while it runs beside compute whose {@code memoryBoundShare} is
     * bandwidth-bound: its SMs ({@link #smShare}), its HBM traffic's share of the memory-bound work,
     * and the fitted contention ({@link #collectiveContention}); at most 1.
     */
    public double overlapCost(ChipSpec chip, double sms, double hbmShare, double memoryBoundShare) {
        return slowdown(smShare(chip, sms), memoryBoundShare * hbmShare, collectiveContention(chip));
    }

    /**
     * The share of its rate compute loses beside a communication kernel: the kernel's share of the
     * SMs, the memory-bound work it slows by taking HBM bandwidth, and the contention; at most 1.
     */
    public static double slowdown(double smShare, double hbmLoss, double contention) {
        return Math.min(1, smShare + hbmLoss + contention);
    }

    /**
     * Seconds a transfer of {@code commSeconds} adds beside {@code computeSeconds} of compute that
     * loses the {@code slowdown} share of its rate while they overlap: the slowed compute ends
     * {@code slowdown × comm} late if it outlasts the transfer, the transfer's tail is waited for if
     * it outlasts the compute — whichever is longer (never both).
     */
    public static double exposedBeside(double commSeconds, double computeSeconds, double slowdown) {
        return Math.max(commSeconds - computeSeconds, slowdown * commSeconds);
    }

    static final double FITTED_GEMM_AMPERE = 0.7057;
    static final double FITTED_GEMM_HOPPER = 0.5616;
    static final double FITTED_GEMM_BLACKWELL = 0.5461;
    static final double FITTED_GEMM_BLACKWELL_ULTRA = 0.6373;
    static final double FITTED_GEMM_TPU = 0.7534;
    static final double FITTED_GEMM_TPU_LITE = 0.8287;
    static final double FITTED_KERNEL_OVERHEAD_AMPERE_SECONDS = 28.6998e-6;
    static final double FITTED_KERNEL_OVERHEAD_HOPPER_SECONDS = 12.9507e-6;
    static final double FITTED_KERNEL_OVERHEAD_BLACKWELL_SECONDS = 41.8542e-6;
    static final double FITTED_SCALE_UP_EFFICIENCY = 1.0000;
    static final double FITTED_SCALE_OUT_EFFICIENCY = 0.7673;
    static final double FITTED_ATTENTION_EFFICIENCY = 1.0000;
    static final double FITTED_OVERLAP_CONTENTION = 0.3690;

    /**
     * SMs an NCCL collective holds (not fitted): NCCL runs one thread block (CTA) per channel, and on
     * NVLink and InfiniBand systems uses 16 to 32 channels per collective (its channel ceiling is 32
     * by default; {@code NCCL_MAX_CTAS} changes it); Megatron-Core and NeMo leave NCCL's defaults.
     * The middle of that range: the validation data do not tell 24 from 32 (the fit's errors agree to
     * 0.1 point; the fitted contention takes the difference; docs/models.md).
     */
    public static final double NCCL_SMS = 24;
}
