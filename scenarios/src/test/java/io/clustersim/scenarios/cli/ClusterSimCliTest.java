package io.clustersim.scenarios.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterSimCliTest {

    static final String EXAMPLE = "scenarios/examples/gpt3-175b-a100.conf";

    record Result(int code, String out, String err) {
    }

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ClusterSimCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void runPrintsTheSchemaVersion1Json() throws IOException {
        Result r = cli("run", EXAMPLE, "--format", "json", "--trials", "8", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(1, json.get("schemaVersion").asInt());
        assertEquals("gpt3-175b-a100", json.get("scenario").asText());
        assertEquals(42, json.get("seed").asLong());
        assertEquals(8, json.get("trials").asInt());
        for (String field : List.of("seconds", "mfu", "hfu", "tflopsPerChip", "tokensPerSecond", "breakdownSeconds")) {
            assertTrue(json.get("step").has(field), "step." + field);
        }
        assertTrue(json.at("/step/breakdownSeconds/compute").isNumber());
        for (String field : List.of("perChipBytes", "capacityBytes", "fits")) {
            assertTrue(json.get("memory").has(field), "memory." + field);
        }
        for (String field : List.of("p50", "p90", "p99", "mean")) {
            assertTrue(json.at("/run/wallClockDays/" + field).isNumber(), "run.wallClockDays." + field);
        }
        for (String path : List.of("/run/goodput", "/run/interruptions/mean", "/run/chipHours", "/run/achievedFlops")) {
            assertTrue(json.at(path).isNumber(), path);
        }
        assertTrue(json.at("/run/interruptions/byCause").isObject());
        double mfu = json.at("/step/mfu").asDouble();
        assertTrue(mfu > 0 && mfu <= 1, "mfu " + mfu);
        double p50 = json.at("/run/wallClockDays/p50").asDouble();
        double p99 = json.at("/run/wallClockDays/p99").asDouble();
        assertTrue(p50 > 20 && p50 <= p99, p50 + " " + p99);
    }

    @Test
    void runPrintsAReadableSummary() {
        Result r = cli("run", EXAMPLE, "--trials", "4", "--engine", "inline");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Wall clock  P50"), r.out());
        assertTrue(r.out().contains("MFU"), r.out());
    }

    @Test
    void malformedScenarioIsOneLineAndExitCode2(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, Files.readString(Path.of(EXAMPLE)).replace("layers = 96", "layers = ninety-six"));
        Result r = cli("run", bad.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].startsWith(bad + ":11: model.layers: "), lines[0]);
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void tensorParallelismBeyondTheScaleUpDomainIsExplained(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("tp16.conf");
        Files.writeString(bad, Files.readString(Path.of(EXAMPLE)).replace("tp = 8", "tp = 16").replace("dp = 16", "dp = 8"));
        Result r = cli("validate", bad.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith(bad + ":34: parallelism.tp: tp = 16 is larger than the scale-up domain of 8 chips"),
                r.err());
    }

    @Test
    void planThatDoesNotFitInMemoryIsExplained(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("nofit.conf");
        Files.writeString(bad, Files.readString(Path.of(EXAMPLE)).replace("pp = 8", "pp = 2").replace("dp = 16", "dp = 64"));
        Result r = cli("run", bad.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("parallelism: does not fit in memory: needs"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void validateAcceptsTheExample() {
        Result r = cli("validate", EXAMPLE);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("OK"), r.out());
    }

    @Test
    void missingFileIsExitCode2() {
        Result r = cli("run", "no/such/file.conf");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("no/such/file.conf: cannot read the file"), r.err());
    }

    @Test
    void badOptionIsExitCode2() {
        assertEquals(2, cli("run", EXAMPLE, "--trials", "0").code());
        assertEquals(2, cli("run", EXAMPLE, "--format", "xml").code());
    }

    @Test
    void helpVersionAndCatalog() {
        Result help = cli("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("run") && help.out().contains("validate"), help.out());
        Result version = cli("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("clustersim "), version.out());
        Result catalog = cli("catalog");
        assertEquals(0, catalog.code());
        assertTrue(catalog.out().contains("h100-sxm") && catalog.out().contains("trn2"), catalog.out());
        Result sources = cli("catalog", "--sources");
        assertTrue(sources.out().contains("h100-sxm: NVIDIA H100 datasheet"), sources.out());
    }

    @Test
    void zeroTrialsAndARunTooLongToCountAreScenarioErrors(@TempDir Path dir) throws IOException {
        String example = Files.readString(Path.of(EXAMPLE));
        Path zero = dir.resolve("zero.conf");
        Files.writeString(zero, example.replace("trials = 100", "trials = 0"));
        Result r = cli("run", zero.toString());
        assertEquals(2, r.code());
        assertEquals(zero + ":7: trials: must be > 0, was 0", r.err().strip());
        Path huge = dir.resolve("huge.conf");
        Files.writeString(huge, example.replace("tokens = 300B", "tokens = 1e30"));
        r = cli("run", huge.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith(huge + ":20: target.tokens: the run would take"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
