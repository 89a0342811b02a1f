package io.clustersim.scenarios.cli;

import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
import io.clustersim.core.engine.EngineKind;
import picocli.CommandLine;

import java.util.Locale;

/**
 * The checks and uses of the flags {@code run}, {@code plan} and {@code sweep} share
 * ({@code --trials}, {@code --seed}, {@code --threads}, {@code --engine}). The flags stay declared
 * on each command, since their defaults and help differ (sweep defaults to the inline engine).
 *
 * <pre>{@code
 * EngineKind kind = SimulationFlags.check(cli, trials, threads, engine);
 * Scenario s = SimulationFlags.override(loaded.scenario(), trials, seed);
 * SimOptions options = SimulationFlags.options(kind, threads);
 * }</pre>
 */
final class SimulationFlags {

    /** Most trials a run may ask for: the report keeps every trial's result. */
    static final int MAX_TRIALS = 1_000_000;
    /** Most threads: Akka's fork-join pool takes at most 32,767, and more than cores buy nothing. */
    static final int MAX_THREADS = 1024;

    private SimulationFlags() {
    }

    /**
     * Refuses a non-positive {@code --trials} or {@code --threads} and an unknown {@code --engine}.
     *
     * @return the engine named
     */
    static EngineKind check(CommandLine cli, Integer trials, Integer threads, String engine) {
        if (trials != null && (trials <= 0 || trials > MAX_TRIALS)) {
            throw new CommandLine.ParameterException(cli, "--trials must be in 1.." + MAX_TRIALS + ", was " + trials);
        }
        if (threads != null && (threads <= 0 || threads > MAX_THREADS)) {
            throw new CommandLine.ParameterException(cli, "--threads must be in 1.." + MAX_THREADS + ", was " + threads);
        }
        return switch (engine.toLowerCase(Locale.ROOT)) {
            case "actors" -> EngineKind.ACTORS;
            case "inline" -> EngineKind.INLINE;
            default -> throw new CommandLine.ParameterException(cli, "--engine must be actors or inline, was " + engine);
        };
    }

    /** The scenario with {@code --trials} and {@code --seed} applied where given (null: as stated). */
    static Scenario override(Scenario scenario, Integer trials, Long seed) {
        if (trials != null) {
            scenario = scenario.withTrials(trials);
        }
        if (seed != null) {
            scenario = scenario.withSeed(seed);
        }
        return scenario;
    }

    /** Simulation options for the engine and {@code --threads} (null: all cores). */
    static SimOptions options(EngineKind engine, Integer threads) {
        SimOptions options = SimOptions.defaults().withEngine(engine);
        return threads == null ? options : options.withThreads(threads);
    }
}
