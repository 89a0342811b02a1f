package io.clustersim.scenarios.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.clustersim.core.ClusterSim;
import io.clustersim.core.Scenario;
import io.clustersim.core.TrialExecutor;
import io.clustersim.core.engine.ProgressListener;
import io.clustersim.scenarios.cluster.ClusterConfig;
import io.clustersim.scenarios.cluster.ClusterFile;
import io.clustersim.scenarios.cluster.ClusterSession;
import io.clustersim.scenarios.cluster.Dispatcher;
import io.clustersim.scenarios.cluster.UnitJob;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

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

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Option(names = "--cluster", paramLabel = "HOST:PORT",
            description = "Run as a cluster coordinator listening at HOST:PORT (127.0.0.1 unless --allow-remote);"
                    + " workers started with 'clustersim worker --join HOST:PORT' run the trials. Same results.")
    String cluster;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A HOCON file with a clustersim.cluster { seed-nodes = [\"HOST:PORT\"], allow-remote = on }"
                    + " block (the coordinator's address, as --cluster; the flags win) and any akka { } settings, e.g."
                    + " Artery TLS. Without it: -Dconfig.file or an application.conf, if any.")
    Path config;

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

    private ClusterFile file;

    /** Whether the command runs as a coordinator: {@code --cluster}, or a seed node in the user's config. */
    boolean enabled() {
        return cluster != null || file(mixee.commandLine()).seedNode() != null;
    }

    /** The user's cluster configuration ({@code --config FILE}, else the application config), read once. */
    ClusterFile file(CommandLine cli) {
        if (file == null) {
            file = read(cli, config);
        }
        return file;
    }

    /** {@link ClusterFile#read}, a mistake as one line naming the file. */
    static ClusterFile read(CommandLine cli, Path config) {
        try {
            return ClusterFile.read(config);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--config " + e.getMessage());
        }
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
        ClusterFile user = file(cli);
        // the flag wins over the file; the coordinator is the cluster's seed node, so it listens there
        ClusterConfig.HostPort address = cluster != null ? address(cli, "--cluster", cluster, allowRemote || user.allowRemote())
                : checked(cli, user.source() + ": " + ClusterFile.BLOCK + ".seed-nodes", user.seedNode(),
                        allowRemote || user.allowRemote());
        Dispatcher.Settings settings = new Dispatcher.Settings(minWorkers, duration(cli, "--wait", waitFor),
                !noLocalFallback);
        try {
            return ClusterSession.start(address, settings, unitTrials == null ? 0 : unitTrials, sim, err, progress,
                    user.akka());
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
    static TrialExecutor executor(ClusterSession session, OutputOptions io, Path file, Map<String, String> overrides,
                                  Scenario loaded, Integer trials, Long seed) {
        return session == null ? TrialExecutor.LOCAL : session.executor(job(io, file, overrides, trials, seed), loaded);
    }

    /** The unit job of a scenario file (or standard input, {@code -}) as the command read it. */
    static UnitJob job(OutputOptions io, Path file, Map<String, String> overrides, Integer trials, Long seed) {
        return UnitJob.of(OutputOptions.name(file), io.text(file), overrides, trials, seed);
    }

    /** {@code HOST:PORT}, refused when not loopback unless allowed. */
    static ClusterConfig.HostPort address(CommandLine cli, String flag, String text, boolean allowRemote) {
        ClusterConfig.HostPort address;
        try {
            address = ClusterConfig.HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, flag + " " + e.getMessage());
        }
        return checked(cli, flag, address, allowRemote);
    }

    /** The address, refused when not loopback unless allowed ({@code --allow-remote} or {@code allow-remote = on}). */
    static ClusterConfig.HostPort checked(CommandLine cli, String where, ClusterConfig.HostPort address,
                                          boolean allowRemote) {
        if (!allowRemote && !address.loopback()) {
            throw new CommandLine.ParameterException(cli, where + " " + address + " is not a loopback address: other"
                    + " machines could connect; add --allow-remote or allow-remote = on in the " + ClusterFile.BLOCK
                    + " block (and set up Artery TLS on an untrusted network)");
        }
        return address;
    }

    /**
     * A duration as a scenario file writes one ({@code 10s}, {@code 500ms}, {@code 2m},
     * {@code 1.5h}, {@code 30 seconds}), parsed by Typesafe Config as the loader parses durations;
     * as there, a bare number is refused (Typesafe would read it as milliseconds), and so is a
     * negative one.
     */
    static Duration duration(CommandLine cli, String flag, String text) {
        String number = text.strip();
        if (number.matches("[-+]?[0-9.]+([eE][-+]?[0-9]+)?")) {
            throw new CommandLine.ParameterException(cli, flag + ": give a unit, e.g. \"" + number + "s\" or \""
                    + number + "m\"");
        }
        Duration d;
        try {
            d = ConfigFactory.parseMap(Map.of("duration", text)).getDuration("duration");
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(cli, flag + ": expected a duration such as 10s, 500ms or 2m, got \""
                    + text + "\"");
        }
        if (d.isNegative()) {
            throw new CommandLine.ParameterException(cli, flag + ": must be >= 0, was \"" + text + "\"");
        }
        return d;
    }
}
