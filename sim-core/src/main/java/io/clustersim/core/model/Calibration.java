package io.clustersim.core.model;

import io.clustersim.topology.ChipFamily;

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
 * @param kernelOverheadSeconds fixed cost of one GPU kernel (launch, tail, prologue), seconds:
 *                              what makes small GEMMs reach a smaller fraction of peak
 * @param scaleUpEfficiency     achieved bus bandwidth over link bandwidth of collectives over the
 *                              scale-up fabric (NVLink, NeuronLink, ICI)
 * @param scaleOutEfficiency    the same over the scale-out NICs (InfiniBand, RoCE, EFA)
 * @param overlapInterference   fraction of the communication time hidden behind compute that still
 *                              delays it (the communication kernels take SMs and HBM bandwidth)
 * @param hbmEfficiency         achievable fraction of HBM bandwidth of streaming (memory-bound)
 *                              kernels
 * @param attentionEfficiency   fraction of the GEMM efficiency that fused (flash) attention's score
 *                              and value products reach: their tiles are short in the head
 *                              dimension, the softmax runs between the two products, and causal
 *                              masking leaves ragged diagonal tiles
 */
public record Calibration(Map<ChipFamily, Double> gemmEfficiency, double defaultGemmEfficiency,
                          double kernelOverheadSeconds, double scaleUpEfficiency, double scaleOutEfficiency,
                          double overlapInterference, double hbmEfficiency, double attentionEfficiency) {

    public Calibration {
        gemmEfficiency = Map.copyOf(Objects.requireNonNull(gemmEfficiency));
        for (Map.Entry<ChipFamily, Double> e : gemmEfficiency.entrySet()) {
            requireFraction("gemm efficiency of " + e.getKey(), e.getValue());
        }
        requireFraction("default gemm efficiency", defaultGemmEfficiency);
        requireFraction("scale-up efficiency", scaleUpEfficiency);
        requireFraction("scale-out efficiency", scaleOutEfficiency);
        requireFraction("HBM efficiency", hbmEfficiency);
        requireFraction("attention efficiency", attentionEfficiency);
        if (!(overlapInterference >= 0 && overlapInterference <= 1)) {
            throw new IllegalArgumentException("overlap interference must be in [0, 1], was " + overlapInterference);
        }
        if (!(kernelOverheadSeconds >= 0)) {
            throw new IllegalArgumentException("kernel overhead must be >= 0 s");
        }
    }

    /** Attention as efficient as the GEMMs (the calibration before attention had its own constant). */
    public Calibration(Map<ChipFamily, Double> gemmEfficiency, double defaultGemmEfficiency, double kernelOverheadSeconds,
                       double scaleUpEfficiency, double scaleOutEfficiency, double overlapInterference, double hbmEfficiency) {
        this(gemmEfficiency, defaultGemmEfficiency, kernelOverheadSeconds, scaleUpEfficiency, scaleOutEfficiency,
                overlapInterference, hbmEfficiency, 1.0);
    }

    private static void requireFraction(String what, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(what + " must be in (0, 1], was " + v);
        }
    }

    /**
     * Where the calibration of {@code family} comes from, as reports state it: e.g. {@code "NVIDIA_HOPPER:
     * fitted on 3 rows"} or {@code "AMD_CDNA3: borrowed from NVIDIA_HOPPER (no validation data)"}.
     */
    public String provenance(ChipFamily family) {
        String fitted = FITTED_ON.get(family);
        return family + ": " + (fitted != null ? fitted : "borrowed from " + DEFAULT_FAMILY + " (no validation data)");
    }

    /** The family whose fitted values chips without validation data borrow. */
    static final ChipFamily DEFAULT_FAMILY = ChipFamily.NVIDIA_HOPPER;

    /** Families with a fitted GEMM efficiency and the rows it was fitted on (docs/models.md, "Calibration"). */
    static final Map<ChipFamily, String> FITTED_ON = Map.of(
            ChipFamily.NVIDIA_AMPERE, "fitted on 67 rows (fit halves of Megatron-LM SC'21, vTrain, torchtitan A100)",
            ChipFamily.NVIDIA_HOPPER, "fitted on 27 rows (fit halves of Llama 3, NeMo DGX-H100 dense and MoE, torchtitan H100)",
            ChipFamily.NVIDIA_BLACKWELL, "fitted on 52 rows (fit half of NeMo/Megatron-Bridge DGX-B200, GB200, GB300, dense and MoE)",
            ChipFamily.GOOGLE_TPU, "fitted on 5 rows (fit half of MaxText TPU v5p and v5e)");

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
        gemm.put(ChipFamily.GOOGLE_TPU, FITTED_GEMM_TPU);
        return new Calibration(gemm, FITTED_GEMM_HOPPER, FITTED_KERNEL_OVERHEAD_SECONDS, FITTED_SCALE_UP_EFFICIENCY,
                FITTED_SCALE_OUT_EFFICIENCY, FITTED_OVERLAP_INTERFERENCE, 0.8, FITTED_ATTENTION_EFFICIENCY);
    }

    /** The same constants with other fitted values (used by the calibration fit). */
    public Calibration withFitted(double gemmAmpere, double gemmHopper, double kernelOverheadSeconds,
                                  double scaleUp, double scaleOut, double interference) {
        Map<ChipFamily, Double> gemm = new EnumMap<>(gemmEfficiency.isEmpty() ? Map.of() : gemmEfficiency);
        gemm.put(ChipFamily.NVIDIA_AMPERE, gemmAmpere);
        gemm.put(ChipFamily.NVIDIA_HOPPER, gemmHopper);
        return new Calibration(gemm, gemmHopper, kernelOverheadSeconds, scaleUp, scaleOut, interference, hbmEfficiency,
                attentionEfficiency);
    }

    /** The same constants with other fitted values, GEMM efficiency per family (used by the calibration fit). */
    public Calibration withFitted(Map<ChipFamily, Double> gemm, double kernelOverheadSeconds, double scaleUp,
                                  double scaleOut, double interference, double attention) {
        Map<ChipFamily, Double> merged = new EnumMap<>(ChipFamily.class);
        merged.putAll(gemmEfficiency);
        merged.putAll(gemm);
        return new Calibration(merged, merged.getOrDefault(DEFAULT_FAMILY, defaultGemmEfficiency), kernelOverheadSeconds,
                scaleUp, scaleOut, interference, hbmEfficiency, attention);
    }

    static final double FITTED_GEMM_AMPERE = 0.7114;
    static final double FITTED_GEMM_HOPPER = 0.5793;
    static final double FITTED_GEMM_BLACKWELL = 0.5393;
    static final double FITTED_GEMM_TPU = 0.7836;
    static final double FITTED_KERNEL_OVERHEAD_SECONDS = 36.22e-6;
    static final double FITTED_SCALE_UP_EFFICIENCY = 1.0;
    static final double FITTED_SCALE_OUT_EFFICIENCY = 0.8903;
    static final double FITTED_ATTENTION_EFFICIENCY = 0.8004;
    static final double FITTED_OVERLAP_INTERFERENCE = 0.5913;
}
