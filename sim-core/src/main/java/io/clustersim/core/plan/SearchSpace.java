package io.clustersim.core.plan;

import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.Recompute;
import io.clustersim.core.model.RecomputeModule;

import java.util.Set;

/**
 * What a plan search may vary, and what it may not. Everything that decides how the step is split
 * over the chips is searched — TP, CP, PP and virtual stages, DP, EP and expert TP, micro-batch, sequence
 * parallelism, ZeRO stage, recomputation — unless fixed here (e.g. to what a given software stack
 * supports); the global batch is a training hyperparameter (it decides convergence, not just speed)
 * and is always what the scenario says.
 *
 * <pre>{@code
 * SearchSpace all = new SearchSpace(2_048);
 * SearchSpace megatron2021 = SearchSpace.builder(1_536).sequenceParallel(false).zeroStage(0)
 *         .recompute(Recompute.FULL).build();
 * }</pre>
 *
 * @param globalBatch      sequences per optimizer step, fixed
 * @param tp               fixed tensor-parallel degree, or {@code null} to search it
 * @param cp               fixed context-parallel degree, or {@code null}
 * @param pp               fixed pipeline degree, or {@code null}
 * @param dp               fixed data-parallel degree, or {@code null}
 * @param ep               fixed expert-parallel degree, or {@code null}
 * @param virtualStages    fixed virtual stages, or {@code null}
 * @param microBatch       fixed micro-batch, or {@code null}
 * @param sequenceParallel fixed sequence parallelism, or {@code null}
 * @param zeroStage        fixed ZeRO stage, or {@code null}
 * @param recompute        fixed recomputation, or {@code null}
 * @param etp              fixed expert tensor-parallel degree, or {@code null}
 * @param recomputeModules what selective recomputation reruns, or {@code null} for
 *                         {@link RecomputeModule#SELECTIVE_DEFAULT}
 */
public record SearchSpace(int globalBatch, Integer tp, Integer cp, Integer pp, Integer dp, Integer ep,
                          Integer virtualStages, Integer microBatch, Boolean sequenceParallel, Integer zeroStage,
                          Recompute recompute, Integer etp, Set<RecomputeModule> recomputeModules) {

    public SearchSpace {
        if (globalBatch <= 0) {
            throw new IllegalArgumentException("global batch must be > 0 sequences, was " + globalBatch);
        }
    }

    /** Everything searched. */
    public SearchSpace(int globalBatch) {
        this(globalBatch, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * Everything searched, as {@code clustersim plan} ranks a stated plan against: selective
     * recomputation reruns the stated plan's modules, so the two are compared like for like.
     */
    public static SearchSpace around(ParallelismPlan stated) {
        return builder(stated.globalBatch()).recomputeModules(stated.recompute() == Recompute.SELECTIVE
                && !stated.recomputeModules().equals(RecomputeModule.SELECTIVE_DEFAULT) ? stated.recomputeModules() : null)
                .build();
    }

    /** The same space under another global batch. */
    public SearchSpace withGlobalBatch(int value) {
        return new SearchSpace(value, tp, cp, pp, dp, ep, virtualStages, microBatch, sequenceParallel, zeroStage,
                recompute, etp, recomputeModules);
    }

    /** Whether a value is allowed for a dimension fixed to {@code fixed} (or not fixed). */
    static boolean allows(Integer fixed, int value) {
        return fixed == null || fixed == value;
    }

    /** Whether any dimension is fixed. */
    public boolean restricted() {
        return tp != null || cp != null || pp != null || dp != null || ep != null || virtualStages != null
                || microBatch != null || sequenceParallel != null || zeroStage != null || recompute != null
                || etp != null || recomputeModules != null;
    }

    public static Builder builder(int globalBatch) {
        return new Builder(globalBatch);
    }

    /** Builder; every dimension searched unless set. */
    public static final class Builder {
        private final int globalBatch;
        private Integer tp, cp, pp, dp, ep, etp, virtualStages, microBatch, zeroStage;
        private Boolean sequenceParallel;
        private Recompute recompute;
        private Set<RecomputeModule> recomputeModules;

        private Builder(int globalBatch) {
            this.globalBatch = globalBatch;
        }

        public Builder tp(Integer v) { tp = v; return this; }
        public Builder cp(Integer v) { cp = v; return this; }
        public Builder pp(Integer v) { pp = v; return this; }
        public Builder dp(Integer v) { dp = v; return this; }
        public Builder ep(Integer v) { ep = v; return this; }
        public Builder etp(Integer v) { etp = v; return this; }
        public Builder virtualStages(Integer v) { virtualStages = v; return this; }
        public Builder microBatch(Integer v) { microBatch = v; return this; }
        public Builder sequenceParallel(Boolean v) { sequenceParallel = v; return this; }
        public Builder zeroStage(Integer v) { zeroStage = v; return this; }
        public Builder recompute(Recompute v) { recompute = v; return this; }
        public Builder recomputeModules(Set<RecomputeModule> v) { recomputeModules = v; return this; }

        public SearchSpace build() {
            return new SearchSpace(globalBatch, tp, cp, pp, dp, ep, virtualStages, microBatch, sequenceParallel,
                    zeroStage, recompute, etp, recomputeModules);
        }
    }
}
