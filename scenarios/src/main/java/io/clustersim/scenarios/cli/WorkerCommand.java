package io.clustersim.scenarios.cli;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.engine.EngineKind;
import io.clustersim.scenarios.cluster.ClusterConfig;
import io.clustersim.scenarios.cluster.WorkerNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code clustersim worker --join HOST:PORT [--bind HOST:PORT]}: a long-lived worker that runs
 * the units of whichever coordinator ({@code run|plan|sweep --cluster HOST:PORT}) is up at the
 * address, one coordinator after another.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run units of work for coordinators (run|plan|sweep --cluster HOST:PORT) until killed.")
final class WorkerCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--join", required = true, paramLabel = "HOST:PORT", description = "The coordinator's address.")
    String join;

    @Option(names = "--bind", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:0",
            description = "Where this worker listens (default ${DEFAULT-VALUE}: loopback, any free port).")
    String bind;

    @Option(names = "--allow-remote", description = "Allow --bind on an address other than loopback.")
    boolean allowRemote;

    @Option(names = "--verbose", description = "Print a line for every unit run.")
    boolean verbose;

    @Option(names = "--threads", description = "Threads for the trials (default: all cores). Results do not depend on it.")
    Integer threads;

    @Override
    public Integer call() throws InterruptedException {
        CommandLine cli = spec.commandLine();
        SimulationFlags.check(cli, null, threads, "inline");
        ClusterConfig.HostPort coordinator;
        try {
            coordinator = ClusterConfig.HostPort.parse(join);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--join " + e.getMessage());
        }
        ClusterConfig.HostPort self = ClusterFlags.address(cli, "--bind", bind, allowRemote);
        // the inline engine: the same results as the actor engine, several times faster
        try (ClusterSim sim = ClusterSim.create(SimulationFlags.options(EngineKind.INLINE, threads).withProgress(
                io.clustersim.core.engine.ProgressListener.NONE))) {
            try {
                new WorkerNode(coordinator, self, sim, cli.getErr(), verbose).runForever();
            } catch (RuntimeException e) {
                throw ClusterFlags.cannotListen(cli, "--bind", self, e);
            }
        }
        return 0;
    }
}
