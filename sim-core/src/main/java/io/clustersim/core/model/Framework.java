package io.clustersim.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training framework a scenario runs on ({@code software.framework}): which plans it can run
 * (sharding stages, pipeline schedules, context-parallel style) and the defaults it really uses
 * (overlaps, gradient-reduction precision). {@link #GENERIC} — the default — runs every plan with
 * the step model's historical defaults, so scenarios that state their software flags keep their
 * figures.
 *
 * <pre>{@code
 * Framework f = Framework.parse("torchtitan");
 * boolean ok = f.problems(plan).isEmpty();       // FSDP2 + TP + PP: yes; ZeRO-1: no
 * SoftwareSpec s = f.defaults();                  // flash attention, fp32 gradient reduce-scatter, ...
 * }</pre>
 *
 * <h2>Maintainer notes</h2>
 * What each framework offers, from its own documentation and arguments (2024–2026 releases):
 * <ul>
 *   <li><b>megatron</b> (Megatron-LM / Megatron-Core): DDP, the distributed optimizer (ZeRO-1,
 *       {@code --use-distributed-optimizer}) with any TP/PP/VP/CP/EP; Megatron-FSDP
 *       ({@code --use-custom-fsdp}: {@code optim_grads} = ZeRO-2, {@code optim_grads_params} =
 *       ZeRO-3) only without pipeline parallelism. Gradients accumulate and reduce in fp32 with
 *       BF16 ({@code accumulate_allreduce_grads_in_fp32} is switched on for bf16). CP is ring
 *       attention (P2P). Gradient reduction overlaps ({@code --overlap-grad-reduce}); the distributed
 *       optimizer's parameter all-gather runs with it after the last backward
 *       ({@code --overlap-param-gather} is off by default); backward TP collectives overlap
 *       (asynchronous TP all-reduce).</li>
 *   <li><b>nemo</b> (NeMo 2 / Megatron-Bridge, on Megatron-Core): the same plans and defaults
 *       ({@code grad_reduce_in_fp32 = True} in its bf16 mixed-precision recipes), and its performance
 *       recipes' {@code MegatronCommOverlapCallback}: forward TP collectives chunked behind their
 *       GEMMs ({@code tp_comm_overlap}, Transformer Engine's userbuffers), {@code overlap_p2p_comm}
 *       with virtual stages, {@code overlap_param_gather} ({@link #overlapsTpForward()},
 *       {@link #overlapsPipelineSends()}, {@link #overlapsParamGather()}); FP8 weights kept and gathered
 *       in FP8 ({@link #gathersFp8Weights()}). Megatron-Core's experts run one GEMM kernel per expert
 *       under both {@code megatron} and {@code nemo} ({@link ExpertGemm#PER_EXPERT}), and a gated
 *       MLP's gate and up projections one GEMM ({@code linear_fc1}, {@link #fusesGateUp()}); what
 *       Megatron-Core leaves unfused of gpt-oss-style layers — a clamped SwiGLU clamped apart, the
 *       experts' second bias added per expert, YaRN RoPE without the fused kernel
 *       ({@link #clampsSwigluApart()}, {@link #expertBias()}, {@link #fusesYarnRope()}).</li>
 *   <li><b>torchtitan</b>: FSDP2 (per-parameter sharding; ZeRO-3, or ZeRO-2 with
 *       {@code reshard_after_forward = False}, its default under PP), HSDP, DDP; TP with sequence
 *       parallelism, PP with interleaved schedules, ring-attention CP. No ZeRO-1. FSDP2's
 *       {@code MixedPrecisionPolicy} reduces gradients in fp32 ({@code mixed_precision_reduce}).
 *       The backward TP collectives are not overlapped unless async TP is on.</li>
 *   <li><b>maxtext</b> (JAX/XLA on TPU and GPU): data and FSDP sharding axes (ZeRO-0 or ZeRO-3; XLA
 *       overlaps the weight gathers), TP, PP without interleaving, CP as an all-gather of K and V.
 *       Gradients reduce in the activation precision (bf16).</li>
 *   <li><b>deepspeed</b> (with Megatron-DeepSpeed for TP): ZeRO 0–3, but its pipeline engine only
 *       combines with ZeRO-1 (stages 2 and 3 are refused with PP); no interleaved schedule; CP is
 *       Ulysses (all-to-all). {@code overlap_comm} overlaps the gradient reduce-scatter with
 *       backward; ZeRO-2 and ZeRO-3 reduce-scatter every micro-batch.</li>
 * </ul>
 */
public enum Framework {
    /** Any plan; the step model's historical defaults (bf16 gradient reduction, KV all-gather CP). */
    GENERIC,
    MEGATRON,
    NEMO,
    TORCHTITAN,
    MAXTEXT,
    DEEPSPEED;

    /** The framework named {@code name} (case-insensitive). */
    public static Framework parse(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    /** The name as a scenario spells it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The software this framework runs by default: flash attention, the overlaps it does, the
     * precision in which it reduces gradients, how context parallelism exchanges K and V, and
     * whether it offloads activations to host memory when a plan needs it (Megatron/NeMo:
     * {@code --cpu-offloading}, used by NeMo's Grace–Blackwell recipes; MaxText: its offloading
     * remat policies; torchtitan and DeepSpeed: not by default — a plan that does not fit is an
     * out-of-memory error there).
     */
    public SoftwareSpec defaults() {
        SoftwareSpec base = switch (this) {
            case GENERIC -> new SoftwareSpec(true, true, true, this, 2, 1, ContextComm.ALL_GATHER, true);
            case MEGATRON, NEMO -> new SoftwareSpec(true, true, true, this, 4, 1, ContextComm.RING, true);
            case TORCHTITAN -> new SoftwareSpec(true, true, false, this, 4, 1, ContextComm.RING, false);
            case MAXTEXT -> new SoftwareSpec(true, true, true, this, 2, 1, ContextComm.ALL_GATHER, true);
            case DEEPSPEED -> new SoftwareSpec(true, true, true, this, 2, 1, ContextComm.ALL_TO_ALL, false);
        };
        return base.withExpertParallel(base.expertParallel().withExpertGemm(expertGemm()).withExpertBias(expertBias()))
                .withFp8WeightGather(gathersFp8Weights());
    }

    /**
     * How this framework launches the routed experts' GEMMs by default ({@code software.expert-gemm}):
     * a kernel per expert under Megatron-Core ({@code megatron}, {@code nemo}: Transformer Engine's
     * {@code GroupedLinear}) and DeepSpeed-MoE, one grouped kernel otherwise ({@link ExpertGemm}).
     */
    public ExpertGemm expertGemm() {
        return this == MEGATRON || this == NEMO || this == DEEPSPEED ? ExpertGemm.PER_EXPERT : ExpertGemm.GROUPED;
    }

    /**
     * How this framework adds the experts' biases by default ({@code software.expert-bias}): the
     * second per expert under Megatron-Core ({@link ExpertBias#SECOND}), in the GEMMs otherwise.
     */
    public ExpertBias expertBias() {
        return this == MEGATRON || this == NEMO ? ExpertBias.SECOND : ExpertBias.FUSED;
    }

    /**
     * Whether a clamped SwiGLU ({@link TransformerSpec#swigluClamp()}) is clamped in kernels of its
     * own before the fused activation: Megatron-Core's {@code weighted_bias_quick_geglu_impl} chunks
     * the input, clamps each half and concatenates them, then copies the linear offset to the GPU
     * (megatron/core/fusions/fused_bias_geglu.py @ 55ac708, l. 424–434). Other frameworks are taken to
     * fuse it.
     */
    public boolean clampsSwigluApart() {
        return this == MEGATRON || this == NEMO;
    }

    /**
     * Whether YaRN-scaled RoPE ({@link RopeScaling#YARN}) runs in the fused RoPE kernel: not under
     * Megatron-Bridge, which turns RoPE fusion off for any position embedding but {@code rope}
     * (src/megatron/bridge/utils/fusions.py @ v0.3.1, {@code validate_rope_fusion_compatibility}), so
     * Megatron-Core rotates Q and K with separate multiplies, a negation and a concatenation.
     */
    public boolean fusesYarnRope() {
        return this != MEGATRON && this != NEMO;
    }

    /**
     * Whether a gated MLP's gate and up projections run as one GEMM of their joint width: Megatron-Core's
     * {@code linear_fc1} (megatron/core/transformer/mlp.py: {@code ffn_hidden_size * 2} when
     * {@code gated_linear_unit}; Transformer Engine's {@code LayerNormMLP} under NeMo) and
     * Megatron-DeepSpeed's {@code dense_h_to_4h} with SwiGLU. torchtitan's Llama {@code FeedForward}
     * ({@code w1}, {@code w3}) and MaxText's {@code wi_0}, {@code wi_1} are two GEMMs, and
     * {@link #GENERIC} keeps the step model's historical two. The routed experts' gate and up are
     * priced as one grouped GEMM in every profile (DeepGEMM and Megatron-Core fuse them; torchtitan's
     * separate grouped {@code w1}/{@code w3} would add one launch per layer, not modelled).
     */
    public boolean fusesGateUp() {
        return this == MEGATRON || this == NEMO || this == DEEPSPEED;
    }

    /**
     * Whether the router's weights multiply the expert activation before the second expert GEMM, so
     * the combine is a plain sum that keeps no expert output for backward: Megatron-Core's grouped
     * MLPs apply {@code permuted_probs} in their activation ({@code bias_act_func} in
     * megatron/core/transformer/moe/experts.py @ 55ac7082). Elsewhere (DeepEP's weighted combine,
     * {@link #GENERIC}) each expert's output is kept for the weights' gradient.
     */
    public boolean weighsInsideExperts() {
        return this == MEGATRON || this == NEMO;
    }

    /**
     * Whether ZeRO-2 reduce-scatters the gradients after every micro-batch (DeepSpeed, FSDP2 without
     * resharding) rather than once after the last (Megatron's buffers, and {@link #GENERIC}).
     * Under pipeline parallelism torchtitan's schedules also reduce once, after the last.
     */
    public boolean zero2ReducesEveryMicroBatch(ParallelismPlan plan) {
        return this == DEEPSPEED || (this == TORCHTITAN && plan.pipeline() == 1);
    }

    /**
     * Whether the sharded optimizer's all-gather of the updated weights runs behind the next step's
     * forward (Megatron-Core's {@code overlap_param_gather}, on in NeMo's and Megatron-Bridge's
     * recipes) rather than behind the last backward with the gradient reduction.
     */
    public boolean overlapsParamGather() {
        return this == NEMO;
    }

    /**
     * Whether, by default ({@code software.fp8-weight-gather}), the weights are kept and all-gathered
     * in FP8 under FP8 training with one scale per tensor ({@code fp8_param_gather = True}: NeMo's FP8
     * mixed-precision recipes, nemo/collections/llm/recipes/precision/mixed_precision.py, and Megatron-Bridge's,
     * src/megatron/bridge/training/mixed_precision.py @ v0.3.0; Megatron-LM's {@code --fp8-param-gather}
     * is off by default). MXFP8 gathers through the BF16 gradient buffer
     * ({@code reuse_grad_buf_for_mxfp8_param_ag}) and the block-scaled recipes keep BF16 weights, so
     * only FP8 with current or delayed scaling halves the gathered bytes.
     */
    public boolean gathersFp8Weights() {
        return this == NEMO;
    }

    /**
     * Whether the forward tensor-parallel collectives (with sequence parallelism: the all-gathers
     * before QKV and MLP-up, the reduce-scatters after the output projection and MLP-down) run
     * chunked behind their GEMMs — Transformer Engine's userbuffers, {@code tp_comm_overlap = True}
     * in NeMo's and Megatron-Bridge's performance recipes of every model with TP &gt; 1
     * ({@code MegatronCommOverlapCallback}); off by default in Megatron-LM
     * ({@code --tp-comm-overlap}). The default of {@link SoftwareSpec#overlapTpForward()}
     * ({@code software.overlap-tp-forward}), which a scenario may override — Megatron-Bridge's NVFP4
     * presets turn it off.
     */
    public boolean overlapsTpForward() {
        return this == NEMO;
    }

    /**
     * Whether the interleaved pipeline schedule overlaps its sends and receives with compute
     * (Megatron-Core's {@code overlap_p2p_comm}: Megatron-LM's default with virtual stages, and
     * NeMo's {@code MegatronCommOverlapCallback} turns it on when virtual stages &gt; 1).
     */
    public boolean overlapsPipelineSends() {
        return this == MEGATRON || this == NEMO;
    }

    /**
     * Why this framework cannot run the plan, one problem per reason; empty when it can. The one
     * rule of which plans a framework runs: plan search ({@link #runs}, through the step model),
     * the API's checks of a stated plan and the scenario loader's (located) check all ask it. It
     * reads the plan's DP, ZeRO stage, pipeline and virtual stages only — never sequence
     * parallelism or recomputation — so plan search asks it once per layout and ZeRO stage.
     */
    public List<Problem> problems(ParallelismPlan plan) {
        List<Problem> out = new ArrayList<>(0);
        int zero = plan.data() > 1 ? plan.zeroStage() : 0;
        String who = key();
        switch (this) {
            case GENERIC -> { }
            case MEGATRON, NEMO -> {
                if (zero >= 2 && plan.pipeline() > 1) {
                    out.add(new Problem("parallelism.zero-stage", "zero-stage = " + zero + ": " + who
                            + " shards gradients or weights (Megatron-FSDP) only without pipeline parallelism; use"
                            + " zero-stage = 1 (the distributed optimizer) with pp = " + plan.pipeline()));
                }
            }
            case TORCHTITAN -> {
                if (zero == 1) {
                    out.add(new Problem("parallelism.zero-stage", "zero-stage = 1: torchtitan shards with FSDP2"
                            + " (zero-stage 2 without resharding after forward, or 3) or replicates (0); it has no"
                            + " optimizer-only sharding"));
                }
            }
            case MAXTEXT -> {
                if (zero == 1 || zero == 2) {
                    out.add(new Problem("parallelism.zero-stage", "zero-stage = " + zero + ": maxtext shards"
                            + " weights, gradients and optimizer state together (its fsdp axis, zero-stage 3) or none"));
                }
                if (plan.virtualStages() > 1) {
                    out.add(new Problem("parallelism.virtual-stages", "maxtext has no interleaved pipeline schedule"
                            + " (virtual-stages must be 1)"));
                }
            }
            case DEEPSPEED -> {
                if (zero >= 2 && plan.pipeline() > 1) {
                    out.add(new Problem("parallelism.zero-stage", "zero-stage = " + zero + ": deepspeed's pipeline"
                            + " engine runs only with zero-stage 0 or 1"));
                }
                if (plan.virtualStages() > 1) {
                    out.add(new Problem("parallelism.virtual-stages", "deepspeed has no interleaved pipeline schedule"
                            + " (virtual-stages must be 1)"));
                }
            }
        }
        return out;
    }

    /**
     * Whether the framework can run the plan: {@link #problems} is empty (cheap for {@link #GENERIC};
     * what plan search asks, through {@link AnalyticStepModel#runs}).
     */
    public boolean runs(ParallelismPlan plan) {
        if (this == GENERIC) {
            return true;
        }
        return problems(plan).isEmpty();
    }
}
