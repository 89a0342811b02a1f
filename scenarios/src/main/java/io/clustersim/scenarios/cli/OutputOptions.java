package io.clustersim.scenarios.cli;

import io.clustersim.core.SimOptions;
import io.clustersim.scenarios.LoadedScenario;
import io.clustersim.scenarios.ScenarioException;
import io.clustersim.scenarios.ScenarioLoader;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The options every command shares for its input and output — {@code -o/--output},
 * {@code --quiet} (and its older spelling {@code --no-progress}) — and what they mean: where the
 * report goes, whether a progress bar is drawn, and reading the scenario {@code -} from standard
 * input. A picocli mixin, so each command declares it once:
 *
 * <pre>{@code
 * @CommandLine.Mixin OutputOptions io;
 * LoadedScenario loaded = io.load(scenarioFile);
 * try (ProgressBar bar = io.progress("trials")) { ... }
 * io.emit(text);
 * }</pre>
 */
final class OutputOptions {

    /** The scenario argument that means standard input. */
    static final String STDIN = "-";

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Option(names = {"-o", "--output"}, paramLabel = "<file>",
            description = "Write the report to this file instead of standard output.")
    Path output;

    @Option(names = {"-q", "--quiet", "--no-progress"},
            description = "No progress bar (it is drawn on stderr only when stderr is a terminal).")
    boolean quiet;

    private String stdinText;

    private ClusterSimCli root() {
        return (ClusterSimCli) mixee.root().userObject();
    }

    /** Writes the report to {@code -o FILE} or standard output. */
    void emit(String report) {
        if (output == null) {
            PrintWriter out = mixee.commandLine().getOut();
            out.print(report);
            out.flush();
            return;
        }
        try {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(output, report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "-o " + output + ": cannot write: "
                    + e.getMessage());
        }
    }

    /**
     * A progress bar on stderr counting {@code unit}, or {@code null} with {@code --quiet} or
     * when stderr is not a terminal.
     */
    ProgressBar progress(String unit) {
        if (quiet || !root().stderrTerminal()) {
            return null;
        }
        return ProgressBar.start(mixee.commandLine().getErr(), unit);
    }

    /** The options with the progress bar as their listener (unchanged without a bar). */
    static SimOptions withProgress(SimOptions options, ProgressBar bar) {
        return bar == null ? options : options.withProgress(bar);
    }

    /** Loads the scenario file, or standard input for {@code -}. */
    LoadedScenario load(Path scenario) {
        return load(scenario, Map.of());
    }

    /** Loads the scenario (or standard input for {@code -}; read once) with keys overridden. */
    LoadedScenario load(Path scenario, Map<String, String> overrides) {
        if (!STDIN.equals(scenario.toString())) {
            return ScenarioLoader.load(scenario, overrides);
        }
        if (stdinText == null) {
            stdinText = readStdin(root().stdin());
        }
        return ScenarioLoader.parse(stdinText, "<stdin>", overrides);
    }

    /**
     * The scenario's text as the command read it, for a cluster worker to parse again: the file's
     * (with its includes read in), or standard input's for {@code -} (read once, the same text
     * {@link #load} parsed).
     */
    String text(Path scenario) {
        if (!STDIN.equals(scenario.toString())) {
            return ScenarioLoader.selfContainedText(scenario); // includes read in: a worker's parse refuses them
        }
        if (stdinText == null) {
            stdinText = readStdin(root().stdin());
        }
        return stdinText;
    }

    /** The scenario's name in messages: its path, or {@code <stdin>} for {@code -}. */
    static String name(Path scenario) {
        return STDIN.equals(scenario.toString()) ? "<stdin>" : scenario.toString();
    }

    private static String readStdin(InputStream in) {
        String text;
        try {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException("<stdin>", 0, "", "cannot read standard input: " + e.getMessage());
        }
        if (text.isBlank()) {
            throw new ScenarioException("<stdin>", 0, "", "standard input is empty; pipe a scenario in"
                    + " (e.g. clustersim run - < scenarios/examples/gpt3-175b-a100.conf)");
        }
        return text;
    }
}
