package io.clustersim.topology;

/**
 * Chip families: calibration constants (achievable fraction of GEMM peak, collective efficiency)
 * are fitted and applied per family, never per scenario.
 */
public enum ChipFamily {
    NVIDIA_AMPERE,
    NVIDIA_HOPPER,
    NVIDIA_BLACKWELL,
    AMD_CDNA3,
    GOOGLE_TPU,
    AWS_TRAINIUM,
    INTEL_GAUDI,
    OTHER
}
