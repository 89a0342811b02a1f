package io.clustersim.scenarios;

import io.clustersim.core.Scenario;
import io.clustersim.core.model.ContextComm;
import io.clustersim.core.model.Optimizer;
import io.clustersim.core.model.Framework;
import io.clustersim.core.model.Problem;
import io.clustersim.core.model.EpOverlap;
import io.clustersim.core.model.ExpertParallelSoftware;
import io.clustersim.core.model.SoftwareSpec;
import io.clustersim.topology.Precision;

/**
 * Reads {@code software.*}: the framework's defaults, each overridden by a stated key, and refuses
 * a stated plan the framework cannot run.
 *
 * <pre>{@code
 * SoftwareSpec software = SoftwareReader.software(in);
 * }</pre>
 */
final class SoftwareReader {

    private SoftwareReader() {
    }

    /**
     * The software: {@code software.framework}'s defaults ({@link Framework#defaults()}; generic
     * when unstated, which keeps the historical defaults), each overridden by a stated key.
     */
    static SoftwareSpec software(ConfigReader in) {
        Framework framework = in.enumValue("software.framework", Framework.class, Framework.GENERIC);
        SoftwareSpec d = framework.defaults();
        int gradReduceBytes = d.gradReduceBytes();
        if (in.has("software.grad-reduce")) {
            String v = in.string("software.grad-reduce");
            if (!v.equals("bf16") && !v.equals("fp32")) {
                throw in.error("software.grad-reduce", "unknown value \"" + v + "\"; expected one of bf16, fp32");
            }
            gradReduceBytes = v.equals("fp32") ? 4 : 2;
        }
        int prefetch = in.integer("software.prefetch", d.prefetchUnits());
        if (prefetch < 1) {
            throw in.error("software.prefetch", "must be >= 1 unit, was " + prefetch);
        }
        return new SoftwareSpec(in.bool("software.flash-attention", d.flashAttention()),
                in.bool("software.overlap-grad-reduce", d.overlapGradReduce()),
                in.bool("software.overlap-tp-backward", d.overlapTpBackward()), framework, gradReduceBytes, prefetch,
                in.enumValue("software.context-parallel", ContextComm.class, d.contextComm()),
                in.bool("software.activation-offload", d.offloadActivations()), expertParallelSoftware(in),
                in.enumValue("software.optimizer", Optimizer.class, Optimizer.ADAM));
    }

    /** Refuses a stated plan the framework cannot run, at the key the reason is about. */
    static void frameworkRuns(ConfigReader in, Scenario scenario) {
        if (scenario.parallelism() == null) {
            return;
        }
        for (Problem problem : scenario.software().framework().problems(scenario.parallelism())) {
            String key = in.has(problem.key()) ? problem.key() : "software.framework";
            throw in.error(key, problem.message() + " (software.framework = " + scenario.software().framework().key()
                    + ")");
        }
    }

    /** {@code software.ep-overlap}, {@code .ep-dispatch}, {@code .ep-combine}. */
    static ExpertParallelSoftware expertParallelSoftware(ConfigReader in) {
        EpOverlap overlap = EpOverlap.NONE;
        if (in.has("software.ep-overlap")) {
            overlap = EpOverlap.parse(in.string("software.ep-overlap"));
            if (overlap == null) {
                throw in.error("software.ep-overlap", "unknown value \"" + in.string("software.ep-overlap")
                        + "\"; expected one of none, 1f1b, dualpipe");
            }
        }
        return new ExpertParallelSoftware(overlap,
                in.enumValue("software.ep-dispatch", Precision.class, Precision.BF16),
                in.enumValue("software.ep-combine", Precision.class, Precision.BF16));
    }
}
