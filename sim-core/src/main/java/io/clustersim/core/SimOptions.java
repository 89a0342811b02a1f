package io.clustersim.core;

import io.clustersim.core.engine.EngineKind;
import io.clustersim.core.engine.ProgressListener;

import java.time.Duration;
import java.util.Objects;

/**
 * How simulations run (never what they compute: results do not depend on these).
 *
 * @param threads      threads of the actor system, and of plan searches (with 1 a search runs in the caller's thread)
 * @param engine       entities as actors, or called inline by one actor per trial
 * @param stallTimeout wall time without any answer after which a trial fails as stalled
 * @param progress     told as trials complete
 */
public record SimOptions(int threads, EngineKind engine, Duration stallTimeout, ProgressListener progress) {

    public SimOptions {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be > 0, was " + threads);
        }
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        Objects.requireNonNull(progress, "progress");
    }

    /** All cores, the actor engine, a 60 s stall timeout, no progress listener. */
    public static SimOptions defaults() {
        return new SimOptions(Runtime.getRuntime().availableProcessors(), EngineKind.ACTORS,
                Duration.ofSeconds(60), ProgressListener.NONE);
    }

    public SimOptions withThreads(int value) {
        return new SimOptions(value, engine, stallTimeout, progress);
    }

    public SimOptions withEngine(EngineKind value) {
        return new SimOptions(threads, value, stallTimeout, progress);
    }

    public SimOptions withProgress(ProgressListener value) {
        return new SimOptions(threads, engine, stallTimeout, value);
    }
}
