package io.clustersim.scenarios.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.clustersim.scenarios.cli.ClusterSimCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --rank cost}: a deadline search chooses the cheapest fleet that meets the deadline, and
 * the billing decides which that is. The Llama 3 405B deadline example with a very large spare pool
 * (2,048 nodes): billed {@code used}, spares cost nothing and the smallest timely fleet is the
 * cheapest; billed {@code reserved}, the spares are paid for the whole run, so a larger fleet that
 * finishes sooner costs less in total.
 */
class RankCostTest {

    static final String DEADLINE = "scenarios/examples/llama3-405b-deadline.conf";

    static JsonNode run(Path file, String rank) throws IOException {
        ClusterSimCliTest.Result r = cli("run", file.toString(), "--trials", "4", "--engine", "inline",
                "--format", "json", "--rank", rank);
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    static Path scenario(Path dir, String billing) throws IOException {
        return Files.writeString(dir.resolve(billing + ".conf"), Files.readString(Path.of(DEADLINE)) + """

                fleet.hot-spare-nodes = 2048
                failures { repair-median = 4h, repair-sigma = 0.5 }
                fleet.cost { chip-hour = 2, currency = USD, energy-per-mwh = 80, billing = %s }
                """.formatted(billing));
    }

    @Test
    void billingDecidesTheCheapestTimelyFleet(@TempDir Path dir) throws IOException {
        Path reserved = scenario(dir, "reserved");
        JsonNode byTime = run(reserved, "time");
        JsonNode byCost = run(reserved, "cost");
        assertEquals("smallest", byTime.at("/deadline/chosenBy").asText());
        assertEquals("cost", byCost.at("/deadline/chosenBy").asText());
        assertTrue(byCost.at("/deadline/met").asBoolean());
        assertTrue(byCost.at("/deadline/chips").asInt() > byTime.at("/deadline/chips").asInt(),
                "reserved spares make a larger, sooner-done fleet cheaper: " + byCost.at("/deadline"));
        assertTrue(byCost.at("/cost/total").asDouble() < byTime.at("/cost/total").asDouble(),
                byCost.at("/cost/total") + " vs " + byTime.at("/cost/total"));
        assertTrue(byCost.at("/deadline/daysAtConfidence").asDouble() <= byCost.at("/deadline/days").asDouble());

        Path used = scenario(dir, "used");
        JsonNode usedByCost = run(used, "cost");
        assertEquals(byTime.at("/deadline/chips").asInt(), usedByCost.at("/deadline/chips").asInt(),
                "billed used, the spares cost nothing and the smallest timely fleet is the cheapest");
        assertTrue(usedByCost.at("/deadline/fleetsSimulated").size() < byCost.at("/deadline/fleetsSimulated").size(),
                "the failure-free bound spares simulations when the smallest is already cheap");
    }

    @Test
    void rankCostWithoutPricesIsOneLineExit2() {
        ClusterSimCliTest.Result r = cli("run", DEADLINE, "--trials", "2", "--engine", "inline", "--rank", "cost");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--rank cost needs prices"), r.err());
        assertEquals(1, r.err().strip().lines().filter(l -> l.contains("--rank")).count(), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
        ClusterSimCliTest.Result plan = cli("plan", DEADLINE, "--no-run", "--rank", "cost");
        assertEquals(2, plan.code(), plan.err());
    }
}
