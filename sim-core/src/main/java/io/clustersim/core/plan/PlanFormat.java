package io.clustersim.core.plan;

import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.RecomputeModule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Short human descriptions of plans, for messages and reports. */
public final class PlanFormat {

    private PlanFormat() {
    }

    /** E.g. {@code "TP 8, PP 16 (v 8), DP 128, mb 1, SP, ZeRO-2, recompute none"}. */
    public static String describe(ParallelismPlan p) {
        StringBuilder sb = new StringBuilder();
        sb.append("TP ").append(p.tensor());
        if (p.context() > 1) {
            sb.append(", CP ").append(p.context());
        }
        sb.append(", PP ").append(p.pipeline()).append(pipelineNote(p.virtualStages(), p.firstStageLayers(), p.lastStageLayers()));
        sb.append(", DP ").append(p.data());
        if (p.expert() > 1) {
            sb.append(", EP ").append(p.expert());
        }
        if (p.expertTensor() > 1) {
            sb.append(", ETP ").append(p.expertTensor());
        }
        sb.append(", mb ").append(p.microBatch());
        if (p.sequenceParallel()) {
            sb.append(", SP");
        }
        sb.append(", ZeRO-").append(p.zeroStage());
        sb.append(shardNote(p.shardGroup()));
        sb.append(", recompute ").append(p.recompute().name().toLowerCase(Locale.ROOT));
        sb.append(modulesNote(RecomputeModule.configNames(p.recomputeModules())));
        return sb.toString();
    }

    /** What follows "ZeRO-n" in a plan's line: {@code " (shard group 32)"} under HSDP, "" when all of dp shares one copy (0). */
    public static String shardNote(int shardGroup) {
        return shardGroup > 0 ? " (shard group " + shardGroup + ")" : "";
    }

    /**
     * What follows "PP n" in a plan's line: {@code " (v 8, layers first 4, last 1)"}, or "" for an
     * even split without virtual stages; 0 for a stage's layers the plan does not state.
     */
    public static String pipelineNote(int virtualStages, int firstStageLayers, int lastStageLayers) {
        List<String> notes = new ArrayList<>(2);
        if (virtualStages > 1) {
            notes.add("v " + virtualStages);
        }
        List<String> layers = new ArrayList<>(2);
        if (firstStageLayers > 0) {
            layers.add("first " + firstStageLayers);
        }
        if (lastStageLayers > 0) {
            layers.add("last " + lastStageLayers);
        }
        if (!layers.isEmpty()) {
            notes.add("layers " + String.join(", ", layers));
        }
        return notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")";
    }

    /**
     * What follows "recompute selective" in a plan's line: the modules it reruns ({@code " (layernorm,
     * moe_act)"}, Megatron-Core's names), or "" when they are none or the default ones.
     */
    public static String modulesNote(List<String> configNames) {
        return configNames.isEmpty() || configNames.equals(RecomputeModule.configNames(RecomputeModule.SELECTIVE_DEFAULT))
                ? "" : " (" + String.join(", ", configNames) + ")";
    }
}
