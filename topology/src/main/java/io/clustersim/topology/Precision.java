package io.clustersim.topology;

/** Precision of the matrix multiplications (the compute datatype); selects the chip's peak. */
public enum Precision {
    /** BF16 inputs, FP32 accumulation. */
    BF16,
    /** FP8 inputs (E4M3/E5M2) for GEMMs, with BF16 master weights kept as is the practice. */
    FP8
}
