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
import java.util.concurrent.Callable;

/**
 * The {@code clustersim} command line: {@code run}, {@code plan}, {@code validate}, {@code sweep}, {@code catalog}, {@code worker}.
 *
 * <p>Exit codes: 0 success; 1 the simulation failed (a model error or a stalled trial); 2 the
 * scenario or the command line is wrong (one line on stderr names file, line and key).
 */
@Command(name = "clustersim", mixinStandardHelpOptions = true, versionProvider = ClusterSimCli.Version.class,
        description = "Simulates LLM pretraining on accelerator fleets: step time, MFU, and wall-clock days "
                + "with failures and checkpointing.",
        subcommands = {RunCommand.class, PlanCommand.class, ValidateCommand.class, SweepCommand.class, CompareCommand.class,
                CatalogCommand.class, KeysCommand.class, WorkerCommand.class, CommandLine.HelpCommand.class})
public final class ClusterSimCli implements Callable<Integer> {

    /** Exit code for a wrong scenario or command line. */
    public static final int EXIT_SCENARIO_ERROR = 2;
    /** Exit code for a simulation that could not complete. */
    public static final int EXIT_SIMULATION_ERROR = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final InputStream stdin;
    private final boolean stderrTerminal;

    private ClusterSimCli(InputStream stdin, boolean stderrTerminal) {
        this.stdin = stdin;
        this.stderrTerminal = stderrTerminal;
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.in, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                Terminal.stderrIsTerminal()));
    }

    /** Runs the CLI with the given streams and returns the exit code (used by tests; stdin empty, no terminal). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, InputStream.nullInputStream(), out, err, false);
    }

    /**
     * Runs the CLI and returns the exit code.
     *
     * @param stdin          what a scenario named {@code -} is read from
     * @param stderrTerminal whether {@code err} is a terminal (a progress bar is drawn only then)
     */
    public static int execute(String[] args, InputStream stdin, PrintWriter out, PrintWriter err,
                              boolean stderrTerminal) {
        CommandLine cli = new CommandLine(new ClusterSimCli(stdin, stderrTerminal));
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

    /** No subcommand: the usage on stderr and exit code 2, as for any other command-line mistake. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_SCENARIO_ERROR;
    }

    /** Standard input, for a scenario named {@code -}. */
    InputStream stdin() {
        return stdin;
    }

    /** Whether standard error is a terminal. */
    boolean stderrTerminal() {
        return stderrTerminal;
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
