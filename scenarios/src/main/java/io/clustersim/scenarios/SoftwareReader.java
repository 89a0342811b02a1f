package io.clustersim.scenarios;

import io.clustersim.core.Scenario;
import io.clustersim.core.model.AttentionKernel;
import io.clustersim.core.model.ContextComm;
import io.clustersim.core.model.Optimizer;
import io.clustersim.core.model.Framework;
import io.clustersim.core.model.Problem;
import io.clustersim.core.model.EpDispatcher;
import io.clustersim.core.model.ExpertBias;
import io.clustersim.core.model.ExpertGemm;
import io.clustersim.core.model.EpOverlap;
import io.clustersim.core.model.ExpertParallelSoftware;
import io.clustersim.core.model.SoftwareSpec;
import io.clustersim.topology.Precision;

/**
 * Reads {@code software.*}: the framework's defaults, each overridden by a stated key, and refuses
 * a stated plan the framework cannot run.
 *
 * <pre>{@code
 * SoftwareSpec software = SoftwareReader.software(in, model.precision());
 * }</pre>
 */
final class SoftwareReader {

    private SoftwareReader() {
    }

    /**
     * The software: {@code software.framework}'s defaults ({@link Framework#defaults()}; generic
     * when unstated, which keeps the historical defaults), each overridden by a stated key; the
     * model's {@code precision} sets the {@code nemo} profile's forward TP overlap ({@link #nvfp4UnderNemo}).
     */
    static SoftwareSpec software(ConfigReader in, Precision precision) {
        Framework framework = in.read("software.framework").choice(Framework.class);
        SoftwareSpec d = framework.defaults();
        // the framework's defaults are the declarations' defaults in words ("true (torchtitan: false)")
        int gradReduceBytes = d.gradReduceBytes();
        if (in.has("software.grad-reduce")) {
            String v = in.read("software.grad-reduce").raw();
            if (!v.equals("bf16") && !v.equals("fp32")) {
                throw in.error("software.grad-reduce", "unknown value \"" + v + "\"; expected one of bf16, fp32");
            }
            gradReduceBytes = v.equals("fp32") ? 4 : 2;
        }
        int prefetch = in.readUnranged("software.prefetch").integer(d.prefetchUnits()); // range explained in units
        if (prefetch < 1) {
            throw in.error("software.prefetch", "must be >= 1 unit, was " + prefetch);
        }
        boolean flash = in.read("software.flash-attention").bool(d.flashAttention());
        AttentionKernel kernel = in.read("software.attention-kernel").choice(AttentionKernel.class, AttentionKernel.FUSED);
        if (!flash && in.has("software.attention-kernel")) {
            // a stated kernel would be silently unused: unfused attention runs no fused kernel
            throw in.error("software.attention-kernel", kernel.key() + " is a fused-attention kernel, but"
                    + " software.flash-attention = false runs attention unfused; drop one of the two");
        }
        return new SoftwareSpec(flash,
                in.read("software.overlap-grad-reduce").bool(d.overlapGradReduce()),
                in.read("software.overlap-tp-backward").bool(d.overlapTpBackward()), framework, gradReduceBytes, prefetch,
                in.read("software.context-parallel").choice(ContextComm.class, d.contextComm()),
                in.read("software.activation-offload").bool(d.offloadActivations()), expertParallelSoftware(in, d),
                in.read("software.optimizer").choice(Optimizer.class),
                in.read("software.fp8-weight-gather").bool(d.fp8WeightGather()),
                in.read("software.fp8-activation-inputs").bool(d.fp8ActivationInputs()),
                in.read("software.overlap-tp-forward").bool(d.overlapTpForward() && !nvfp4UnderNemo(precision, framework)),
                kernel);
    }

    /**
     * NeMo's performance presets turn Transformer Engine's TP overlap off under NVFP4
     * (Megatron-Bridge scripts/performance/configs/llama/llama3_llm_pretrain.py and
     * llama31_llm_pretrain.py @ v0.3.1: {@code tp_comm_overlap = False if precision == "nvfp4"}), so the
     * {@code nemo} profile's default follows them — for every model, a generalisation of the Llama presets,
     * the only NVFP4 presets with TP overlap to turn off. Read here, where the model's precision is
     * known: {@link Framework#defaults()} alone keeps the framework's overlap.
     */
    private static boolean nvfp4UnderNemo(Precision precision, Framework framework) {
        return framework == Framework.NEMO && precision == Precision.NVFP4;
    }

    /**
     * Refuses a stated plan the software cannot run — its framework's rules, then its expert-parallel
     * schedule's (DualPipe) — at the key the reason is about.
     */
    static void softwareRuns(ConfigReader in, Scenario scenario) {
        if (scenario.parallelism() == null) {
            return;
        }
        for (Problem problem : scenario.software().framework().problems(scenario.parallelism())) {
            String key = in.has(problem.key()) ? problem.key() : "software.framework";
            throw in.error(key, problem.message() + " (software.framework = " + scenario.software().framework().key()
                    + ")");
        }
        for (Problem problem : scenario.software().expertParallel().problems(scenario.parallelism())) {
            throw in.error(in.has(problem.key()) ? problem.key() : "software.ep-overlap", problem.message());
        }
    }

    /**
     * {@code software.ep-overlap}, {@code .ep-dispatch}, {@code .ep-combine}, {@code .ep-dispatcher},
     * {@code .expert-gemm} and {@code .expert-bias} (their defaults the framework's, from {@code defaults}).
     */
    static ExpertParallelSoftware expertParallelSoftware(ConfigReader in, SoftwareSpec defaults) {
        EpOverlap overlap = EpOverlap.parse(in.read("software.ep-overlap").raw()); // any case
        if (overlap == null) {
            in.read("software.ep-overlap").word(); // refuses it, naming the declared words
        }
        return new ExpertParallelSoftware(overlap,
                in.read("software.ep-dispatch").choice(Precision.class),
                in.read("software.ep-combine").choice(Precision.class),
                in.read("software.ep-dispatcher").choice(EpDispatcher.class),
                in.read("software.expert-gemm").choice(ExpertGemm.class, defaults.expertParallel().expertGemm()),
                in.read("software.expert-bias").choice(ExpertBias.class, defaults.expertParallel().expertBias()));
    }
}
