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
    void commandLineMistakesAreOneLineWithExitCode2() {
        String[][] mistakes = {
                {"run", EXAMPLE, "--trials", "-1"},
                {"run", EXAMPLE, "--threads", "0"},
                {"run", EXAMPLE, "--engine", "bogus"},
                {"run", EXAMPLE, "--format", "xml"},
                {"run", EXAMPLE, "--bogus"},
                {"validate", EXAMPLE, "extra"},
                {"plan", EXAMPLE, "--top", "0"},
                {"sweep", EXAMPLE, "--chips", "1k..0"},
                {"sweep", EXAMPLE, "--chips", "abc"},
                {"sweep", EXAMPLE, "--chips", "1k..4k", "--points", "0"},
                {"sweep", EXAMPLE, "--field", "bogus.key", "--values", "1,2"},
                {"sweep", EXAMPLE, "--field", "model.layers"},
                {"sweep", EXAMPLE, "--field", "checkpoint.interval", "--values", "1h..10m"},
        };
        for (String[] args : mistakes) {
            Result r = cli(args);
            String what = String.join(" ", args);
            assertEquals(2, r.code(), what + ": " + r.err());
            assertEquals("", r.out(), what);
            assertEquals(1, r.err().strip().split("\n").length, what + ": " + r.err());
            assertTrue(r.err().startsWith("clustersim " + args[0] + ": "), what + ": " + r.err());
            assertFalse(r.err().contains("Usage:") || r.err().contains("Exception"), what + ": " + r.err());
        }
        // the sweep's --chips must be counts, not something read as 0 chips
        assertTrue(cli("sweep", EXAMPLE, "--chips", "abc").err().contains("\"abc\" is not a chip count"));
    }

    @Test
    void unreadableFilesAreOneLineWithExitCode2(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.conf"), "\n  \n");
        Path json = Files.writeString(dir.resolve("bad.json"), "{ \"seed\": 1, \"model\": { \"layers\": 2 }\n");
        Path binary = Files.write(dir.resolve("binary.conf"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        String[][] expected = {
                {dir.toString(), dir + ": is a directory"},
                {empty.toString(), empty + ": the file is empty"},
                {json.toString(), json + ":2: cannot parse: end of file inside { ... }: a closing brace '}' is missing"},
                {binary.toString(), binary + ": cannot read the file: not UTF-8 text"},
                {"no/such/file.conf", "no/such/file.conf: cannot read the file: no such file"},
        };
        for (String command : List.of("run", "validate", "plan")) {
            for (String[] e : expected) {
                Result r = cli(command, e[0]);
                assertEquals(2, r.code(), command + " " + e[0] + ": " + r.err());
                assertEquals(1, r.err().strip().split("\n").length, r.err());
                assertTrue(r.err().startsWith(e[1]), r.err());
            }
        }
    }

    @Test
    void checkpointStallsBeyondTheClockAreRefusedNotOverflowed(@TempDir Path dir) throws IOException {
        // a 1 h synchronous write every 1 s of training: ~340 years of stalls, beyond the nanosecond
        // clock (before: a report with goodput 700% and checkpoints at -1,796,015% of the wall clock)
        String example = Files.readString(Path.of(EXAMPLE));
        Path stalls = Files.writeString(dir.resolve("stalls.conf"),
                example.replace("interval = 1h", "interval = 1s").replace("write = 60s", "write = 1h"));
        Result r = cli("run", stalls.toString(), "--trials", "2");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("checkpoint stall every 1.00 s of training), more than the simulator's clock counts"),
                r.err());
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
        assertEquals(zero + ":7: trials: must be in 1..1000000, was 0", r.err().strip());
        Path huge = dir.resolve("huge.conf");
        Files.writeString(huge, example.replace("tokens = 300B", "tokens = 1e30"));
        r = cli("run", huge.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith(huge + ":20: target.tokens: the run would take"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
