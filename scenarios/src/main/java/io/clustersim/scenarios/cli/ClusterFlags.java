package io.clustersim.scenarios.cli;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.Scenario;
import io.clustersim.core.TrialExecutor;
import io.clustersim.core.engine.ProgressListener;
import io.clustersim.scenarios.cluster.ClusterConfig;
import io.clustersim.scenarios.cluster.ClusterSession;
import io.clustersim.scenarios.cluster.Dispatcher;
import io.clustersim.scenarios.cluster.UnitJob;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options {@code run}, {@code plan} and {@code sweep} share to run as a cluster coordinator
 * ({@code --cluster HOST:PORT}, {@code --min-workers}, {@code --wait}, {@code --no-local-fallback},
 * {@code --unit-trials}, {@code --allow-remote}), declared once as a picocli mixin. Without
 * {@code --cluster} nothing listens and the command runs in this JVM.
 *
 * <pre>{@code
 * @CommandLine.Mixin ClusterFlags cluster;
 * try (ClusterSession session = cluster.start(cli, sim, err)) {
 *     report = sim.run(scenario, cluster.executor(session, file, scenario, trials, seed));
 * }
 * }</pre>
 */
final class ClusterFlags {

    @Option(names = "--cluster", paramLabel = "HOST:PORT",
            description = "Run as a cluster coordinator listening at HOST:PORT (127.0.0.1 unless --allow-remote);"
                    + " workers started with 'clustersim worker --join HOST:PORT' run the trials. Same results.")
    String cluster;

    @Option(names = "--min-workers", paramLabel = "N", defaultValue = "1",
            description = "With --cluster: workers to wait for before starting (default ${DEFAULT-VALUE}).")
    int minWorkers;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "10s",
            description = "With --cluster: how long to wait for workers, at the start and after the last one left,"
                    + " before running in this JVM (default ${DEFAULT-VALUE}).")
    String waitFor;

    @Option(names = "--no-local-fallback",
            description = "With --cluster: fail instead of running in this JVM when no worker is there.")
    boolean noLocalFallback;

    @Option(names = "--unit-trials", paramLabel = "N",
            description = "With --cluster: trials per unit of work (default: about 8 units per simulation, at most 50 trials).")
    Integer unitTrials;

    @Option(names = "--allow-remote",
            description = "With --cluster: allow listening on an address other than loopback (use Artery TLS on a"
                    + " network you do not trust; see docs/cluster.md).")
    boolean allowRemote;

    private static final Pattern DURATION = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min)?\\s*");

    /** Whether the command runs as a coordinator. */
    boolean enabled() {
        return cluster != null;
    }

    /** Starts the coordinator, or returns null without {@code --cluster}; checks the flags either way. */
    ClusterSession start(CommandLine cli, ClusterSim sim, PrintWriter err, ProgressListener progress) {
        if (!enabled()) {
            return null;
        }
        if (minWorkers < 0) {
            throw new CommandLine.ParameterException(cli, "--min-workers must be >= 0, was " + minWorkers);
        }
        if (unitTrials != null && unitTrials < 1) {
            throw new CommandLine.ParameterException(cli, "--unit-trials must be >= 1, was " + unitTrials);
        }
        ClusterConfig.HostPort address = address(cli, "--cluster", cluster, allowRemote);
        Dispatcher.Settings settings = new Dispatcher.Settings(minWorkers, duration(cli, "--wait", waitFor),
                !noLocalFallback);
        try {
            return ClusterSession.start(address, settings, unitTrials == null ? 0 : unitTrials, sim, err, progress);
        } catch (RuntimeException e) {
            throw cannotListen(cli, "--cluster", address, e);
        }
    }

    /** A one-line refusal for an address Artery could not bind (in use, not this machine's). */
    static CommandLine.ParameterException cannotListen(CommandLine cli, String flag, ClusterConfig.HostPort address,
                                                       RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new CommandLine.ParameterException(cli, flag + " " + address + ": cannot listen there ("
                + (root.getMessage() == null ? root.toString() : root.getMessage()) + ")");
    }

    /** The executor for a scenario file's simulations: the session's, or this JVM's without one. */
    static TrialExecutor executor(ClusterSession session, Path file, Map<String, String> overrides, Scenario loaded,
                                  Integer trials, Long seed) {
        return session == null ? TrialExecutor.LOCAL : session.executor(job(file, overrides, trials, seed), loaded);
    }

    /** The unit job of a scenario file as the command read it. */
    static UnitJob job(Path file, Map<String, String> overrides, Integer trials, Long seed) {
        try {
            return UnitJob.of(file.toString(), Files.readString(file), overrides, trials, seed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code HOST:PORT}, refused when not loopback unless allowed. */
    static ClusterConfig.HostPort address(CommandLine cli, String flag, String text, boolean allowRemote) {
        ClusterConfig.HostPort address;
        try {
            address = ClusterConfig.HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, flag + " " + e.getMessage());
        }
        if (!allowRemote && !address.loopback()) {
            throw new CommandLine.ParameterException(cli, flag + " " + text + " is not a loopback address: other"
                    + " machines could connect; add --allow-remote (and set up Artery TLS on an untrusted network)");
        }
        return address;
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m}. */
    static Duration duration(CommandLine cli, String flag, String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new CommandLine.ParameterException(cli, flag + " \"" + text + "\": give a duration such as 10s, 500ms or 2m");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> value;
            case "m", "min" -> value * 60_000;
            default -> value * 1000;
        };
        return Duration.ofMillis(Math.round(millis));
    }
}
