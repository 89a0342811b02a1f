package io.clustersim.core.model;

/**
 * The layer recipe of a decoder-only transformer, which decides how parameters are counted.
 */
public enum Architecture {
    /**
     * GPT-2/3 and Megatron-LM's GPT: GELU MLP, biases, LayerNorm, learned position embeddings,
     * input and output embeddings tied. Parameters per layer 12h² + 13h for an FFN of 4h.
     */
    GPT,
    /**
     * Llama 2/3: SwiGLU MLP (three FFN matrices), no biases, RMSNorm, rotary positions (no
     * parameters), untied input and output embeddings.
     */
    LLAMA
}
