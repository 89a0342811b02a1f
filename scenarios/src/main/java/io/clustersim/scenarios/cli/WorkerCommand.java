package io.clustersim.scenarios.cli;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.engine.EngineKind;
import io.clustersim.scenarios.cluster.ClusterConfig;
import io.clustersim.scenarios.cluster.ClusterFile;
import io.clustersim.scenarios.cluster.WorkerNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code clustersim worker --join HOST:PORT [--bind HOST:PORT]} (or {@code --config FILE} with a
 * {@code clustersim.cluster} block, {@link ClusterFile}): a long-lived worker that runs
 * the units of whichever coordinator ({@code run|plan|sweep --cluster HOST:PORT}) is up at the
 * address, one coordinator after another.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run units of work for coordinators (run|plan|sweep --cluster HOST:PORT) until killed.")
final class WorkerCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--join", paramLabel = "HOST:PORT",
            description = "The coordinator's address (default: the seed node of the --config file's clustersim.cluster block).")
    String join;

    @Option(names = "--bind", paramLabel = "HOST:PORT",
            description = "Where this worker listens (default: the --config file's clustersim.cluster.bind, else"
                    + " 127.0.0.1:0: loopback, any free port).")
    String bind;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A HOCON file with a clustersim.cluster { seed-nodes = [\"HOST:PORT\"], bind = \"HOST:PORT\","
                    + " allow-remote = on } block (the flags win) and any akka { } settings, e.g. Artery TLS. Without it:"
                    + " -Dconfig.file or an application.conf, if any.")
    java.nio.file.Path config;

    @Option(names = "--allow-remote", description = "Allow --bind on an address other than loopback.")
    boolean allowRemote;

    @Option(names = "--verbose", description = "Print a line for every unit run.")
    boolean verbose;

    @Option(names = "--threads",
            description = "Threads for the trials and plan-search slices (default: all cores). Results do not depend on it.")
    Integer threads;

    @Override
    public Integer call() throws InterruptedException {
        CommandLine cli = spec.commandLine();
        SimulationFlags.check(cli, null, threads, "inline");
        ClusterFile file = ClusterFlags.read(cli, config);
        ClusterConfig.HostPort coordinator;
        if (join != null) {
            try {
                coordinator = ClusterConfig.HostPort.parse(join);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cli, "--join " + e.getMessage());
            }
        } else if (file.seedNode() != null) {
            coordinator = file.seedNode();
        } else {
            throw new CommandLine.ParameterException(cli, "give the coordinator's address: --join HOST:PORT, or"
                    + " seed-nodes = [\"HOST:PORT\"] in a " + ClusterFile.BLOCK + " block of --config FILE");
        }
        boolean remote = allowRemote || file.allowRemote();
        ClusterConfig.HostPort self = bind != null ? ClusterFlags.address(cli, "--bind", bind, remote)
                : file.bind() != null ? ClusterFlags.checked(cli, file.source() + ": " + ClusterFile.BLOCK + ".bind",
                        file.bind(), remote)
                : ClusterConfig.HostPort.parse("127.0.0.1:0");
        // the inline engine: the same results as the actor engine, several times faster
        try (ClusterSim sim = ClusterSim.create(SimulationFlags.options(EngineKind.INLINE, threads).withProgress(
                io.clustersim.core.engine.ProgressListener.NONE))) {
            try {
                new WorkerNode(coordinator, self, sim, cli.getErr(), verbose, file.akka()).runForever();
            } catch (RuntimeException e) {
                throw ClusterFlags.cannotListen(cli, "--bind", self, e);
            }
        }
        return 0;
    }
}
