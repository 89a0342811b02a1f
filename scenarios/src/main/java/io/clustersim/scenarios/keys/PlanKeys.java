package io.clustersim.scenarios.keys;

import io.clustersim.core.model.ContextComm;
import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.core.model.Framework;
import io.clustersim.core.model.Recompute;
import io.clustersim.topology.Precision;

import java.util.List;

import static io.clustersim.scenarios.keys.ScenarioKey.Type.BOOLEAN;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.INTEGER;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.NUMBER;
import static io.clustersim.scenarios.keys.ScenarioKey.choice;
import static io.clustersim.scenarios.keys.ScenarioKey.of;

/** The {@code parallelism.*} and {@code software.*} keys: the plan (stated or searched) and the framework. */
final class PlanKeys {

    private PlanKeys() {
    }

    static final List<ScenarioKey> KEYS = List.of(
            choice("parallelism", "search").required()
                    .means("The plan: a section parallelism { tp, pp, dp, ... }, or the word search (the global"
                            + " batch is then target.global-batch)."),
            of("parallelism.search", BOOLEAN).byDefault("false")
                    .means("Search the plan; every other parallelism key given then fixes that dimension."),
            of("parallelism.tp", INTEGER).min(1).byDefault("1").means("Tensor-parallel degree."),
            of("parallelism.pp", INTEGER).min(1).byDefault("1").means("Pipeline-parallel degree."),
            of("parallelism.dp", INTEGER).min(1).byDefault("required with a stated plan")
                    .means("Data-parallel degree (tp × cp × pp × dp = chips)."),
            of("parallelism.cp", INTEGER).min(1).byDefault("1").means("Context-parallel degree."),
            of("parallelism.ep", INTEGER).min(1).byDefault("1")
                    .means("Expert-parallel degree (divides the experts; ep × etp divides tp × cp × dp)."),
            of("parallelism.etp", INTEGER).min(1).byDefault("1")
                    .means("Expert tensor-parallel degree (divides tp and the expert FFN)."),
            of("parallelism.virtual-stages", INTEGER).min(1).byDefault("1")
                    .means("Model chunks per pipeline rank (interleaved 1F1B when > 1)."),
            of("parallelism.micro-batch", INTEGER).min(1).byDefault("1").means("Sequences per micro-batch."),
            of("parallelism.global-batch", INTEGER).min(1).byDefault("required, or target.global-batch")
                    .means("Sequences per optimizer step."),
            of("parallelism.sequence-parallel", BOOLEAN).byDefault("false")
                    .means("Sequence parallelism with tensor parallelism."),
            of("parallelism.zero-stage", INTEGER).min(0).max(3).byDefault("0")
                    .means("ZeRO stage (1 = Megatron's distributed optimizer, 3 = FSDP), sharded over dp × cp."),
            choice("parallelism.recompute", Recompute.class).byDefault("none").means("Activation recomputation."),
            of("parallelism.shard-group", INTEGER).min(0).byDefault("all of dp")
                    .means("HSDP: data-parallel ranks sharing one sharded copy of the ZeRO state (divides dp); a"
                            + " stated plan only."),
            choice("parallelism.cross-dc", CrossDcSpec.Method.class).byDefault("hierarchical-dp")
                    .means("How a step crosses datacenters: hierarchical data parallelism, pipeline stages split"
                            + " across sites, or DiLoCo."),
            of("parallelism.diloco.inner-steps", INTEGER).min(1).byDefault("required with diloco")
                    .means("H, inner steps between outer synchronisations.").needs("parallelism.cross-dc"),
            of("parallelism.diloco.fragments", INTEGER).min(1).byDefault("1")
                    .means("Streaming DiLoCo: fragments synchronised inner-steps / fragments steps apart (divides"
                            + " inner-steps)."),
            choice("parallelism.diloco.outer-precision", "fp32", "bf16", "fp16", "fp8", "int8", "fp4", "int4")
                    .byDefault("fp32").means("Precision of the outer deltas sent over the WAN."),
            of("parallelism.diloco.overlap-steps", INTEGER).min(0).byDefault("0")
                    .means("Inner steps a fragment's synchronisation may run behind."),
            of("parallelism.diloco.token-efficiency", NUMBER).above(0).max(1).byDefault("1, with a warning")
                    .means("Tokens synchronous training needs over those DiLoCo with this H needs for the same loss."),
            choice("software.framework", Framework.class).byDefault("generic")
                    .means("Sets the software defaults to what that framework does and refuses plans it cannot run."),
            of("software.flash-attention", BOOLEAN).byDefault("true")
                    .means("Fused attention: no s × s scores in HBM, the masked half skipped."),
            of("software.overlap-grad-reduce", BOOLEAN).byDefault("true")
                    .means("Data-parallel gradient reduction overlapped with the backward pass."),
            of("software.overlap-tp-backward", BOOLEAN).byDefault("true (torchtitan: false)")
                    .means("Each backward TP collective runs behind its layer's weight-gradient GEMM."),
            choice("software.grad-reduce", "bf16", "fp32").byDefault("bf16 (megatron, nemo, torchtitan: fp32)")
                    .means("Precision of the data-parallel gradient reduction."),
            of("software.prefetch", INTEGER).min(1).byDefault("1")
                    .means("ZeRO-3/FSDP units gathered ahead of the one computed."),
            choice("software.context-parallel", ContextComm.class)
                    .byDefault("all-gather (megatron, nemo, torchtitan: ring; deepspeed: all-to-all)")
                    .means("How context parallelism exchanges keys and values."),
            of("software.activation-offload", BOOLEAN).byDefault("true (torchtitan, deepspeed: false)")
                    .means("When a plan does not fit, move as few layers' activations to host memory as make it fit."),
            choice("software.ep-overlap", "none", "1f1b", "dualpipe").byDefault("none")
                    .means("What hides the expert all-to-all: nothing, another micro-batch's compute in steady 1F1B,"
                            + " or DualPipe."),
            choice("software.ep-dispatch", Precision.class).byDefault("bf16")
                    .means("Precision tokens travel in to the experts."),
            choice("software.ep-combine", Precision.class).byDefault("bf16")
                    .means("Precision expert outputs travel back in."));
}
