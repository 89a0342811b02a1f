package io.clustersim.core.plan;

import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.RecomputeModule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

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
        sb.append(", PP ").append(p.pipeline());
        List<String> stages = new ArrayList<>(2);
        if (p.virtualStages() > 1) {
            stages.add("v " + p.virtualStages());
        }
        if (p.statesStageLayers()) {
            stages.add("layers " + (p.firstStageLayers() > 0 ? "first " + p.firstStageLayers() : "")
                    + (p.firstStageLayers() > 0 && p.lastStageLayers() > 0 ? ", " : "")
                    + (p.lastStageLayers() > 0 ? "last " + p.lastStageLayers() : ""));
        }
        if (!stages.isEmpty()) {
            sb.append(" (").append(String.join(", ", stages)).append(')');
        }
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
        sb.append(", recompute ").append(p.recompute().name().toLowerCase(Locale.ROOT));
        if (!p.recomputeModules().isEmpty() && !p.recomputeModules().equals(RecomputeModule.SELECTIVE_DEFAULT)) {
            sb.append(" (").append(p.recomputeModules().stream().map(RecomputeModule::configName)
                    .collect(Collectors.joining(", "))).append(')');
        }
        return sb.toString();
    }
}
