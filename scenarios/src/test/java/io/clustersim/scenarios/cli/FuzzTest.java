package io.clustersim.scenarios.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clustersim.core.ClusterSim;
import io.clustersim.core.Report;
import io.clustersim.core.SimOptions;
import io.clustersim.core.engine.EngineKind;
import io.clustersim.scenarios.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded fuzzing of the bundled examples, through the CLI in process: each case mutates one to
 * three values (hostile numbers, wrong types, units, huge and tiny scales; values inside a
 * datacenter's or a link's one-line object too) or deletes a line, then runs {@code validate} and
 * {@code run --trials 2}. The one-site examples that state or search a plan get most cases; the
 * multi-site and deadline examples (a plan search per candidate fleet, so seconds a case) fewer. Every case must end within its time
 * limit with exit code 0, 1 or 2, never a stack trace or an internal error, and a report it prints
 * must keep its invariants (goodput and fractions in [0, 1]). {@code validate} must accept exactly
 * what {@code run} gets past loading. Then the properties the README claims, on scenarios generated
 * by scaling the example's values: more failures never shorten the run, more bandwidth never
 * slows the step, faster checkpoint writes never lower goodput.
 */
class FuzzTest {

    /** Seed and case count; -Dfuzz.seed / -Dfuzz.cases explore further (the build uses the defaults). */
    private static final long SEED = Long.getLong("fuzz.seed", 20261130L);
    private static final int CASES = Integer.getInteger("fuzz.cases", 60);
    private static final Duration PER_CASE = Duration.ofSeconds(30);
    private static final List<String> EXAMPLES = List.of("scenarios/examples/gpt3-175b-a100.conf",
            "scenarios/examples/scale-out-405b-h100.conf", "scenarios/examples/chinchilla-budget-h100.conf");
    /** Several datacenters, a deadline, or both; -Dfuzz.fleet-cases explores further. */
    private static final List<String> FLEET_EXAMPLES = List.of("scenarios/examples/multi-dc-3x-100k-gb200.conf",
            "scenarios/examples/llama3-405b-deadline.conf", "scenarios/examples/llama3-405b-sites-deadline.conf");
    private static final int FLEET_CASES = Integer.getInteger("fuzz.fleet-cases", 24);
    private static final String[] HOSTILE = {"0", "-1", "1e999", "1e-300", "NaN", "\"abc\"", "1e30", "2147483648",
            "[]", "{}", "0s", "1e6d", "300y", "true", "null", "\"1e999Gbps\"", "\"0Gbps\"", "\"1e-300Gbps\"", "5",
            "1000", "0.5", "\"\\u001b[31m\"", "${HOME}", "9999999999999999999999"};
    private static final Pattern ASSIGNMENT = Pattern.compile("^(\\s*[a-z][a-z0-9-]*\\s*=\\s*)([^#\\n{]+?)(\\s*(#.*)?)$");
    /** A {@code key = value} inside a one-line object ({@code { name = a, chips = 8192, ... }}). */
    private static final Pattern INLINE = Pattern.compile("([a-z][a-z0-9-]*\\s*=\\s*)([^,{}\\[\\]#\\n]+?)(?=\\s*[,}])");

    @Test
    void mutatedScenariosNeverCrashHangOrBreakTheReport(@TempDir Path dir) throws IOException {
        fuzz(EXAMPLES, CASES, new Random(SEED), dir);
    }

    @Test
    void mutatedFleetAndDeadlineScenariosNeverCrashHangOrBreakTheReport(@TempDir Path dir) throws IOException {
        fuzz(FLEET_EXAMPLES, FLEET_CASES, new Random(SEED + 3), dir);
    }

    private static void fuzz(List<String> examples, int cases, Random random, Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> defects = new ArrayList<>();
        for (int c = 0; c < cases; c++) {
            String example = examples.get(random.nextInt(examples.size()));
            String text = Files.readString(Path.of(example));
            String mutated = mutate(text, random);
            Path file = dir.resolve("case" + c + ".conf");
            Files.writeString(file, mutated);
            String label = "case " + c + " of " + example + ":\n" + diff(text, mutated);
            ClusterSimCliTest.Result validate = assertTimeoutPreemptively(PER_CASE,
                    () -> ClusterSimCliTest.cli("validate", file.toString()), label);
            ClusterSimCliTest.Result run = assertTimeoutPreemptively(PER_CASE, () -> ClusterSimCliTest.cli("run",
                    file.toString(), "--trials", "2", "--engine", "inline", "--format", "json", "--no-progress"), label);
            for (ClusterSimCliTest.Result r : List.of(validate, run)) {
                // several problems may be listed, each one located line: none indented (a trace) or naming an exception
                boolean located = r.err().lines().allMatch(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))
                        && !l.contains("Exception") && !l.contains("Error:"));
                if (r.code() < 0 || r.code() > 2 || !located || r.err().contains("internal error")) {
                    defects.add(label + "\n  exit " + r.code() + ": " + r.err());
                }
            }
            // validate is the gate: it passes exactly what run gets past loading and checking
            boolean runRefused = run.code() == 2;
            if ((validate.code() == 0) == runRefused) {
                defects.add(label + "\n  validate exit " + validate.code() + " but run exit " + run.code() + ": "
                        + validate.err() + run.err());
            }
            if (run.code() == 0) {
                JsonNode report = json.readTree(run.out());
                double goodput = report.at("/run/goodput").asDouble();
                double sum = 0;
                for (JsonNode f : report.at("/run/timeFractions")) {
                    assertTrue(f.asDouble() >= 0 && f.asDouble() <= 1, label);
                    sum += f.asDouble();
                }
                if (!(goodput >= 0 && goodput <= 1) || Math.abs(sum - 1) > 1e-6) {
                    defects.add(label + "\n  goodput " + goodput + ", fractions sum " + sum);
                }
            }
        }
        if (!defects.isEmpty()) {
            fail(defects.size() + " defects:\n" + String.join("\n\n", defects));
        }
    }

    /** Where a value sits: its line, the value's span in it, and whether the whole line may go. */
    private record Slot(int line, int start, int end, boolean wholeLine) {
    }

    /**
     * One to three mutations: a value replaced by a hostile or rescaled one, or a line deleted; a
     * value inside a one-line object is replaced, never deleted (that would delete the object).
     */
    private static String mutate(String text, Random random) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int n = 1 + random.nextInt(3);
        for (int k = 0; k < n; k++) {
            List<Slot> slots = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = ASSIGNMENT.matcher(lines.get(i));
                if (m.matches()) {
                    slots.add(new Slot(i, m.start(2), m.end(2), true));
                } else if (!lines.get(i).strip().startsWith("#")) {
                    Matcher inline = INLINE.matcher(lines.get(i));
                    while (inline.find()) {
                        slots.add(new Slot(i, inline.start(2), inline.end(2), false));
                    }
                }
            }
            if (slots.isEmpty()) {
                break;
            }
            Slot slot = slots.get(random.nextInt(slots.size()));
            String line = lines.get(slot.line());
            String value = line.substring(slot.start(), slot.end()).strip();
            String rest = slot.wholeLine() ? "" : line.substring(slot.end());
            double dice = random.nextDouble();
            if (dice < 0.15 && slot.wholeLine()) {
                lines.remove(slot.line());
            } else if (dice < 0.55) {
                lines.set(slot.line(), line.substring(0, slot.start()) + HOSTILE[random.nextInt(HOSTILE.length)] + rest);
            } else {
                lines.set(slot.line(), line.substring(0, slot.start()) + rescaled(value, random) + rest);
            }
        }
        return String.join("\n", lines);
    }

    /** The value with its leading number multiplied by a power of ten (its unit kept). */
    private static String rescaled(String value, Random random) {
        Matcher m = Pattern.compile("^(\"?)(\\d+\\.?\\d*)(.*)$").matcher(value);
        if (!m.matches()) {
            return value;
        }
        double factor = Math.pow(10, random.nextInt(13) - 6);
        return m.group(1) + String.format(java.util.Locale.ROOT, "%.6g", Double.parseDouble(m.group(2)) * factor)
                + m.group(3);
    }

    private static String diff(String a, String b) {
        List<String> x = List.of(a.split("\n", -1));
        List<String> y = List.of(b.split("\n", -1));
        StringBuilder sb = new StringBuilder();
        for (int i = 0, j = 0; i < x.size() || j < y.size(); ) {
            if (i < x.size() && j < y.size() && x.get(i).equals(y.get(j))) {
                i++;
                j++;
            } else if (x.size() - i > y.size() - j) {
                sb.append("  - ").append(x.get(i++)).append('\n');
            } else {
                if (i < x.size()) {
                    sb.append("  - ").append(x.get(i++)).append('\n');
                }
                if (j < y.size()) {
                    sb.append("  + ").append(y.get(j++)).append('\n');
                }
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------- properties

    private static final Path GPT3 = Path.of("scenarios/examples/gpt3-175b-a100.conf");

    private static Report run(Map<String, String> overrides) {
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(2).withEngine(EngineKind.INLINE))) {
            return sim.run(ScenarioLoader.load(GPT3, overrides).scenario().withTrials(16));
        }
    }

    @Test
    void moreFailuresNeverFinishSooner() {
        Random random = new Random(SEED + 1);
        for (int k = 0; k < 3; k++) {
            double rate = 1 + random.nextDouble() * 20;
            double more = rate * (1.5 + random.nextDouble() * 3);
            Report fewer = run(Map.of("failures.rate-per-1000-node-days", String.valueOf(rate)));
            Report many = run(Map.of("failures.rate-per-1000-node-days", String.valueOf(more)));
            assertTrue(many.run().wallClockDays().mean() >= fewer.run().wallClockDays().mean(),
                    rate + " vs " + more + " per 1000 node-days: " + fewer.run().wallClockDays() + " vs "
                            + many.run().wallClockDays());
        }
    }

    @Test
    void moreBandwidthNeverSlowsTheStep() {
        Random random = new Random(SEED + 2);
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(1))) {
            for (int k = 0; k < 8; k++) {
                double gbps = 10 + random.nextDouble() * 790;
                double more = gbps * (1.1 + random.nextDouble() * 4);
                double slow = sim.step(ScenarioLoader.load(GPT3,
                        Map.of("fleet.scale-out.bandwidth-per-chip", gbps + "Gbps")).scenario()).seconds();
                double fast = sim.step(ScenarioLoader.load(GPT3,
                        Map.of("fleet.scale-out.bandwidth-per-chip", more + "Gbps")).scenario()).seconds();
                assertTrue(fast <= slow, gbps + " → " + more + " Gb/s: step " + slow + " → " + fast + " s");
            }
        }
    }

    @Test
    void fasterCheckpointWritesNeverLowerGoodput() {
        Random random = new Random(SEED + 3);
        for (int k = 0; k < 3; k++) {
            int write = 10 + random.nextInt(300);
            int faster = Math.max(1, write / (2 + random.nextInt(8)));
            Report slow = run(Map.of("checkpoint.write", write + "s"));
            Report fast = run(Map.of("checkpoint.write", faster + "s"));
            assertTrue(fast.run().goodput() >= slow.run().goodput(),
                    write + " s → " + faster + " s writes: goodput " + slow.run().goodput() + " → " + fast.run().goodput());
        }
    }
}
