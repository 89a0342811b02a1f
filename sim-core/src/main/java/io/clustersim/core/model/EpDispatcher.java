package io.clustersim.core.model;

/**
 * How the token dispatcher moves a token's top-k copies between the scale-up domains of the
 * expert-parallel group ({@code software.ep-dispatcher}): a property of the software, not of the
 * model's routing ({@code model.moe.node-limit} caps the domains a token may reach whichever
 * dispatcher runs).
 *
 * <pre>{@code
 * ExpertParallelSoftware deepEp = ExpertParallelSoftware.DEFAULT.withDispatcher(EpDispatcher.DEEPEP);
 * }</pre>
 */
public enum EpDispatcher {
    /**
     * Every copy on its own (NCCL's all-to-all; Megatron-Core's
     * {@code moe_token_dispatcher_type = "alltoall"}): a token with k experts in another domain
     * crosses the fabric k times — unless the model's routing is node-limited.
     */
    ALL_TO_ALL,
    /**
     * One copy per destination domain, forwarded inside it over the scale-up links (DeepSeek's
     * DeepEP "normal" kernels: RDMA to the destination node's GPU of the same local rank, then
     * NVLink; NVIDIA's HybridEP moves the same traffic: Megatron-Core's
     * {@code moe_token_dispatcher_type = "flex"} with either backend). A token crosses the fabric
     * once per distinct remote domain among its top-k experts, and is sent once to each distinct rank
     * holding any of them, which permutes it into its experts' copies ({@link ExpertReach}).
     */
    DEEPEP;

    /** Whether a token is sent once per destination domain and rank rather than once per copy. */
    public boolean dedupsPerDomain() {
        return this == DEEPEP;
    }
}
