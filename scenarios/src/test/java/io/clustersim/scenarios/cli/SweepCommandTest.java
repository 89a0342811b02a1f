package io.clustersim.scenarios.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clustersim.scenarios.MultiDatacenterScenarioTestFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code clustersim sweep}: chips and field sweeps, JSON, fits, and command-line mistakes. */
class SweepCommandTest {

    static ClusterSimCliTest.Result cli(String... args) {
        return ClusterSimCliTest.cli(args);
    }

    @Test
    void chipSweepReportsEveryPointAndTheFits() throws IOException {
        ClusterSimCliTest.Result r = cli("sweep", ClusterSimCliTest.EXAMPLE, "--chips", "256..16k", "--points", "5",
                "--trials", "4", "--threads", "2", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("chips", json.get("field").asText());
        assertEquals(5, json.get("points").size());
        JsonNode first = json.at("/points/0");
        assertEquals(256, first.get("chips").asLong());
        assertEquals(1.0, first.get("speedup").asDouble(), 1e-12);
        assertEquals(1.0, first.get("scalingEfficiency").asDouble(), 1e-12);
        double previousBatch = 0;
        for (JsonNode p : json.get("points")) {
            assertTrue(p.get("feasible").asBoolean());
            // per-replica policy: the batch grows with the chips
            assertTrue(p.get("globalBatchTokens").asDouble() > previousBatch);
            previousBatch = p.get("globalBatchTokens").asDouble();
            assertEquals(p.get("daysMean").asDouble(), p.at("/report/run/wallClockDays/mean").asDouble(), 0);
        }
        assertTrue(json.at("/fits/amdahl/sigma").asDouble() > 0);
        assertTrue(json.at("/fits/usl/kappa").isNumber());
        assertTrue(json.at("/fits/usl/rmsRelativeError").asDouble() < json.at("/fits/amdahl/rmsRelativeError").asDouble() + 1e-12);
    }

    @Test
    void fieldSweepOverWanBandwidth(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("two.conf");
        Files.writeString(file, MultiDatacenterScenarioTestFixtures.TWO_SITES);
        ClusterSimCliTest.Result r = cli("sweep", file.toString(), "--field", "fleet.wan-links[0].bandwidth",
                "--values", "1Tbps..100Tbps", "--points", "3", "--trials", "2", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("1Tbps", json.at("/points/0/label").asText());
        assertEquals("10Tbps", json.at("/points/1/label").asText());
        double a = json.at("/points/0/exposedWanSeconds").asDouble();
        double b = json.at("/points/1/exposedWanSeconds").asDouble();
        double c = json.at("/points/2/exposedWanSeconds").asDouble();
        // falls with bandwidth until the transfer hides behind backward; the fibre latency stays
        assertTrue(a > b && b >= c && c >= 2 * 800 * 4.9e-6 - 1e-12, a + " " + b + " " + c);
        assertTrue(json.get("fits").isNull(), "a field sweep has no chip-scaling fits");
        ClusterSimCliTest.Result text = cli("sweep", file.toString(), "--field", "parallelism.tp", "--values", "8,16",
                "--trials", "2");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("cannot run"), text.out());
        assertFalse(text.out().contains("speedup"), text.out());
    }

    @Test
    void commandLineMistakesExitWith2() {
        assertEquals(ClusterSimCli.EXIT_SCENARIO_ERROR, cli("sweep", ClusterSimCliTest.EXAMPLE).code());
        assertEquals(ClusterSimCli.EXIT_SCENARIO_ERROR, cli("sweep", ClusterSimCliTest.EXAMPLE, "--chips", "1k..1M",
                "--batch", "huge").code());
        assertEquals(ClusterSimCli.EXIT_SCENARIO_ERROR, cli("sweep", ClusterSimCliTest.EXAMPLE, "--field", "target.tokens").code());
        ClusterSimCliTest.Result units = cli("sweep", ClusterSimCliTest.EXAMPLE, "--field", "target.tokens", "--values", "1Tbps..1Gb");
        assertEquals(ClusterSimCli.EXIT_SCENARIO_ERROR, units.code());
        assertTrue(units.err().contains("same unit"), units.err());
        ClusterSimCliTest.Result reversed = cli("sweep", ClusterSimCliTest.EXAMPLE, "--chips", "10..5");
        assertEquals(ClusterSimCli.EXIT_SCENARIO_ERROR, reversed.code(), reversed.out());
        assertTrue(reversed.err().contains("smaller end first"), reversed.err());
        assertTrue(cli("sweep", ClusterSimCliTest.EXAMPLE, "--chips", "8..8").err().contains("equal ends"));
    }
}
