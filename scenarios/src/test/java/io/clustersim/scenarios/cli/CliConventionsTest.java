package io.clustersim.scenarios.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command-line conventions: -o, stdin, usage and exit codes, the progress bar's gating. */
class CliConventionsTest {

    static final String EXAMPLE = ClusterSimCliTest.EXAMPLE;

    record Result(int code, String out, String err) {
    }

    static Result cli(String stdin, boolean terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ClusterSimCli.execute(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out), new PrintWriter(err), terminal);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void noSubcommandPrintsUsageOnStderrAndExits2() {
        Result r = cli("", false);
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains("Usage: clustersim"), r.err());
        assertTrue(r.err().contains("run"), r.err());
    }

    @Test
    void dashReadsTheScenarioFromStdin() throws IOException {
        String text = Files.readString(Path.of(EXAMPLE));
        Result piped = cli(text, false, "run", "-", "--trials", "4", "--engine", "inline", "--format", "json");
        Result file = cli("", false, "run", EXAMPLE, "--trials", "4", "--engine", "inline", "--format", "json");
        assertEquals(0, piped.code(), piped.err());
        assertEquals(file.out(), piped.out(), "the same report from stdin as from the file");
        Result bad = cli(text.replace("layers = 96", "layers = ninety-six"), false, "validate", "-");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("<stdin>:11: model.layers: "), bad.err());
        Result empty = cli("", false, "validate", "-");
        assertEquals(2, empty.code());
        assertTrue(empty.err().contains("standard input is empty"), empty.err());
    }

    @Test
    void outputGoesToTheFileNamedByO(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/report.json");
        Result r = cli("", false, "run", EXAMPLE, "--trials", "3", "--engine", "inline", "--format", "json",
                "-o", file.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        JsonNode json = new ObjectMapper().readTree(Files.readString(file));
        assertEquals(3, json.get("trials").asInt());
        for (String[] args : new String[][] {{"validate", EXAMPLE}, {"catalog"}, {"plan", EXAMPLE, "--no-run"}}) {
            Path out = dir.resolve(args[0] + ".txt");
            String[] withO = java.util.Arrays.copyOf(args, args.length + 2);
            withO[args.length] = "--output";
            withO[args.length + 1] = out.toString();
            Result each = cli("", false, withO);
            assertEquals(0, each.code(), args[0] + ": " + each.err());
            assertEquals("", each.out(), args[0]);
            assertFalse(Files.readString(out).isBlank(), args[0]);
        }
    }

    @Test
    void progressBarOnlyWhenStderrIsATerminalAndNotQuiet() {
        String[] run = {"run", EXAMPLE, "--trials", "6", "--engine", "inline", "--threads", "1"};
        Result redirected = cli("", false, run);
        assertEquals(0, redirected.code(), redirected.err());
        assertFalse(redirected.err().contains("\r"), "no frames in a redirected stderr");
        Result terminal = cli("", true, run);
        assertEquals(0, terminal.code(), terminal.err());
        assertTrue(terminal.err().contains("\r[") && terminal.err().contains("6/6 trials"), terminal.err());
        assertEquals(redirected.out(), terminal.out(), "the bar never touches stdout");
        String[] quiet = java.util.Arrays.copyOf(run, run.length + 1);
        quiet[run.length] = "--quiet";
        assertEquals("", cli("", true, quiet).err());
    }

    @Test
    void plansSearchHasAProgressBarOnATerminalOnly() {
        String[] plan = {"plan", EXAMPLE, "--no-run", "--top", "2"};
        Result terminal = cli("", true, plan);
        assertEquals(0, terminal.code(), terminal.err());
        // the search's layouts counted to the end, then the bar erased before the table
        Matcher m = Pattern.compile("\\r\\[#{30}\\] (\\d+)/(\\d+) layouts searched").matcher(terminal.err());
        assertTrue(m.find() && m.group(1).equals(m.group(2)), terminal.err());
        assertTrue(terminal.err().endsWith("\r"), "erased: " + terminal.err());
        assertTrue(terminal.out().contains(m.group(2) + " layouts") || terminal.out().contains(String.format(
                java.util.Locale.ROOT, "%,d layouts", Integer.parseInt(m.group(2)))), "the bar counts the layouts the table"
                + " reports: " + terminal.out());
        Result redirected = cli("", false, plan);
        assertEquals("", redirected.err(), "nothing on a redirected stderr");
        assertEquals(redirected.out(), terminal.out());
        String[] quiet = java.util.Arrays.copyOf(plan, plan.length + 1);
        quiet[plan.length] = "-q";
        assertEquals("", cli("", true, quiet).err());
        // with the run: layouts, then trials on the same line
        Result run = cli("", true, "plan", EXAMPLE, "--top", "2", "--trials", "4", "--engine", "inline");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().indexOf("layouts searched") < run.err().indexOf("4/4 trials"), run.err());
    }

    @Test
    void interruptedBarEndsItsLine() {
        StringWriter err = new StringWriter();
        ProgressBar bar = ProgressBar.detached(new PrintWriter(err), "trials");
        bar.onTrialCompleted(3, 10);
        bar.interrupted();
        assertTrue(err.toString().startsWith("\r[") && err.toString().endsWith(System.lineSeparator()), err.toString());
        bar.onTrialCompleted(4, 10);
        bar.close();
        assertTrue(err.toString().endsWith(System.lineSeparator()), "nothing drawn after Ctrl-C");
    }

    @Test
    void validateJsonLocatesEveryProblem(@TempDir Path dir) throws IOException {
        Result ok = cli("", false, "validate", EXAMPLE, "--format", "json");
        assertEquals(0, ok.code(), ok.err());
        JsonNode good = new ObjectMapper().readTree(ok.out());
        assertTrue(good.get("valid").asBoolean());
        assertTrue(good.get("stepSeconds").asDouble() > 0);
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, Files.readString(Path.of(EXAMPLE)).replace("layers = 96", "layers = ninety-six"));
        Result r = cli("", false, "validate", bad.toString(), "--format", "json");
        assertEquals(2, r.code());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertFalse(json.get("valid").asBoolean());
        JsonNode problem = json.at("/problems/0");
        assertEquals(11, problem.get("line").asInt());
        assertEquals("model.layers", problem.get("key").asText());
    }

    @Test
    void planNoRunPrintsTheSearchAsJson() throws IOException {
        Result r = cli("", false, "plan", EXAMPLE, "--no-run", "--format", "json", "--top", "3");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(3, json.at("/search/ranked").size());
        assertTrue(json.at("/search/ranked/0/stepSeconds").asDouble() > 0);
        assertFalse(json.has("run"));
    }

    @Test
    void unknownChipSuggestsTheClosestId(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("chip.conf");
        Files.writeString(bad, Files.readString(Path.of(EXAMPLE)).replaceFirst("chip = \"?a100-80gb-sxm\"?", "chip = a100-80gb-sxn"));
        Result r = cli("", false, "validate", bad.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("did you mean \"a100-80gb-sxm\""), r.err());
    }

    @Test
    void sweepRoundsCountsAndSaysSo() throws IOException {
        Result r = cli("", false, "sweep", EXAMPLE, "--field", "trials", "--values", "2..5", "--points", "3",
                "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("3", json.at("/points/1/label").asText());
        assertTrue(json.at("/points/1/feasible").asBoolean());
        assertTrue(json.at("/notes/0").asText().contains("rounded to 3"), json.at("/notes").toString());
    }

    @Test
    void htmlReportIsTheSameOnAnyNumberOfThreads() {
        String[] run = {"run", EXAMPLE, "--trials", "6", "--format", "html"};
        Result one = cli("", false, CsvAndCostTest.concat(run, "--threads", "1"));
        Result two = cli("", false, CsvAndCostTest.concat(run, "--threads", "2", "--engine", "inline"));
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().startsWith("<!DOCTYPE html>") && one.out().contains("<svg"), "an HTML page with charts");
        assertEquals(one.out(), two.out(), "byte-identical whatever the threads and engine");
    }
}
