package io.clustersim.core.engine;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * An actor system sized to a number of threads, on which Monte Carlo experiments run. Create one,
 * run as many experiments as you like (from several threads at once, too), close it.
 *
 * <pre>{@code
 * try (EngineRuntime runtime = EngineRuntime.create(4)) {
 *     List<TrialOutcome> outcomes = runtime.runTrials(plan);
 * }
 * }</pre>
 */
public final class EngineRuntime implements AutoCloseable {

    private final ActorSystem<Void> system;
    private final int threads;
    private final AtomicLong experimentCounter = new AtomicLong();

    private EngineRuntime(ActorSystem<Void> system, int threads) {
        this.system = system;
        this.threads = threads;
    }

    /** A runtime whose default dispatcher has exactly {@code threads} threads. */
    public static EngineRuntime create(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be > 0, was " + threads);
        }
        // Bind SLF4J on this thread before Akka's threads log concurrently; otherwise SLF4J 1.7
        // replays their first calls with a warning on stderr.
        org.slf4j.LoggerFactory.getILoggerFactory();
        Config config = ConfigFactory.parseString(String.format(Locale.ROOT, """
                akka {
                  loglevel = "WARNING"
                  stdout-loglevel = "WARNING"
                  log-dead-letters = off
                  log-dead-letters-during-shutdown = off
                  coordinated-shutdown.run-by-jvm-shutdown-hook = off
                  actor.default-dispatcher {
                    fork-join-executor {
                      parallelism-min = %d
                      parallelism-max = %d
                      parallelism-factor = 1.0
                    }
                  }
                }
                """, threads, threads)).withFallback(ConfigFactory.load());
        return new EngineRuntime(ActorSystem.create(Behaviors.empty(), "clustersim", config), threads);
    }

    /** Threads of the default dispatcher. */
    public int threads() {
        return threads;
    }

    /** Starts the experiment; the future completes with the outcomes in trial order. */
    public CompletableFuture<List<TrialOutcome>> startTrials(MonteCarloActor.Plan plan) {
        CompletableFuture<List<TrialOutcome>> done = new CompletableFuture<>();
        system.systemActorOf(MonteCarloActor.create(plan, done),
                "experiment-" + experimentCounter.incrementAndGet(), Props.empty());
        return done;
    }

    /** Runs the experiment and waits for it. */
    public List<TrialOutcome> runTrials(MonteCarloActor.Plan plan) {
        try {
            return startTrials(plan).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulationException("interrupted while waiting for trials", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SimulationException se) {
                throw se;
            }
            throw new SimulationException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    /** Convenience: a plan with a default stall timeout and no progress listener. */
    public List<TrialOutcome> runTrials(int trials, IntFunction<TrialSetup> setupFactory, EngineKind engine) {
        return runTrials(new MonteCarloActor.Plan(trials, setupFactory, engine, Math.max(2, 2 * threads),
                Duration.ofSeconds(60), ProgressListener.NONE));
    }

    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // terminated with an error: nothing left to release
        }
    }
}
