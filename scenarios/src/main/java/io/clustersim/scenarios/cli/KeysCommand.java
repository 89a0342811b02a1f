package io.clustersim.scenarios.cli;

import io.clustersim.scenarios.keys.ReferencePage;
import io.clustersim.scenarios.keys.ReportSchema;
import io.clustersim.scenarios.keys.ScenarioSchema;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code clustersim keys}: every scenario key, from the key registry — the reference page as
 * Markdown, or the scenario JSON Schema; {@code --write-docs DIR} regenerates the generated docs
 * of a checkout ({@code docs/scenario-reference.md}, {@code docs/schema/*.schema.json}).
 *
 * <pre>{@code
 * clustersim keys --schema -o scenario.schema.json
 * ./clustersim keys --write-docs .
 * }</pre>
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "List every scenario key (type, unit, default, allowed values, meaning) as Markdown, or the"
                + " scenario JSON Schema.")
final class KeysCommand implements Runnable {

    /** Generated files, relative to the checkout given to --write-docs. */
    static final Path REFERENCE = Path.of("docs/scenario-reference.md");
    static final Path SCENARIO_SCHEMA = Path.of("docs/schema/scenario.schema.json");
    static final Path REPORT_SCHEMA = Path.of("docs/schema/report.schema.json");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    OutputOptions io;

    @CommandLine.Option(names = "--schema", description = "Print the JSON Schema of scenario files instead.")
    boolean schema;

    @CommandLine.Option(names = "--write-docs", paramLabel = "<checkout>",
            description = "Regenerate docs/scenario-reference.md and docs/schema/{scenario,report}.schema.json under"
                    + " this checkout (the report schema from its report field table).")
    Path checkout;

    @Override
    public void run() {
        if (checkout == null) {
            io.emit(schema ? ScenarioSchema.json() : ReferencePage.markdown());
            return;
        }
        try {
            String reportSchema = ReportSchema.json(reportTable(checkout)); // first: nothing written if it fails
            write(checkout.resolve(REFERENCE), ReferencePage.markdown());
            write(checkout.resolve(SCENARIO_SCHEMA), ScenarioSchema.json());
            write(checkout.resolve(REPORT_SCHEMA), reportSchema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        spec.commandLine().getOut().println("wrote " + REFERENCE + ", " + SCENARIO_SCHEMA + ", " + REPORT_SCHEMA
                + " under " + checkout);
    }

    /** The text holding the report field table: docs/report-reference.md, or the README before the docs split. */
    static String reportTable(Path checkout) throws IOException {
        Path docs = checkout.resolve("docs/report-reference.md");
        Path readme = checkout.resolve("README.md");
        for (Path p : new Path[] {docs, readme}) {
            if (Files.exists(p) && Files.readString(p).contains(ReportSchema.TABLE_HEADER)) {
                return Files.readString(p);
            }
        }
        throw new IllegalArgumentException("no report field table in " + docs + " or " + readme);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
