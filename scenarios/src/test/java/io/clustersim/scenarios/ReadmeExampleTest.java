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
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
                .parallelism(new ParallelismPlan(8, 8, 16, 1, 1_536))
                .failures(new FailureSpec(FailureSpec.perChipHourFromPer1000NodeDays(6.5, 8), 300, 600, "hardware"))
                .checkpoint(new CheckpointSpec(3_600, 60, 300))
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
        String test = between(Files.readString(
                Path.of("scenarios/src/test/java/io/clustersim/scenarios/ReadmeExampleTest.java")),
                "// api-example:begin\n", "// api-example:end\n");
        String readme = between(Files.readString(Path.of("README.md")), "<!-- api-example:begin -->\n```java\n",
                "```\n<!-- api-example:end -->");
        assertEquals(normalise(readme), normalise(test) + "\n}");
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
