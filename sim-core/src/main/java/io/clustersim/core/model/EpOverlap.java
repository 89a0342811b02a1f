package io.clustersim.core.model;

/**
 * Which schedule hides the expert-parallel all-to-all behind another micro-batch's compute.
 *
 * <pre>{@code
 * EpOverlap o = EpOverlap.parse("dualpipe"); // DUALPIPE
 * }</pre>
 */
public enum EpOverlap {
    /** Dispatch and combine exposed on the critical path. */
    NONE("none"),
    /**
     * 1F1B all-to-all overlap (Megatron-Core's {@code --overlap-moe-expert-parallel-comm}): in the
     * steady 1F1B phase the forward of one micro-batch and the backward of another run interleaved,
     * each one's all-to-all behind the other's compute; the warm-up and cool-down micro-batches
     * have no partner and stay exposed.
     */
    ONE_F_ONE_B("1f1b"),
    /**
     * DualPipe (DeepSeek-V3, arXiv 2412.19437 §3.2.1): the same forward/backward chunk overlap,
     * and a bidirectional pipeline that roughly halves the bubble at the price of a second copy of
     * each rank's weights (each rank holds two stages).
     */
    DUALPIPE("dualpipe");

    private final String key;

    EpOverlap(String key) {
        this.key = key;
    }

    /** The scenario spelling ({@code none}, {@code 1f1b}, {@code dualpipe}). */
    public String key() {
        return key;
    }

    /** The value spelled {@code text}, or {@code null}. */
    public static EpOverlap parse(String text) {
        for (EpOverlap o : values()) {
            if (o.key.equalsIgnoreCase(text)) {
                return o;
            }
        }
        return null;
    }
}
