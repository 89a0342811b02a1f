package io.clustersim.scenarios.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The findings of the robustness issue, each through the CLI in process: a wrong number, a runaway
 * run or a stack trace before, now a correct report or one located line (exit 2) from both
 * {@code validate} and {@code run}.
 */
class RobustnessTest {

    private static final Path GPT3 = Path.of(ClusterSimCliTest.EXAMPLE);

    /** The GPT-3 example with {@code from} replaced by {@code to} (which must be present). */
    private static Path variant(Path dir, String name, String from, String to) throws IOException {
        String text = Files.readString(GPT3);
        assertTrue(text.contains(from), from);
        Path file = dir.resolve(name + ".conf");
        Files.writeString(file, text.replace(from, to));
        return file;
    }

    /** Both validate and run refuse {@code file} with one located line at {@code key} containing {@code phrase}. */
    private static void refused(Path file, String key, String phrase) {
        for (String command : new String[] {"validate", "run"}) {
            ClusterSimCliTest.Result r = command.equals("run")
                    ? ClusterSimCliTest.cli(command, file.toString(), "--trials", "2", "--engine", "inline")
                    : ClusterSimCliTest.cli(command, file.toString());
            String err = r.err().strip();
            assertEquals(2, r.code(), command + ": " + err);
            // validate lists every problem it finds, each one located line
            assertTrue(err.lines().allMatch(l -> l.startsWith(file.toString()) && !l.contains("Exception")),
                    command + ": " + err);
            assertTrue(err.contains(key) && err.contains(phrase), command + ": " + err);
        }
    }

    private static ClusterSimCliTest.Result validate(Path file) {
        return ClusterSimCliTest.cli("validate", file.toString());
    }

    @Test
    void infiniteAndAbsurdNumbersAreRefusedAtTheirKey(@TempDir Path dir) throws IOException {
        refused(variant(dir, "inf", "200Gbps", "1e999Gbps"), "fleet.scale-out.bandwidth-per-chip", "not a finite number");
        refused(variant(dir, "tiny", "200Gbps", "1e-300Gbps"), "fleet.scale-out.bandwidth-per-chip", "out of range");
        // a chip of 1e-14 FLOP/s: no NaN step, a run refused for its length
        refused(variant(dir, "flops", "    hop-latency = 1us\n  }", "    hop-latency = 1us\n  }\n  chip-overrides { bf16-flops = 1e-14 }"),
                "target.tokens", "days without failures");
        refused(variant(dir, "long", "interval = 1h", "interval = 36500000d"), "checkpoint.interval", "at most 100 years");
    }

    @Test
    void lognormalSigmasAreBounded(@TempDir Path dir) throws IOException {
        String stragglers = "stragglers { probability = 0.01, mean-slowdown = 0.2, distribution = lognormal, sigma = %s }\nsoftware {";
        refused(variant(dir, "s20", "software {", String.format(stragglers, "20")), "stragglers.sigma", "at most 3");
        refused(variant(dir, "s5", "software {", String.format(stragglers, "5")), "stragglers.sigma", "at most 3");
        assertEquals(0, validate(variant(dir, "s1", "software {", String.format(stragglers, "1"))).code());
        refused(variant(dir, "rs", "restart = 10m", "restart = 10m\n  repair-median = 12h\n  repair-sigma = 1000"),
                "failures.repair-sigma", "at most 4");
    }

    @Test
    void runawayRunsAreRefusedAtLoadWithTheNumbers(@TempDir Path dir) throws IOException {
        // zero-length stops every millisecond: billions of events, refused with the estimate
        refused(variant(dir, "maint", "restart = 10m", "restart = 10m\n  maintenance { interval = 1ms, duration = 0s }"),
                "failures", "maintenance stops");
        refused(variant(dir, "maint2", "restart = 10m", "restart = 10m\n  maintenance { interval = 1h, duration = 2h }"),
                "failures.maintenance.duration", "no time to train");
        Path zeroRecovery = dir.resolve("zero.conf");
        Files.writeString(zeroRecovery, Files.readString(GPT3).replace("rate-per-1000-node-days = 6.5",
                "rate-per-1000-node-days = 100000").replace("detection = 5m", "detection = 0s")
                .replace("restart = 10m", "restart = 0s").replace("restore = 5m", "restore = 0s"));
        refused(zeroRecovery, "failures", "events");
    }

    @Test
    void aSynchronousCheckpointWrittenInNoTimeRuns(@TempDir Path dir) throws IOException {
        // write absent: 0 s; a failure in the last segment once divided by a zero cycle
        Path file = variant(dir, "w0", "  write = 60s\n", "  mode = sync\n");
        ClusterSimCliTest.Result r = ClusterSimCliTest.cli("run", file.toString(), "--trials", "20", "--engine", "inline",
                "--format", "json");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void stackTracesBecomeOneLocatedLine(@TempDir Path dir) throws IOException {
        Path deep = dir.resolve("deep.conf");
        Files.writeString(deep, "a = " + "{a = ".repeat(5000) + "1" + "}".repeat(5000) + "\n");
        refused(deep, "", "nested more than 64");
        Path deepList = dir.resolve("deeplist.conf");
        Files.writeString(deepList, "a = " + "[".repeat(5000) + "1" + "]".repeat(5000) + "\n");
        refused(deepList, "", "nested more than 64");
        Path dotted = dir.resolve("dotted.conf");
        Files.writeString(dotted, "a" + ".a".repeat(20000) + " = 1\n");
        ClusterSimCliTest.Result r = validate(dotted);
        assertEquals(2, r.code(), r.err());
        assertFalse(r.err().strip().contains("\n"), r.err());
        refused(variant(dir, "mb", "micro-batch = 1\n", "micro-batch = 2000000000\n"), "parallelism", "");
        // dp × micro-batch = 2^32 wrapped to 0 in an int: a division by zero
        Path product = dir.resolve("product.conf");
        Files.writeString(product, Files.readString(GPT3).replace("dp = 16", "dp = 65536")
                .replace("micro-batch = 1\n", "micro-batch = 65536\n"));
        refused(product, "parallelism", "");
        Path key = dir.resolve("key.conf");
        Files.writeString(key, "x".repeat(2_000_000) + " = 1\n");
        r = validate(key);
        assertEquals(2, r.code());
        assertTrue(r.err().length() < 400 && r.err().contains("2000000 characters"), r.err().length() + " characters");
        ClusterSimCliTest.Result threads = ClusterSimCliTest.cli("run", GPT3.toString(), "--threads", "40000");
        assertEquals(2, threads.code());
        assertTrue(threads.err().contains("--threads must be in 1..1024"), threads.err());
    }

    @Test
    void aSectionGivenAsAValueIsAWrongTypeNotAnUnknownKey(@TempDir Path dir) throws IOException {
        refused(variant(dir, "m5", "model {", "model = 5\nmodelx {"), "model", "expected a section");
    }

    @Test
    void aNameWithEscapesAndNewlinesIsPrintedClean(@TempDir Path dir) throws IOException {
        Path file = variant(dir, "ansi", "name = \"gpt3-175b-a100\"", "name = \"bad\\u001b[31mred\\nline\"");
        ClusterSimCliTest.Result r = ClusterSimCliTest.cli("run", file.toString(), "--trials", "2", "--engine", "inline");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("\u001b"), r.out());
        assertTrue(r.out().contains("bad?[31mred line"), r.out());
    }

    @Test
    void aFailingRunSaysTheSameEveryTime(@TempDir Path dir) throws IOException {
        // no spares and repairs of decades: every trial stops making headway and fails (exit 1)
        Path file = variant(dir, "fail", "restart = 10m", "restart = 10m\n  repair-median = 18000d\n  repair-sigma = 0.1\n"
                + "  spares { per-datacenter = 0, when-exhausted = wait }");
        ClusterSimCliTest.Result first = ClusterSimCliTest.cli("run", file.toString(), "--trials", "6", "--threads", "2");
        for (int i = 0; i < 1; i++) {
            ClusterSimCliTest.Result again = ClusterSimCliTest.cli("run", file.toString(), "--trials", "6", "--threads", "2");
            assertEquals(1, again.code(), again.err());
            assertEquals(first.err(), again.err());
        }
    }

    @Test
    void aSlowSiteLeftOutNeverGivesMoreThanFullGoodput(@TempDir Path dir) throws Exception {
        // the three-campus example with one site's scale-out at 25 Gb/s: the other two run faster
        // without it, and goodput was 100.6–116% with a negative "degraded" share
        Path example = Path.of("scenarios/examples/multi-dc-3x-100k-gb200.conf");
        String text = Files.readString(example);
        Path file = dir.resolve("slow-site.conf");
        Files.writeString(file, text.replaceFirst("bandwidth-per-chip = 400Gbps", "bandwidth-per-chip = 25Gbps"));
        ClusterSimCliTest.Result r = ClusterSimCliTest.cli("run", file.toString(), "--trials", "2", "--engine", "inline",
                "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode run = new ObjectMapper().readTree(r.out()).get("run");
        double goodput = run.get("goodput").asDouble();
        assertTrue(goodput > 0 && goodput <= 1, "goodput " + goodput);
        double sum = 0;
        for (JsonNode f : run.get("timeFractions")) {
            assertTrue(f.asDouble() >= 0, run.get("timeFractions").toString());
            sum += f.asDouble();
        }
        assertEquals(1, sum, 1e-9);
    }
}
