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
     * each rank's weights (each rank holds two stages). Its dispatch and combine kernels hold 20 SMs
     * and, with "customized PTX instructions and auto-tuned communication chunk size", keep their
     * use of the L2 cache and their "interference to other SMs" low (§3.2.2): the compute beside
     * them loses those SMs and the HBM bandwidth they move, not the contention fitted to NCCL's
     * collectives.
     */
    DUALPIPE("dualpipe");

    private final String key;

    EpOverlap(String key) {
        this.key = key;
    }

    /**
     * SMs DeepSeek-V3 gives its dispatch and combine kernels under DualPipe: "only 20 SMs are
     * sufficient to fully utilize the bandwidths of IB and NVLink" of an H800's 132 (arXiv 2412.19437
     * §3.2.2); DeepEP's normal kernels default to 20–24 (its README, {@code Buffer.set_num_sms}).
     */
    public static final double DUALPIPE_SMS = 20;

    /**
     * SMs the all-to-all kernels hold while they run beside compute: DeepSeek's 20 under DualPipe;
     * under the 1F1B overlap Megatron-Core's dispatcher runs NCCL's all-to-all, which takes
     * {@code ncclSms} (the calibration's collective SMs); none when nothing overlaps.
     */
    public double communicationSms(double ncclSms) {
        return switch (this) {
            case NONE -> 0;
            case ONE_F_ONE_B -> ncclSms;
            case DUALPIPE -> DUALPIPE_SMS;
        };
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
