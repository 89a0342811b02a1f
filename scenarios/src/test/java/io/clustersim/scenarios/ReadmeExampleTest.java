package io.clustersim.scenarios;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.Report;
import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.core.run.CheckpointSpec;
import io.clustersim.core.run.FailureSpec;
import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.ScaleOutFabric;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the README's Java API example, and checks the README shows exactly this code. */
class ReadmeExampleTest {

    @Test
    void readmeExampleRuns() {
        AtomicReference<Report> result = new AtomicReference<>();
        // api-example:begin
        ChipSpec a100 = ChipCatalog.standard().require("a100-80gb-sxm");
        Scenario scenario = Scenario.builder()
                .name("gpt3-175b")
                .model(TransformerSpec.builder().layers(96).hidden(12_288).heads(96).vocab(51_200).seqLen(2_048).build())
                .targetTokens(300e9)
                .cluster(new ClusterSpec(a100, 1_024, 8, 8, ScaleOutFabric.nonBlocking(a100, 1_024)))
                .parallelism(ParallelismPlan.builder().tensor(8).pipeline(8).data(16).microBatch(1).globalBatch(1_536).build())
                .failures(FailureSpec.exponential("hardware", FailureSpec.perChipHourFromPer1000NodeDays(6.5, 8))
                        .detection(Duration.ofMinutes(5)).restart(Duration.ofMinutes(10)))
                .checkpoint(CheckpointSpec.every(Duration.ofHours(1)).write(Duration.ofSeconds(60)).restore(Duration.ofMinutes(5)))
                .trials(50)
                .build();
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults())) {
            Report report = sim.run(scenario);
            System.out.printf("P90 %.1f days, MFU %.1f%%%n", report.run().wallClockDays().p90(), 100 * report.step().mfu());
        // api-example:end
            result.set(report);
        }
        Report report = result.get();
        assertEquals(50, report.trials());
        assertTrue(report.run().wallClockDays().p90() >= report.run().wallClockDays().p50());
        assertTrue(report.run().interruptions().mean() > 0);
    }

    @Test
    void readmeShowsThisExample() throws IOException {
        String test = between(Files.readString(TEST), "// api-example:begin\n", "// api-example:end\n");
        String readme = between(Files.readString(Path.of("docs/api.md")), "<!-- api-example:begin -->\n```java\n",
                "```\n<!-- api-example:end -->");
        String code = readme.lines().filter(l -> !l.startsWith("import ")).collect(Collectors.joining("\n"));
        assertEquals(normalise(code), normalise(test) + "\n}");
    }

    /**
     * The README example's imports are exactly the classes it uses: each is one this test compiles
     * against, each imported class is used, and each class of this test's imports that the example
     * uses is imported.
     */
    @Test
    void readmeExampleImportsWhatItUses() throws IOException {
        String source = Files.readString(TEST);
        String readme = between(Files.readString(Path.of("docs/api.md")), "<!-- api-example:begin -->\n```java\n",
                "```\n<!-- api-example:end -->");
        List<String> shown = readme.lines().filter(l -> l.startsWith("import ")).toList();
        assertFalse(shown.isEmpty(), "the README example shows no imports");
        String code = between(source, "// api-example:begin\n", "// api-example:end\n");
        Set<String> testImports = source.lines().filter(l -> l.startsWith("import ") && !l.startsWith("import static"))
                .collect(Collectors.toSet());
        for (String line : shown) {
            assertTrue(testImports.contains(line), "README imports what this test does not: " + line);
            assertTrue(usesClass(code, simpleName(line)), "README imports an unused class: " + line);
        }
        for (String line : testImports) {
            if (usesClass(code, simpleName(line))) {
                assertTrue(shown.contains(line), "README example misses " + line);
            }
        }
    }

    /** The README's Maven coordinates name this build's artifacts and version. */
    @Test
    void readmeMavenCoordinatesMatchThePoms() throws IOException {
        String readme = Files.readString(Path.of("docs/api.md"));
        Matcher version = Pattern.compile("<artifactId>clustersim-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(version.find(), "no version in pom.xml");
        for (String module : List.of("sim-core", "scenarios")) {
            String pom = Files.readString(Path.of(module, "pom.xml"));
            assertTrue(pom.contains("<artifactId>" + module + "</artifactId>"), module + "/pom.xml");
            assertTrue(Pattern.compile("<groupId>io\\.clustersim</groupId>\\s*<artifactId>" + module
                            + "</artifactId>\\s*<version>" + Pattern.quote(version.group(1)) + "</version>")
                    .matcher(readme).find(), "README lacks the Maven coordinates of " + module);
        }
    }

    private static final Path TEST = Path.of("scenarios/src/test/java/io/clustersim/scenarios/ReadmeExampleTest.java");

    private static String simpleName(String importLine) {
        String name = importLine.substring("import ".length(), importLine.length() - 1);
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static boolean usesClass(String code, String simpleName) {
        return Pattern.compile("\\b" + Pattern.quote(simpleName) + "\\b").matcher(code).find();
    }

    private static String between(String text, String begin, String end) {
        int from = text.indexOf(begin);
        int to = text.indexOf(end, from);
        assertTrue(from >= 0 && to > from, "markers " + begin.strip() + " … " + end.strip() + " not found");
        return text.substring(from + begin.length(), to);
    }

    /** Drops indentation and blank lines, so the README may indent differently. */
    private static String normalise(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }
}
