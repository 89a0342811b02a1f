package io.clustersim.scenarios.cli;

import io.clustersim.core.InfeasibleScenarioException;
import io.clustersim.core.engine.SimulationException;
import io.clustersim.scenarios.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;

/**
 * The {@code clustersim} command line: {@code run}, {@code plan}, {@code validate}, {@code sweep}, {@code catalog}, {@code worker}.
 *
 * <p>Exit codes: 0 success; 1 the simulation failed (a model error or a stalled trial); 2 the
 * scenario or the command line is wrong (one line on stderr names file, line and key).
 */
@Command(name = "clustersim", mixinStandardHelpOptions = true, versionProvider = ClusterSimCli.Version.class,
        description = "Simulates LLM pretraining on accelerator fleets: step time, MFU, and wall-clock days "
                + "with failures and checkpointing.",
        subcommands = {RunCommand.class, PlanCommand.class, ValidateCommand.class, SweepCommand.class,
                CatalogCommand.class, WorkerCommand.class, CommandLine.HelpCommand.class})
public final class ClusterSimCli implements Runnable {

    /** Exit code for a wrong scenario or command line. */
    public static final int EXIT_SCENARIO_ERROR = 2;
    /** Exit code for a simulation that could not complete. */
    public static final int EXIT_SIMULATION_ERROR = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams and returns the exit code (used by tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new ClusterSimCli());
        cli.setOut(out);
        cli.setErr(err);
        // a command-line mistake is one line, like a scenario mistake: what is wrong and where help is
        cli.setParameterExceptionHandler((e, arguments) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            err.println(command + ": " + e.getMessage().replace('\n', ' ').strip() + " (see " + command + " --help)");
            return EXIT_SCENARIO_ERROR;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ScenarioException se) {
                err.println(se.getMessage());
                return EXIT_SCENARIO_ERROR;
            }
            if (e instanceof InfeasibleScenarioException ie) {
                err.println(ie.getMessage());
                return EXIT_SCENARIO_ERROR;
            }
            if (e instanceof SimulationException sim) {
                err.println("simulation failed: " + sim.getMessage());
                return EXIT_SIMULATION_ERROR;
            }
            err.println("internal error: " + e);
            e.printStackTrace(err);
            return EXIT_SIMULATION_ERROR;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads the version Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = ClusterSimCli.class.getResourceAsStream("/clustersim-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"clustersim " + p.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version")};
        }
    }
}
