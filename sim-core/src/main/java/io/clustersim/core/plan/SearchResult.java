package io.clustersim.core.plan;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a plan search found: the best plan of each of the fastest layouts (a layout is TP, CP, PP,
 * DP, EP, virtual stages and micro-batch; its best variant picks sequence parallelism, ZeRO stage
 * and recomputation), best first, and how many plans were looked at.
 *
 * @param space               what was searched
 * @param chips               the fleet searched
 * @param ranked              the best variant of each of the fastest layouts, best first
 * @param layouts             layouts that satisfy every structural constraint
 * @param evaluated           plans evaluated by the step model (every variant of every layout)
 * @param fitting             of those, plans that fit in memory
 * @param rejectedConstraints layouts the plan validator refused (0 unless enumeration and validator disagree)
 * @param leastMemory         the plan that needs the least memory per chip, fitting or not; empty
 *                            when there are no layouts (explains why nothing fits)
 */
public record SearchResult(SearchSpace space, int chips, List<RankedPlan> ranked, long layouts, long evaluated,
                           long fitting, long rejectedConstraints, Optional<RankedPlan> leastMemory) {

    public SearchResult {
        ranked = List.copyOf(ranked);
    }

    /** Plans evaluated that do not fit in memory. */
    public long rejectedMemory() {
        return evaluated - fitting;
    }

    /** The fastest plan that fits, if any. */
    public Optional<RankedPlan> best() {
        return ranked.isEmpty() ? Optional.empty() : Optional.of(ranked.get(0));
    }

    /** The best plan of the second-fastest layout, if any. */
    public Optional<RankedPlan> runnerUp() {
        return ranked.size() < 2 ? Optional.empty() : Optional.of(ranked.get(1));
    }

    /** Why the runner-up loses to the best. */
    public Optional<PlanComparison> whyRunnerUpLoses() {
        return runnerUp().map(r -> PlanComparison.of(ranked.get(0), r));
    }

    /** Why no plan was found (empty when one was). */
    public Optional<String> whyNone() {
        if (!ranked.isEmpty()) {
            return Optional.empty();
        }
        if (layouts == 0) {
            return Optional.of(String.format(Locale.ROOT, "no plan for %d chips: no tp × cp × pp × dp of %d chips has "
                    + "tp within the scale-up domain dividing the heads, pp splitting the layers, cp splitting the "
                    + "sequence, and dp dividing the global batch of %d%s", chips, chips, space.globalBatch(),
                    space.restricted() ? ", with the values the scenario fixes (virtual stages at most a stage's layers)" : ""));
        }
        if (leastMemory.isEmpty() && rejectedConstraints >= layouts) { // the plan check refused every layout
            return Optional.of(String.format(Locale.ROOT, "no plan for %d chips: the plan check refused each of the %d"
                    + " layouts (validate a stated plan to see why)", chips, layouts));
        }
        if (leastMemory.isEmpty()) { // every variant skipped: the software runs none of them
            return Optional.of(String.format(Locale.ROOT, "no plan for %d chips that the software runs"
                    + " (software.framework, software.ep-overlap): each of the %d layouts' plans uses a sharding stage"
                    + " or schedule it does not offer; fix fewer dimensions, or another framework or schedule", chips, layouts));
        }
        RankedPlan least = leastMemory.orElseThrow();
        return Optional.of(String.format(Locale.ROOT, "none of the %d plans for %d chips fits in memory; the leanest "
                + "(%s) %s", evaluated, chips, PlanFormat.describe(least.plan()), least.estimate().memory().explain()));
    }
}
