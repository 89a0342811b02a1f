package io.clustersim.core.engine;

/** A trial could not complete: a model error, a stalled actor, or a run-away event count. */
public class SimulationException extends RuntimeException {

    public SimulationException(String message) {
        super(message);
    }

    public SimulationException(String message, Throwable cause) {
        super(message, cause);
    }
}
