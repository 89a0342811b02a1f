package io.clustersim.scenarios.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.clustersim.scenarios.cli.ClusterSimCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CSV output of run, plan and sweep; the cost section and its keys. */
class CsvAndCostTest {

    static final String EXAMPLE = ClusterSimCliTest.EXAMPLE;
    static final String SPARES = "fleet.hot-spare-nodes = 4\nfailures { repair-median = 4h, repair-sigma = 0.5 }\n";

    static Path priced(Path dir, String cost) throws IOException {
        String unpriced = Files.readString(Path.of(EXAMPLE)).replaceAll("(?m)^fleet\\.cost .*$", "");
        return Files.writeString(dir.resolve("priced.conf"), unpriced + "\n" + cost + "\n");
    }

    static List<CSVRecord> parse(String csv) throws IOException {
        try (CSVParser p = CSVParser.parse(new StringReader(csv), CSVFormat.RFC4180.builder().setHeader()
                .setSkipHeaderRecord(true).get())) {
            return p.getRecords();
        }
    }

    @Test
    void runCsvHasOneRowPerTrialMatchingTheJsonMeans(@TempDir Path dir) throws IOException {
        Path file = priced(dir, "fleet.cost { chip-hour = 2.10, currency = USD, energy-per-mwh = 80 }");
        String[] args = {"run", file.toString(), "--trials", "6", "--engine", "inline"};
        ClusterSimCliTest.Result csv = cli(concat(args, "--format", "csv"));
        assertEquals(0, csv.code(), csv.err());
        List<CSVRecord> rows = parse(csv.out());
        assertEquals(6, rows.size());
        JsonNode json = new ObjectMapper().readTree(cli(concat(args, "--format", "json", "--per-trial")).out());
        double mean = rows.stream().mapToDouble(r -> Double.parseDouble(r.get("wall_clock_days"))).average().orElseThrow();
        assertEquals(json.at("/run/wallClockDays/mean").asDouble(), mean, 1e-9 * mean);
        double cost = rows.stream().mapToDouble(r -> Double.parseDouble(r.get("cost_USD"))).average().orElseThrow();
        assertEquals(json.at("/cost/total").asDouble(), cost, 1e-6 * cost, "mean of trial costs = the report's cost");
        assertEquals(6, json.at("/perTrial").size());
        int interruptions = Integer.parseInt(rows.get(0).get("interruptions"));
        assertEquals(interruptions, Integer.parseInt(rows.get(0).get("interruptions_hardware")));
        assertEquals(json.at("/perTrial/0/interruptions").asInt(), interruptions);
    }

    @Test
    void costIsChipHoursAndEnergyAtTheirPrices(@TempDir Path dir) throws IOException {
        Path file = priced(dir, "fleet.cost { chip-hour = 2.10, currency = EUR, energy-per-mwh = 80, billing = reserved }");
        JsonNode r = new ObjectMapper().readTree(cli("run", file.toString(), "--trials", "4", "--engine", "inline",
                "--format", "json").out());
        double chips = r.at("/run/chipHours").asDouble() * 2.10;
        double energy = r.at("/energy/megawattHours").asDouble() * 80;
        assertEquals("EUR", r.at("/cost/currency").asText());
        assertEquals(chips, r.at("/cost/chips").asDouble(), 1e-9 * chips);
        assertEquals(energy, r.at("/cost/energy").asDouble(), 1e-9 * energy);
        assertEquals(chips + energy, r.at("/cost/total").asDouble(), 1e-9 * chips);
        double perT = (chips + energy) / (r.at("/batch/trainedTokens").asDouble() / 1e12);
        assertEquals(perT, r.at("/cost/perTrillionTokens").asDouble(), 1e-9 * perT);
        double lost = r.at("/run/timeFractions/lostWork").asDouble() * (chips + energy);
        assertEquals(lost, r.at("/cost/failures/lostWork").asDouble(), 1e-9 * lost);

        Path spares = Files.writeString(dir.resolve("spares.conf"), Files.readString(file)
                + SPARES + "fleet.cost.billing = used\n");
        JsonNode used = new ObjectMapper().readTree(cli("run", spares.toString(), "--trials", "4", "--engine", "inline",
                "--format", "json").out());
        assertEquals(0.0, used.at("/cost/failures/idleSpares").asDouble(), "used billing pays no idle spares");
        Path reserved = Files.writeString(dir.resolve("reserved.conf"), Files.readString(file) + SPARES);
        JsonNode res = new ObjectMapper().readTree(cli("run", reserved.toString(), "--trials", "4", "--engine", "inline",
                "--format", "json").out());
        double idle = 4 * 8 * res.at("/run/wallClockDays/mean").asDouble() * 24 * 2.10;
        assertEquals(idle, res.at("/cost/failures/idleSpares").asDouble(), 1e-9 * idle);
        assertTrue(res.at("/cost/total").asDouble() > used.at("/cost/total").asDouble());
    }

    @Test
    void costMistakesAreLocated(@TempDir Path dir) throws IOException {
        Path file = priced(dir, "fleet.cost {\n  chip-hour = 2.10\n  billing = monthly\n}");
        ClusterSimCliTest.Result r = cli("validate", file.toString());
        assertEquals(2, r.code());
        int line = Files.readString(file).split("\n", -1).length - 2;
        assertTrue(r.err().startsWith(file + ":" + line + ": fleet.cost.billing: reserved"), r.err());
        Path noPrice = priced(dir, "fleet.cost.currency = USD");
        assertTrue(cli("validate", noPrice.toString()).err().contains("fleet.cost.chip-hour: give the price"));
    }

    @Test
    void planAndSweepCsv() throws IOException {
        ClusterSimCliTest.Result plan = cli("plan", EXAMPLE, "--no-run", "--format", "csv", "--top", "4");
        assertEquals(0, plan.code(), plan.err());
        List<CSVRecord> plans = parse(plan.out());
        assertEquals(4, plans.size());
        assertTrue(Double.parseDouble(plans.get(0).get("step_seconds")) <= Double.parseDouble(plans.get(1).get("step_seconds")));
        ClusterSimCliTest.Result sweep = cli("sweep", EXAMPLE, "--chips", "512,1024", "--trials", "2", "--format", "csv");
        assertEquals(0, sweep.code(), sweep.err());
        List<CSVRecord> points = parse(sweep.out());
        assertEquals(2, points.size());
        assertEquals("1.0", points.get(0).get("speedup"));
        ClusterSimCliTest.Result field = cli("sweep", EXAMPLE, "--field", "checkpoint.interval", "--values", "30min,2h",
                "--trials", "2", "--format", "csv");
        assertEquals(0, field.code(), field.err());
        assertTrue(!field.out().lines().findFirst().orElseThrow().contains("speedup"), "a field sweep has no speedup");
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
