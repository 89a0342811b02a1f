package io.clustersim.core.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The parts of a layer selective recomputation reruns in backward, named as Megatron-Core's
 * {@code --recompute-modules} names them. Each drops the activations it would have kept and
 * costs its forward work once more.
 *
 * <pre>{@code
 * ParallelismPlan plan = ParallelismPlan.builder().tp(1).dp(64).ep(64).microBatch(4).globalBatch(1280)
 *         .recompute(Recompute.SELECTIVE)
 *         .recomputeModules(EnumSet.of(RecomputeModule.LAYERNORM, RecomputeModule.MOE_ACT)).build();
 * }</pre>
 *
 * <p>What each reruns and drops follows Megatron-Core's {@code TransformerLayer} and its MoE and MLA
 * modules (NVIDIA/Megatron-LM {@code megatron/core/transformer/transformer_layer.py},
 * {@code moe/experts.py}, {@code multi_latent_attention.py}); where a module is a no-op in the
 * layer (a norm Transformer Engine fuses into the next GEMM, an MLP in an MoE layer) it costs and
 * saves nothing here either.
 */
public enum RecomputeModule {
    /** The attention core (scores, softmax, values): Megatron's default selective recomputation. */
    CORE_ATTN,
    /** MLA's query and key/value up-projections, whose outputs (every head's Q, K, V) are not kept. */
    MLA_UP_PROJ,
    /**
     * Norms that are modules of their own — the pre-MLP norm of MoE layers and MLA's input norm;
     * the norms Transformer Engine fuses into the QKV and MLP-up GEMMs keep their output as that
     * GEMM's input either way.
     */
    LAYERNORM,
    /** The MLP of dense layers (both GEMMs and the activation; MoE layers have {@link #MOE}). */
    MLP,
    /** The routed experts' activation function (Megatron-Core's grouped MLPs; not the shared experts'). */
    MOE_ACT,
    /** The shared experts of MoE layers (their GEMMs and activation). */
    SHARED_EXPERTS,
    /** The whole MoE block: router, dispatch, experts, combine — the all-to-alls run once more too. */
    MOE;

    /**
     * What {@code recompute = selective} reruns when no modules are stated: the attention core,
     * MLA's up-projections and the experts' activation function — the cheap, memory-heavy parts
     * (Korthikanti et al. 2022 for the first; the modules of Megatron-Core's DeepSeek-V3 and MoE
     * recipes for the others). Modules a model does not have cost nothing.
     */
    public static final Set<RecomputeModule> SELECTIVE_DEFAULT =
            Collections.unmodifiableSet(EnumSet.of(CORE_ATTN, MLA_UP_PROJ, MOE_ACT));

    /** The name a scenario gives it: Megatron-Core's, e.g. {@code moe_act}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The {@link #configName()}s of {@code modules}, in declaration order. */
    public static List<String> configNames(Set<RecomputeModule> modules) {
        return modules.stream().sorted().map(RecomputeModule::configName).toList();
    }
}
