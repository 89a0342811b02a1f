package io.clustersim.core.model;

/**
 * How context parallelism exchanges keys and values between the ranks that split a sequence
 * ({@code software.context-parallel}).
 *
 * <pre>{@code
 * SoftwareSpec s = Framework.MEGATRON.defaults(); // s.contextComm() == ContextComm.RING
 * }</pre>
 */
public enum ContextComm {
    /**
     * All-gather K and V before attention, reduce-scatter their gradients after (Llama 3's CP):
     * one collective each way, behind the attention core.
     */
    ALL_GATHER,
    /**
     * Ring attention (Megatron-Core, torchtitan): cp − 1 point-to-point steps, each passing one
     * chunk of K and V on while the attention of the chunk in hand runs; backward also passes the
     * K and V gradients.
     */
    RING,
    /**
     * Ulysses (DeepSpeed): all-to-alls turn the sequence split into a head split before attention
     * (Q, K and V) and back after it (the output), exposed; backward the same again.
     */
    ALL_TO_ALL
}
