package io.clustersim.scenarios.keys;

import io.clustersim.core.model.AttentionKernel;
import io.clustersim.core.model.ContextComm;
import io.clustersim.core.model.Optimizer;
import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.core.model.EpDispatcher;
import io.clustersim.core.model.ExpertBias;
import io.clustersim.core.model.ExpertGemm;
import io.clustersim.core.model.Framework;
import io.clustersim.core.model.Recompute;
import io.clustersim.core.model.RecomputeModule;
import io.clustersim.topology.Precision;

import java.util.Arrays;
import java.util.List;

import static io.clustersim.scenarios.keys.ScenarioKey.Type.BOOLEAN;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.INTEGER;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.NAMES;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.NUMBER;
import static io.clustersim.scenarios.keys.ScenarioKey.choice;
import static io.clustersim.scenarios.keys.ScenarioKey.of;

/** The {@code parallelism.*} and {@code software.*} keys: the plan (stated or searched) and the framework. */
final class PlanKeys {

    private PlanKeys() {
    }

    private static String[] moduleNames() {
        return Arrays.stream(RecomputeModule.values()).map(RecomputeModule::configName).toArray(String[]::new);
    }

    static final List<ScenarioKey> KEYS = List.of(
            choice("parallelism", "search").required()
                    .means("The plan: a section parallelism { tp, pp, dp, ... }, or the word search (the global"
                            + " batch is then target.global-batch).")
                    .notes("search the plan (`clustersim plan` explains the search); the global batch is "
                            + "`target.global-batch`. On several datacenters the search follows `parallelism.cross-dc` (give "
                            + "it next to `search = true`) and ranks by the fleet's step, WAN included (default: a stated "
                            + "plan)"),
            of("parallelism.search", BOOLEAN).byDefault("false")
                    .means("Search the plan; every other parallelism key given then fixes that dimension.")
                    .notes("`true`: search the plan; every other `parallelism.*` key given then *fixes* that dimension "
                            + "(e.g. `tp = 8`, `recompute = full`) and the rest is searched (default: false)"),
            of("parallelism.tp", INTEGER).min(1).byDefault("1").means("Tensor-parallel degree.")
                    .notes("(`parallelism.tp`, `.pp`, `.dp`) tensor, pipeline, data parallel degrees (default: 1, 1, "
                            + "required)"),
            of("parallelism.pp", INTEGER).min(1).byDefault("1").means("Pipeline-parallel degree."),
            of("parallelism.dp", INTEGER).min(1).byDefault("required with a stated plan")
                    .means("Data-parallel degree (tp × cp × pp × dp = chips)."),
            of("parallelism.cp", INTEGER).min(1).byDefault("1").means("Context-parallel degree.")
                    .notes("(`parallelism.cp`, `.ep`, `.etp`) context-parallel degree (tp × cp × pp × dp = chips); "
                            + "expert-parallel degree (divides the experts); expert tensor-parallel degree (divides tp and the "
                            + "expert FFN). MoE layers regroup a stage's tp × cp × dp ranks as etp × ep × expert-data (\"MoE "
                            + "parallel folding\", Megatron-Core), so ep × etp must divide tp × cp × dp — EP may exceed DP "
                            + "(default: 1, 1, 1)"),
            of("parallelism.ep", INTEGER).min(1).byDefault("1")
                    .means("Expert-parallel degree (divides the experts; ep × etp divides tp × cp × dp)."),
            of("parallelism.etp", INTEGER).min(1).byDefault("1")
                    .means("Expert tensor-parallel degree (divides tp and the expert FFN)."),
            of("parallelism.virtual-stages", INTEGER).min(1).byDefault("1")
                    .means("Model chunks per pipeline rank (interleaved 1F1B when > 1); at most a stage's layers. Chunks may be"
                            + " unequal when they do not divide a stage's layers (Megatron-Core's pipeline layout); the bubble"
                            + " follows the largest. A search proposes even splits unless this is fixed.")
                    .notes("model chunks per pipeline rank (interleaved 1F1B when > 1), at most a stage's layers; unequal"
                            + " chunks when they do not divide them (default: 1)"),
            of("parallelism.first-stage-layers", INTEGER).min(1).byDefault("the even split")
                    .means("Transformer layers on the first pipeline rank (all its virtual stages), as Megatron's"
                            + " --decoder-first-pipeline-num-layers or a pipeline layout places them; the ranks neither"
                            + " this nor last-stage-layers states split the other layers evenly. A stated plan only.")
                    .notes("(`parallelism.first-stage-layers`, `.last-stage-layers`) transformer layers on the first and "
                            + "on the last pipeline rank, which also holds the output layer and any MTP modules (Megatron's "
                            + "`--decoder-first/last-pipeline-num-layers`, or what a `pipeline_model_parallel_layout` puts "
                            + "on those ranks); the other ranks split the rest evenly; a stated plan only (default: the even "
                            + "split: ceil(layers / pp) per stage, the first and last giving up the difference)"),
            of("parallelism.last-stage-layers", INTEGER).min(1).byDefault("the even split")
                    .means("Transformer layers on the last pipeline rank, which also holds the output layer and any"
                            + " multi-token prediction modules. A stated plan only."),
            of("parallelism.micro-batch", INTEGER).min(1).byDefault("1").means("Sequences per micro-batch.")
                    .notes("(`parallelism.micro-batch`, `.global-batch`) sequences per micro-batch; per optimizer step "
                            + "(default: 1; required)"),
            of("parallelism.global-batch", INTEGER).min(1).byDefault("required, or target.global-batch")
                    .means("Sequences per optimizer step."),
            of("parallelism.sequence-parallel", BOOLEAN).byDefault("false")
                    .means("Sequence parallelism with tensor parallelism.")
                    .notes("(`parallelism.sequence-parallel`, `.zero-stage`, `.recompute`) sequence parallelism with TP; "
                            + "ZeRO 0–3 (1 = Megatron's distributed optimizer, 3 = FSDP), sharded over dp × cp (the ranks "
                            + "holding the same weights); `none` / `selective` / `full` (default: false, 0, none)"),
            of("parallelism.zero-stage", INTEGER).min(0).max(3).byDefault("0")
                    .means("ZeRO stage (1 = Megatron's distributed optimizer, 3 = FSDP), sharded over dp × cp."),
            choice("parallelism.recompute", Recompute.class).byDefault("none").means("Activation recomputation."),
            of("parallelism.recompute-modules", NAMES).words(moduleNames())
                    .byDefault(String.join(", ", RecomputeModule.configNames(RecomputeModule.SELECTIVE_DEFAULT)))
                    .means("What selective recomputation reruns, named as Megatron-Core's --recompute-modules: core_attn"
                            + " (the attention core), mla_up_proj (MLA's up-projections), layernorm (the norms that are"
                            + " modules of their own: MoE layers' pre-MLP norm, MLA's input norm), mlp (dense layers' MLP),"
                            + " moe_act (the experts' activation), shared_experts, moe (the whole MoE block, its"
                            + " all-to-alls again). Each drops the activations it would keep and costs its forward once"
                            + " more. Only with recompute = selective.")
                    .notes("what `selective` reruns, as Megatron-Core's `--recompute-modules` names it: `core_attn`, "
                            + "`mla_up_proj`, `layernorm`, `mlp`, `moe_act`, `shared_experts`, `moe` (`model.RecomputeModule` "
                            + "documents each); with `recompute = selective` only (default: `core_attn`, `mla_up_proj`, "
                            + "`moe_act` — modules the model lacks cost nothing)"),
            of("parallelism.shard-group", INTEGER).min(0).byDefault("all of dp")
                    .means("HSDP: data-parallel ranks sharing one sharded copy of the ZeRO state (divides dp); a"
                            + " stated plan only.")
                    .notes("HSDP: data-parallel ranks sharing one sharded copy of the ZeRO state (divides dp; the copies "
                            + "are all-reduced once per step); a stated plan only (default: all of dp)"),
            choice("parallelism.cross-dc", CrossDcSpec.Method.class).byDefault("hierarchical-dp")
                    .means("How a step crosses datacenters: hierarchical data parallelism, pipeline stages split"
                            + " across sites, or DiLoCo.")
                    .notes("how a step crosses datacenters: `hierarchical-dp`, `pipeline` (stages split across datacenters "
                            + "in the order listed), `diloco` (see [Multi-datacenter fleets](multi-datacenter.md)) (default: "
                            + "`hierarchical-dp`)"),
            of("parallelism.diloco.inner-steps", INTEGER).min(1).byDefault("required with diloco")
                    .means("H, inner steps between outer synchronisations.").needs("parallelism.cross-dc")
                    .notes("H, inner steps between outer synchronisations (default: required with `diloco`)"),
            of("parallelism.diloco.fragments", INTEGER).min(1).byDefault("1")
                    .means("Streaming DiLoCo: fragments synchronised inner-steps / fragments steps apart (divides"
                            + " inner-steps).")
                    .notes("(`parallelism.diloco.fragments`, `.outer-precision`, `.overlap-steps`) Streaming DiLoCo: "
                            + "fragments synchronised H/fragments steps apart (must divide `inner-steps`); precision of the "
                            + "outer deltas (`fp32`, `bf16`, `fp8`, `int4`); inner steps a fragment's sync may run behind "
                            + "(default: 1, fp32, 0)"),
            choice("parallelism.diloco.outer-precision", "fp32", "bf16", "fp16", "fp8", "int8", "fp4", "int4")
                    .byDefault("fp32").means("Precision of the outer deltas sent over the WAN."),
            of("parallelism.diloco.overlap-steps", INTEGER).min(0).byDefault("0")
                    .means("Inner steps a fragment's synchronisation may run behind."),
            of("parallelism.diloco.token-efficiency", NUMBER).above(0).max(1).byDefault("1, with a warning")
                    .means("Tokens synchronous training needs over those DiLoCo with this H needs for the same loss.")
                    .notes("tokens synchronous training needs over the tokens DiLoCo with this H needs for the same loss, "
                            + "in (0, 1]; the run trains target / efficiency tokens (default: 1.0, with a warning)"),
            choice("software.framework", Framework.class).byDefault("generic")
                    .means("Sets the software defaults to what that framework does and refuses plans it cannot run.")
                    .notes("`generic`, `megatron`, `nemo`, `torchtitan`, `maxtext`, `deepspeed`: sets the defaults below to "
                            + "what that framework does, refuses a stated plan it cannot run (located at the key, e.g. "
                            + "ZeRO-2/3 with PP under `megatron`/`deepspeed`, ZeRO-1 under `torchtitan`, interleaving under "
                            + "`maxtext`/`deepspeed`), and plan search skips such plans (`model.Framework` documents each); "
                            + "`megatron` and `nemo` also gather the sharded optimizer's weights behind the next step's forward "
                            + "and overlap the interleaved schedule's sends, and `nemo` runs the forward TP collectives "
                            + "chunked behind their GEMMs (userbuffers, `tp_comm_overlap`; `software.overlap-tp-forward`, "
                            + "off under nvfp4) "
                            + "(default: `generic` (every plan; the defaults as stated here))"),
            of("software.flash-attention", BOOLEAN).byDefault("true")
                    .means("Fused attention: no s × s scores in HBM, the masked half skipped.")
                    .notes("(`software.flash-attention`, `software.overlap-grad-reduce`, `software.overlap-tp-backward`) "
                            + "fused attention (no s×s scores in HBM, masked half skipped); DP gradient reduction overlapped "
                            + "with backward; each backward TP collective run behind its layer's weight-gradient GEMM "
                            + "(Megatron-LM's asynchronous TP all-reduce, default since 2022) (default: true, true, true "
                            + "(torchtitan: overlap-tp-backward false))"),
            choice("software.attention-kernel", AttentionKernel.class).byDefault("fused")
                    .means("Which fused-attention kernel runs the attention core.")
                    .notes("`fused` (the chip's own: cuDNN's fused attention or FlashAttention-3 on Hopper and "
                            + "Blackwell, FlashAttention-2 on Ampere; its fitted rate) or `flash-attn-2` (FlashAttention-2, what "
                            + "Transformer Engine runs with `NVTE_FUSED_ATTN=0`, as NVIDIA's 2024 launch environment set it): on "
                            + "Hopper 0.337 of the BF16 peak, forward and backward (FlashAttention-3 paper, arXiv 2407.08608); "
                            + "Ampere and Hopper only; refused beside `software.flash-attention = false`, which runs no fused "
                            + "kernel (default: `fused`)"),
            of("software.overlap-grad-reduce", BOOLEAN).byDefault("true")
                    .means("Data-parallel gradient reduction overlapped with the backward pass."),
            of("software.overlap-tp-backward", BOOLEAN).byDefault("true (torchtitan: false)")
                    .means("Each backward TP collective runs behind its layer's weight-gradient GEMM."),
            of("software.overlap-tp-forward", BOOLEAN).byDefault("false (nemo: true, but false under nvfp4 as its presets)")
                    .means("With sequence parallelism, the forward TP all-gathers and reduce-scatters run chunked "
                            + "behind their GEMMs (Transformer Engine's userbuffers, tp_comm_overlap; dense layers only)."),
            choice("software.grad-reduce", "bf16", "fp32").byDefault("bf16 (megatron, nemo, torchtitan: fp32)")
                    .means("Precision of the data-parallel gradient reduction.")
                    .notes("precision of the data-parallel gradient reduction: `bf16` or `fp32` (default: `bf16` (megatron, "
                            + "nemo, torchtitan: `fp32`))"),
            of("software.prefetch", INTEGER).min(1).byDefault("1")
                    .means("ZeRO-3/FSDP units gathered ahead of the one computed.")
                    .notes("ZeRO-3/FSDP units gathered ahead of the one computed (each an unsharded unit of memory) "
                            + "(default: 1)"),
            choice("software.context-parallel", ContextComm.class)
                    .byDefault("all-gather (megatron, nemo, torchtitan: ring; deepspeed: all-to-all)")
                    .means("How context parallelism exchanges keys and values.")
                    .notes("`all-gather` (K, V gathered behind attention; Llama 3), `ring` (ring attention: cp − 1 P2P "
                            + "steps), `all-to-all` (Ulysses) (default: `all-gather` (megatron, nemo, torchtitan: `ring`; "
                            + "deepspeed: `all-to-all`))"),
            of("software.activation-offload", BOOLEAN).byDefault("true (torchtitan, deepspeed: false)")
                    .means("When a plan does not fit, move as few layers' activations to host memory as make it fit.")
                    .notes("when a plan does not fit, move as few layers' activations to host memory as make it fit (NeMo's "
                            + "`cpu_offloading_num_layers`), paying the host link (`model.HostLink`) beyond what hides behind "
                            + "compute (default: true (torchtitan, deepspeed: false))"),
            of("software.fp8-weight-gather", BOOLEAN).byDefault("false (nemo: true)")
                    .means("Under FP8 with per-tensor scales, keep the weights in FP8 and all-gather them in FP8.")
                    .notes("under `fp8` or `fp8-delayed`, keep the weights in FP8 and move one byte per weight in the "
                            + "data-parallel all-gathers instead of two (Megatron-Core's `fp8_param_gather`, on in NeMo's and "
                            + "Megatron-Bridge's FP8 recipes, off by default in Megatron-LM; MXFP8 and the block-scaled "
                            + "formats always gather two bytes) (default: false (nemo: true))"),
            of("software.fp8-activation-inputs", BOOLEAN).byDefault("false")
                    .means("Under a low-precision format, keep the activation function's inputs (gate and up) for"
                            + " backward in FP8 instead of BF16 (Megatron-Core's activation_func_fp8_input_store;"
                            + " DeepSeek-V3's cached SwiGLU inputs, arXiv 2412.19437 §3.3.2). No effect in BF16."),
            choice("software.optimizer", Optimizer.class).byDefault("adam")
                    .means("The optimizer: its state per parameter in memory and the HBM traffic of its step.")
                    .notes("`adam` (AdamW: FP32 master weights, m and v, 12 bytes per parameter) or `muon` (Kimi K2's "
                            + "MuonClip: FP32 master weights and one momentum, 8 bytes); Muon's Newton–Schulz work is not "
                            + "charged (a few per cent of a step, Liu et al. 2025) and checkpoints keep Adam's 14 bytes per "
                            + "parameter (default: `adam`)"),
            choice("software.ep-overlap", "none", "1f1b", "dualpipe").byDefault("none")
                    .means("What hides the expert all-to-all: nothing, another micro-batch's compute in steady 1F1B,"
                            + " or DualPipe.")
                    .notes("what hides the expert all-to-all: `none`; `1f1b` (Megatron-Core's "
                            + "`--overlap-moe-expert-parallel-comm`: in the steady 1F1B phase one micro-batch's all-to-all "
                            + "runs behind another's compute; warm-up and cool-down stay exposed); `dualpipe` (DeepSeek-V3: "
                            + "the same overlap, a bubble of (p/2 − 1)/(p − 1) of 1F1B's, two stages' weights and gradients "
                            + "per rank, each rank running stages r and p − 1 − r for half the micro-batches, so the first and "
                            + "last stage share a rank; with a pipeline it needs an even pp, an even number of micro-batches per replica and "
                            + "no virtual stages; at pp = 1 only its overlap, with DeepSeek's 20 SMs, applies) (default: `none`)"),
            choice("software.ep-dispatch", Precision.class).byDefault("bf16")
                    .means("Precision tokens travel in to the experts.")
                    .notes("(`software.ep-dispatch`, `software.ep-combine`) precision tokens travel in to the experts and "
                            + "back (`bf16`, `fp8`; DeepSeek-V3 dispatches in FP8, combines in BF16), one byte per element in the "
                            + "8-bit formats and 0.5625 in `nvfp4`; a format the chip has no peak for is refused, as for "
                            + "`model.precision` (default: `bf16`, `bf16`)"),
            choice("software.ep-combine", Precision.class).byDefault("bf16")
                    .means("Precision expert outputs travel back in."),
            choice("software.ep-dispatcher", EpDispatcher.class).byDefault("all-to-all")
                    .means("How the token dispatcher sends a token's top-k copies to other scale-up domains.")
                    .notes("`all-to-all` (NCCL's all-to-all, Megatron-Core's `alltoall` dispatcher: each copy "
                            + "crosses the fabric on its own, unless `model.moe.node-limit` limits the routing) or "
                            + "`deepep` (DeepEP's normal kernels, and NVIDIA's HybridEP, which moves the same traffic: "
                            + "Megatron-Core's `flex` dispatcher with either backend — a token crosses the fabric once "
                            + "per distinct destination domain among its top-k experts (of the EP group's d domains, "
                            + "counting its own, at most `node-limit`), and once to each distinct rank holding any of "
                            + "them, which permutes it locally — fewer copies than k, inside one domain too; how many "
                            + "depends on `model.moe.routing`) (default: `all-to-all`)"),
            choice("software.expert-gemm", ExpertGemm.class).byDefault("grouped (megatron, nemo, deepspeed: per-expert)")
                    .means("How the routed experts' GEMMs are launched: one grouped kernel, or a kernel per local expert.")
                    .notes("`grouped` (one kernel over the local experts: DeepSeek's DeepGEMM, `torch._grouped_mm`; the "
                            + "per-kernel overhead paid once) or `per-expert` (Megatron-Core's grouped MLP on Transformer "
                            + "Engine's `GroupedLinear`, which launches a cuBLAS GEMM per expert over several streams, and "
                            + "DeepSpeed-MoE's loop over its experts: the overhead paid per expert) (default: `grouped` "
                            + "(megatron, nemo, deepspeed: `per-expert`))"),
            choice("software.expert-bias", ExpertBias.class).byDefault("fused (megatron, nemo: second)")
                    .means("How the experts' biases are added (for `model.moe.expert-bias`): in the GEMMs, or per expert.")
                    .notes("`fused` (in the grouped GEMMs' epilogues: free), `second` (Megatron-Core: the first "
                            + "linear's bias in its grouped GEMM, the second's added per local expert in Python and "
                            + "concatenated — 6 passes of the experts' output and 2 kernels per expert forward, 8 passes "
                            + "and 4 kernels per expert backward) or `both` (NeMo Automodel's experts: the first's too, "
                            + "over the gate-and-up output — 5 passes and a kernel per expert forward, 3 and one backward) "
                            + "(default: `fused` (megatron, nemo: `second`))"));
}
