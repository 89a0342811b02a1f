package io.clustersim.core.plan;

import io.clustersim.core.model.ParallelismPlan;

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
        sb.append(", PP ").append(p.pipeline());
        if (p.virtualStages() > 1) {
            sb.append(" (v ").append(p.virtualStages()).append(')');
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
        return sb.toString();
    }
}
