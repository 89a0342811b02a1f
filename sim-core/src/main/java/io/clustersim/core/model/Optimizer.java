package io.clustersim.core.model;

/**
 * The optimizer whose state the step model keeps and streams ({@code software.optimizer}): what
 * it holds per parameter in memory and what its step reads and writes in HBM.
 *
 * <pre>{@code
 * Optimizer.MUON.stateBytesPerParameter();   // 8: FP32 master weights and one FP32 momentum
 * }</pre>
 *
 * <p>Both keep FP32 master weights beside the BF16 compute weights (mixed precision as Megatron and
 * torchtitan train). Muon's Newton–Schulz orthogonalisation is not charged as compute: its authors
 * put the distributed implementation's end-to-end overhead at a few per cent of a step (Liu et al.,
 * "Muon is Scalable for LLM Training", Moonshot AI 2025), inside the step model's error.
 */
public enum Optimizer {
    /** Adam / AdamW: FP32 master weights and the two FP32 moments m and v (12 bytes per parameter). */
    ADAM(12, 28),
    /**
     * Muon for the matrices (Kimi K2's MuonClip): FP32 master weights and one FP32 momentum
     * (8 bytes per parameter). Embeddings and norms run AdamW in Muon's recipe; at these sizes they
     * are a small share and are counted as Muon's.
     */
    MUON(8, 20);

    private final double stateBytesPerParameter;
    private final double streamBytesPerParameter;

    Optimizer(double stateBytesPerParameter, double streamBytesPerParameter) {
        this.stateBytesPerParameter = stateBytesPerParameter;
        this.streamBytesPerParameter = streamBytesPerParameter;
    }

    /** Bytes of optimizer state held per parameter (FP32 master copy included). */
    public double stateBytesPerParameter() {
        return stateBytesPerParameter;
    }

    /**
     * Bytes the optimizer step moves through HBM per parameter: the state read and written, the
     * BF16 gradient read and the BF16 weight written (Adam 8 + 8 + 8 + 2 + 2; Muon 8 + 8 + 2 + 2).
     */
    public double streamBytesPerParameter() {
        return streamBytesPerParameter;
    }
}
