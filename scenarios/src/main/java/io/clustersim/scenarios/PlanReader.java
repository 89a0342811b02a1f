package io.clustersim.scenarios;

import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.Recompute;
import io.clustersim.core.model.RecomputeModule;
import io.clustersim.core.plan.SearchSpace;

import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code parallelism.*}: a stated plan, or a searched one ({@code parallelism = search}, or
 * {@code search = true} with the dimensions it fixes), and the global batch they share with the target.
 *
 * <pre>{@code
 * ParallelismPlan plan = PlanReader.isSearch(in) ? null : PlanReader.parallelism(in);
 * }</pre>
 */
final class PlanReader {

    private PlanReader() {
    }

    /**
     * Whether the plan is searched: {@code parallelism = search}, or a parallelism section with
     * {@code search = true} (whose other keys then fix those dimensions).
     */
    static boolean isSearch(ConfigReader in) {
        if (in.isObject("parallelism")) {
            return in.read("parallelism.search").bool();
        }
        if (!in.has("parallelism")) {
            throw in.error("parallelism", "missing; state a plan (parallelism { tp, pp, dp, ... }) or say parallelism = search");
        }
        String value = in.read("parallelism").raw(); // a plan or a word, explained below
        if (!value.equals("search")) {
            throw in.error("parallelism", "expected a plan (parallelism { tp, pp, dp, ... }) or the word search, got \""
                    + value + "\"");
        }
        if (!in.has("target.global-batch")) {
            throw in.error("parallelism", "a searched plan needs the global batch (sequences per step) as "
                    + "target.global-batch: the search keeps it fixed");
        }
        return true;
    }

    /** The search space: the global batch, and any dimension a parallelism section fixes. */
    static SearchSpace searchSpace(ConfigReader in) {
        if (!in.isObject("parallelism")) {
            return new SearchSpace(in.read("target.global-batch").integer());
        }
        String p = "parallelism.";
        if (in.has(p + "shard-group")) {
            throw in.error(p + "shard-group", "plan search shards over the whole data-parallel group; state the plan"
                    + " to use HSDP");
        }
        for (String end : new String[] {"first-stage-layers", "last-stage-layers"}) {
            if (in.has(p + end)) {
                throw in.error(p + end, "plan search splits the layers evenly over the pipeline; state the plan to"
                        + " place them unevenly");
            }
        }
        SearchSpace.Builder b = SearchSpace.builder(Sections.positive(in, p + "global-batch", globalBatch(in)));
        b.tp(fixed(in, p + "tp")).cp(fixed(in, p + "cp")).pp(fixed(in, p + "pp")).dp(fixed(in, p + "dp"))
                .ep(fixed(in, p + "ep")).etp(fixed(in, p + "etp")).virtualStages(fixed(in, p + "virtual-stages"))
                .microBatch(fixed(in, p + "micro-batch")).zeroStage(fixed(in, p + "zero-stage"));
        if (in.has(p + "sequence-parallel")) {
            b.sequenceParallel(in.read(p + "sequence-parallel").bool());
        }
        Recompute recompute = in.has(p + "recompute") ? in.read(p + "recompute").choice(Recompute.class) : null;
        b.recompute(recompute);
        Set<RecomputeModule> modules = in.read(p + "recompute-modules").choices(RecomputeModule.class);
        if (modules != null && recompute != null && recompute != Recompute.SELECTIVE) {
            throw in.error(p + "recompute-modules", "names what selective recomputation reruns, but recompute is fixed"
                    + " to " + recompute.name().toLowerCase(Locale.ROOT));
        }
        return b.recomputeModules(modules).build();
    }

    /**
     * A dimension a searched plan fixes, or null. The search refuses a ZeRO stage above 3 itself,
     * so only its lower bound is checked here.
     */
    static Integer fixed(ConfigReader in, String key) {
        if (!in.has(key)) {
            return null;
        }
        if (!key.endsWith("zero-stage")) {
            return in.read(key).integer();
        }
        int v = in.readUnranged(key).integer();
        if (v < 0) {
            throw in.error(key, "must be >= 0, was " + v);
        }
        return v;
    }

    static ParallelismPlan parallelism(ConfigReader in) {
        if (!in.has("parallelism.dp")) {
            throw in.error("parallelism.dp", "missing; this key is required (or say search = true to search the plan)");
        }
        // ParallelismPlan checks the ranges, naming the field; a shard group of 0 is all of dp
        String p = "parallelism.";
        return ParallelismPlan.builder()
                .tp(in.readUnranged(p + "tp").integer()).pp(in.readUnranged(p + "pp").integer())
                .dp(in.readUnranged(p + "dp").integer())
                .cp(in.readUnranged(p + "cp").integer()).ep(in.readUnranged(p + "ep").integer())
                .etp(in.readUnranged(p + "etp").integer())
                .virtualStages(in.readUnranged(p + "virtual-stages").integer())
                .microBatch(in.readUnranged(p + "micro-batch").integer())
                .globalBatch(globalBatch(in))
                .sequenceParallel(in.read(p + "sequence-parallel").bool())
                .zeroStage(in.readUnranged(p + "zero-stage").integer())
                .recompute(in.read(p + "recompute").choice(Recompute.class))
                .recomputeModules(in.read(p + "recompute-modules").choices(RecomputeModule.class))
                .shardGroup(in.readUnranged(p + "shard-group").integer(0))
                .firstStageLayers(in.read(p + "first-stage-layers").integer(0))
                .lastStageLayers(in.read(p + "last-stage-layers").integer(0))
                .build();
    }

    /** A stated plan's global batch: parallelism.global-batch, or target.global-batch (both must agree). */
    static int globalBatch(ConfigReader in) {
        // target.global-batch's range first: a wrong value there is its own mistake, not a disagreement
        int target = in.has("target.global-batch") ? in.read("target.global-batch").integer() : 0;
        if (in.has("parallelism.global-batch") && in.has("target.global-batch")
                && in.readUnranged("parallelism.global-batch").integer() != target) {
            throw in.error("parallelism.global-batch", "differs from target.global-batch (" + target + "); give it once");
        }
        // ParallelismPlan (or the search's check) checks parallelism.global-batch's range, naming the field
        return in.has("parallelism.global-batch") || !in.has("target.global-batch")
                ? in.readUnranged("parallelism.global-batch").integer() : target;
    }
}
