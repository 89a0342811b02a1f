package io.clustersim.core.scaling;

import io.clustersim.core.model.Problem;

import java.util.Objects;

/**
 * A goal that cannot size a run (or a model that cannot be sized for it), naming the scenario key at
 * fault. Thrown by {@link TargetSizing#size}; the scenario loader turns it into a located error and
 * {@code io.clustersim.core.InfeasibleScenarioException#InfeasibleScenarioException(SizingException)}
 * into the API's exception.
 *
 * <p>Maintainer note: this lives in {@code scaling} rather than reusing the API's
 * {@code InfeasibleScenarioException} so that {@code scaling} does not depend on {@code core} (which
 * depends on {@code scaling}): sim-core's package graph stays acyclic ({@code PackageCycleTest}).
 *
 * <pre>{@code
 * try {
 *     TargetSizing.size(choice, goal, law);
 * } catch (SizingException e) {
 *     System.err.println(e.problem().key() + ": " + e.problem().message());
 * }
 * }</pre>
 */
public class SizingException extends RuntimeException {

    private final Problem problem;

    public SizingException(String key, String message) {
        super(key + ": " + message);
        this.problem = new Problem(Objects.requireNonNull(key, "key"), Objects.requireNonNull(message, "message"));
    }

    /** The key at fault and what is wrong with it. */
    public Problem problem() {
        return problem;
    }
}
