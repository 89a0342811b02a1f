package io.clustersim.scenarios.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.clustersim.scenarios.cli.ClusterSimCliTest.EXAMPLE;
import static io.clustersim.scenarios.cli.ClusterSimCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code clustersim plan}, and {@code run} on scenarios whose targets size the model, plan or fleet. */
class PlanCommandTest {

    static final String BUDGET = "scenarios/examples/chinchilla-budget-h100.conf";

    @Test
    void planRanksLayoutsExplainsTheRunnerUpAndComparesTheStatedPlan() {
        ClusterSimCliTest.Result r = cli("plan", EXAMPLE, "--no-run", "--top", "3");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.startsWith("Plan search  gpt3-175b-a100:"), out);
        assertTrue(out.contains("plans evaluated") && out.contains("fit in memory"), out);
        for (String rank : List.of("\n  1 ", "\n  2 ", "\n  3 ")) {
            assertTrue(out.contains(rank), "rank row " + rank.strip() + "\n" + out);
        }
        assertFalse(out.contains("\n  4 "), out);
        assertTrue(out.contains("Runner-up   loses: "), out);
        assertTrue(out.contains("Stated plan TP 8, PP 8, DP 16, mb 1, ZeRO-0, recompute full: "), out);
        assertFalse(out.contains("Wall clock"), "--no-run runs no trials");
    }

    @Test
    void planThenRunsTheBestPlanAndTheJsonReportCarriesTheSearch() throws IOException {
        ClusterSimCliTest.Result r = cli("plan", EXAMPLE, "--format", "json", "--trials", "4", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertTrue(json.at("/parallelism/searched").asBoolean());
        JsonNode ranked = json.at("/search/ranked");
        assertEquals(5, ranked.size());
        assertEquals(json.at("/step/seconds").asDouble(), ranked.get(0).at("/stepSeconds").asDouble(), 0);
        assertEquals(json.at("/parallelism/tp").asInt(), ranked.get(0).at("/plan/tp").asInt());
        assertTrue(ranked.get(0).at("/stepSeconds").asDouble() <= ranked.get(1).at("/stepSeconds").asDouble());
        assertTrue(json.at("/search/plansEvaluated").asLong() >= json.at("/search/plansFitting").asLong());
        assertFalse(json.at("/search/runnerUpLoses").asText().isEmpty());
        assertTrue(json.at("/deadline").isNull());
        assertEquals("tokens", json.at("/target/kind").asText());
        assertTrue(json.at("/target/predictedLoss").asDouble() > 1.8);
    }

    @Test
    void theJsonReportComparesTheStatedPlanWithTheBest() throws IOException {
        ClusterSimCliTest.Result r = cli("plan", EXAMPLE, "--format", "json", "--trials", "2", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        JsonNode stated = json.at("/search/statedPlan");
        // the scenario's own plan, as `run` reports it on its own
        JsonNode run = new ObjectMapper().readTree(cli("run", EXAMPLE, "--format", "json", "--trials", "2",
                "--threads", "2").out());
        assertEquals(run.at("/parallelism/tp").asInt(), stated.at("/plan/tp").asInt());
        assertEquals(run.at("/parallelism/pp").asInt(), stated.at("/plan/pp").asInt());
        assertEquals(run.at("/parallelism/dp").asInt(), stated.at("/plan/dp").asInt());
        assertFalse(stated.at("/plan/searched").asBoolean());
        assertEquals(run.at("/step/seconds").asDouble(), stated.at("/stepSeconds").asDouble(), 0);
        assertEquals(run.at("/step/mfu").asDouble(), stated.at("/mfu").asDouble(), 0);
        assertEquals(stated.at("/stepSeconds").asDouble() - json.at("/search/ranked/0/stepSeconds").asDouble(),
                stated.at("/secondsSlower").asDouble(), 1e-12);
        assertFalse(stated.at("/isBest").asBoolean());
        // the same comparison the text table prints
        String text = cli("plan", EXAMPLE, "--no-run").out();
        assertTrue(text.contains(": " + stated.at("/comparison").asText() + "\n")
                || text.contains(": " + stated.at("/comparison").asText() + System.lineSeparator()), text);
        assertTrue(stated.at("/termDeltas").size() > 0);
        // a searched scenario has no plan of its own
        JsonNode searched = new ObjectMapper().readTree(cli("run", BUDGET, "--format", "json", "--trials", "2",
                "--threads", "2").out());
        assertTrue(searched.at("/search/statedPlan").isNull());
    }

    @Test
    void planSearchAcrossDatacentersShowsTheWanAndADeadlineChoosesSites(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sites.conf");
        Files.writeString(file, io.clustersim.scenarios.MultiDatacenterScenarioTestFixtures.TWO_SITES);
        ClusterSimCliTest.Result r = cli("plan", file.toString(), "--no-run", "--top", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("in 2 datacenters (hierarchical-dp"), r.out());
        assertTrue(r.out().contains("exposedWan "), r.out());
        assertTrue(r.out().contains("; per site: a dp "), r.out());

        // 100B tokens: one site alone misses a deadline halfway between one site's and both sites' days
        JsonNode both = new ObjectMapper().readTree(cli("run", file.toString(), "--format", "json", "--trials", "2",
                "--threads", "2").out());
        double days = both.at("/run/wallClockDays/p90").asDouble();
        Path deadline = dir.resolve("deadline.conf");
        Files.writeString(deadline, Files.readString(file).replace("target { tokens = 100B }",
                String.format(java.util.Locale.ROOT, "target { tokens = 100B, deadline = %.4fd }", 1.5 * days)));
        ClusterSimCliTest.Result d = cli("run", deadline.toString(), "--format", "json", "--trials", "4", "--threads", "2");
        assertEquals(0, d.code(), d.err());
        JsonNode json = new ObjectMapper().readTree(d.out());
        assertEquals("datacenters", json.at("/deadline/candidates").asText());
        assertEquals(2, json.at("/deadline/candidateFleets").asInt());
        List<String> chosen = new java.util.ArrayList<>();
        json.at("/deadline/datacenters").forEach(n -> chosen.add(n.asText()));
        assertEquals(List.of("a", "b"), chosen);
        for (JsonNode f : json.at("/deadline/fleetsSimulated")) {
            assertEquals(f.at("/chips").asInt() / 256, f.at("/datacenters").size());
        }
        assertEquals(2, json.at("/fleet/datacenters").size());
    }

    @Test
    void budgetScenarioSizesTheModelAndReportsTheLaw() throws IOException {
        ClusterSimCliTest.Result r = cli("run", BUDGET, "--format", "json", "--trials", "4", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("compute", json.at("/target/kind").asText());
        assertEquals("epoch-2024", json.at("/target/scalingLaw").asText());
        assertEquals(5.76e23, json.at("/target/requested").asDouble(), 1e12);
        assertEquals(5.76e23, json.at("/target/computeFlops").asDouble(), 1e-9 * 5.76e23);
        assertTrue(json.at("/model/sized").asBoolean());
        double n = json.at("/target/parameters").asDouble();
        assertEquals(json.at("/target/computeOptimal/parameters").asDouble(), n, 0.03 * n);
        assertTrue(json.at("/parallelism/searched").asBoolean());
        ClusterSimCliTest.Result text = cli("run", BUDGET, "--trials", "2", "--threads", "2");
        assertTrue(text.out().contains("(sized from the shape family)"), text.out());
        assertTrue(text.out().contains("Loss        ") && text.out().contains("(epoch-2024)"), text.out());
    }

    @Test
    void deadlineRunSizesTheFleet(@TempDir Path dir) throws IOException {
        // GPT-3 175B at Megatron-LM's plan: 35 days on 1,024 A100; a 50-day deadline, fleets up to 2,048
        Path file = dir.resolve("deadline.conf");
        Files.writeString(file, Files.readString(Path.of(EXAMPLE)).replace("chips = 1024", "chips = 2048")
                .replace("tokens = 300B", "tokens = 300B\n  deadline = 50d\n  confidence = 0.9"));
        ClusterSimCliTest.Result r = cli("run", file.toString(), "--format", "json", "--trials", "8", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        JsonNode d = json.at("/deadline");
        assertTrue(d.at("/met").asBoolean(), d.toString());
        int chips = d.at("/chips").asInt();
        assertTrue(chips < 1_024 && chips % 64 == 0, "fewer than 1,024 chips suffice for 50 days: " + chips);
        assertEquals(chips / 64, json.at("/parallelism/dp").asInt(), "the stated plan grows by replicas of 64 chips");
        assertTrue(d.at("/daysAtConfidence").asDouble() <= 50);
        boolean smallerSimulatedAndLate = false;
        for (JsonNode f : d.at("/fleetsSimulated")) {
            assertTrue(f.at("/daysAtConfidence").asDouble() >= f.at("/failureFreeDays").asDouble());
            if (f.at("/chips").asInt() < chips) {
                assertTrue(f.at("/daysAtConfidence").asDouble() > 50, "a smaller fleet simulated meets it: " + f);
                smallerSimulatedAndLate = true;
            }
        }
        assertTrue(smallerSimulatedAndLate || d.at("/fleetsSimulated").size() == 1, d.toString());
        assertEquals(0.9, d.at("/confidence").asDouble());
    }

    @Test
    void badPlanInvocationsAndInfeasibleSearchesAreExitCode2(@TempDir Path dir) throws IOException {
        assertEquals(2, cli("plan", EXAMPLE, "--top", "0").code());
        Path tiny = dir.resolve("tiny.conf");
        Files.writeString(tiny, Files.readString(Path.of(EXAMPLE)).replace("chips = 1024", "chips = 8"));
        ClusterSimCliTest.Result r = cli("plan", tiny.toString(), "--no-run");
        assertEquals(2, r.code());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].startsWith(tiny + ":"), lines[0]);
        assertTrue(lines[0].contains("parallelism: none of the") && lines[0].contains("fits in memory"), lines[0]);
    }
}
