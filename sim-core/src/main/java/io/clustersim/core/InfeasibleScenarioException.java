package io.clustersim.core;

import io.clustersim.core.model.Problem;
import io.clustersim.core.scaling.SizingException;

import java.util.List;

/**
 * A scenario that cannot run as stated: the plan does not multiply out, does not fit in memory,
 * puts tensor parallelism across the scale-out fabric, ... Each {@link Problem} names the scenario
 * key it comes from.
 */
public class InfeasibleScenarioException extends RuntimeException {

    private final List<Problem> problems;

    public InfeasibleScenarioException(List<Problem> problems) {
        super(problems.isEmpty() ? "infeasible scenario" : problems.get(0).key() + ": " + problems.get(0).message());
        this.problems = List.copyOf(problems);
    }

    /** The API's form of a target that cannot be sized (the key at fault is kept). */
    public InfeasibleScenarioException(SizingException cause) {
        this(List.of(cause.problem()));
        initCause(cause);
    }

    /** All problems found, the first one first. */
    public List<Problem> problems() {
        return problems;
    }
}
