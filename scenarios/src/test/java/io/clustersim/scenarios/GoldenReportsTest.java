package io.clustersim.scenarios;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.Report;
import io.clustersim.core.SimOptions;
import io.clustersim.core.engine.EngineKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The safety net of the loader's refactoring (issue 14): every bundled scenario gives the same JSON
 * report, byte for byte, as the golden file captured before, and a fixed, systematic set of broken
 * scenarios (every assignment of every example set to a few bad values, or deleted) gives the same
 * located error line.
 *
 * <p>Maintainer note: the goldens live in {@code scenarios/src/test/resources/golden/}. A change that
 * means to alter a report or a message regenerates them with
 * {@code mvn -B -q -pl scenarios -am verify -Dtest=GoldenReportsTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgolden.update=true} and commits the diff, which a reviewer then reads.
 */
class GoldenReportsTest {

    /** Trials per report: enough to exercise the run model, few enough that 200 reports take seconds. */
    static final int TRIALS = 4;
    static final Path GOLDEN = Path.of("scenarios/src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    /** Every bundled scenario: the examples, the validation scenarios and the benchmark's. */
    static List<Path> bundledScenarios() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("scenarios/examples", "scenarios/validation", "bench/scenarios")) {
            try (Stream<Path> walk = Files.walk(Path.of(dir))) {
                walk.filter(p -> p.toString().endsWith(".conf")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    /** A scenario's report (or why it is refused) as {@code clustersim run --format json --trials 4} writes it. */
    static String report(ClusterSim sim, Path file) {
        LoadedScenario loaded = ScenarioLoader.load(file);
        try {
            Report report = loaded.priced(sim.run(loaded.scenario().withTrials(TRIALS)));
            return new JsonReportWriter().write(report);
        } catch (RuntimeException e) {
            // some measured validation rows are refused on purpose (the published plan does not run here)
            return "refused: " + e.getClass().getSimpleName() + ": " + e.getMessage() + "\n";
        }
    }

    @Test
    void everyBundledScenarioGivesItsGoldenReport() throws IOException {
        List<Path> files = bundledScenarios();
        assertTrue(files.size() > 150, "expected the examples and validation scenarios, found " + files.size());
        List<String> differ = new ArrayList<>();
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(2).withEngine(EngineKind.INLINE))) {
            for (Path file : files) {
                String json = report(sim, file);
                Path golden = GOLDEN.resolve("reports").resolve(file.toString().replace(".conf", ".json"));
                if (UPDATE) {
                    Files.createDirectories(golden.getParent());
                    Files.writeString(golden, json);
                } else if (!Files.exists(golden) || !Files.readString(golden).equals(json)) {
                    differ.add(file.toString());
                }
            }
        }
        assertEquals(List.of(), differ, "reports differing from their golden file in " + GOLDEN);
    }

    /** No golden report outlives its scenario (a renamed or removed scenario takes its golden file along). */
    @Test
    void everyGoldenReportHasItsScenario() throws IOException {
        Path reports = GOLDEN.resolve("reports");
        List<String> orphans;
        try (Stream<Path> walk = Files.walk(reports)) {
            orphans = walk.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> reports.relativize(p).toString().replace('\\', '/').replace(".json", ".conf"))
                    .filter(conf -> !Files.exists(Path.of(conf))).sorted().toList();
        }
        assertEquals(List.of(), orphans, "golden reports without their scenario in " + reports + " (delete them)");
    }

    /** Values each assignment of an example is set to, one at a time. */
    private static final String[] BAD = {"-1", "0", "\"abc\"", "[]", "1e40", "\"5x\""};
    private static final Pattern ASSIGNMENT = Pattern.compile("^(\\s*[a-z][a-z0-9-]*\\s*=\\s*)([^#\\n{]+?)(\\s*(#.*)?)$");

    /**
     * For every example, every line that assigns a value is set to each of {@link #BAD} and, once,
     * deleted; the outcome ({@code ok} or the one-line error) of each is compared with the golden list.
     */
    @Test
    void brokenExamplesGiveTheirGoldenErrors() throws IOException {
        StringBuilder out = new StringBuilder();
        List<Path> examples;
        try (Stream<Path> list = Files.list(Path.of("scenarios/examples"))) {
            examples = list.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        for (Path example : examples) {
            List<String> lines = Files.readAllLines(example);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = ASSIGNMENT.matcher(lines.get(i));
                if (!m.matches()) {
                    continue;
                }
                for (String bad : BAD) {
                    List<String> mutated = new ArrayList<>(lines);
                    mutated.set(i, m.group(1) + bad + m.group(3));
                    out.append(outcome(example, mutated, (i + 1) + "=" + bad));
                }
                List<String> deleted = new ArrayList<>(lines);
                deleted.remove(i);
                out.append(outcome(example, deleted, (i + 1) + " deleted"));
            }
        }
        Path golden = GOLDEN.resolve("errors.txt");
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, out.toString());
        } else {
            assertEquals(Files.readString(golden), out.toString());
        }
    }

    private static String outcome(Path example, List<String> lines, String change) {
        String result;
        try {
            ScenarioLoader.parse(String.join("\n", lines) + "\n", example.toString());
            result = "ok";
        } catch (ScenarioException e) {
            result = e.getMessage();
        }
        return example.getFileName() + " line " + change + " -> " + result + "\n";
    }
}
