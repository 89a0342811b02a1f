package io.clustersim.scenarios.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every {@code ./clustersim} command shown in the code blocks of the README and of {@code docs/*.md} (synopses with
 * {@code <placeholders>} and {@code [options]} aside) and checks the output lines the README shows
 * under it, loosely: each shown line must have a printed line with the same label (the text before
 * its first number, or its first cell for a table row), and their numbers must agree within 10%
 * (or 0.05 for numbers near zero) — close enough that a model change that moves a figure a little
 * does not fail the build, far enough that a README figure that is wrong does.
 *
 * <p>Commands run in-process through {@link ClusterSimCli#execute} with {@code --engine inline} added
 * (the same results, faster); {@code -o FILE} writes into a temporary directory. The files the README's
 * error examples name are made here: {@code bad.conf} and {@code tp16.conf} from the GPT-3 example
 * (a word for {@code layers}, {@code tp = 16}), {@code gpt3-4h-checkpoints.conf} (checkpoint every
 * 4 h) and {@code three.conf} from the test resources.
 */
class ReadmeCommandsTest {

    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d[\\d,]*(?:\\.\\d+)?(?:[eE][-+]?\\d+)?([kMB%]?)");
    private static final Pattern PLACEHOLDER = Pattern.compile("<[a-z]+>|\\[-| \\| ");
    /** Lines of a code block that are other commands or comments, not output. */
    private static final Pattern NOT_OUTPUT = Pattern.compile("#.*|(\\$ )?(mvn|java|cd|git|cat|ls) .*");
    private static final String EXAMPLE = "scenarios/examples/gpt3-175b-a100.conf";
    /**
     * Commands of "Running on several machines" (workers, coordinators — by flag or by a cluster
     * configuration file — shell continuations and background jobs): they need other processes and ports, so ClusterRunTest and ClusterFlagsTest
     * run them across JVMs instead of this in-process test.
     */
    private static final Pattern CLUSTER = Pattern.compile("^\\./clustersim worker\\b|--cluster\\b|--config\\b|\\\\$|&$");

    /** A README command and the lines shown under it. */
    record Shown(String command, List<String> output) {
    }

    /** The README and the pages of {@code docs/} (not its copied reference data), in name order. */
    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (var docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    static List<Shown> commands(String readme) {
        List<Shown> out = new ArrayList<>();
        Matcher blocks = Pattern.compile("(?s)```[a-z]*\\n(.*?)```").matcher(readme);
        while (blocks.find()) {
            Shown current = null;
            for (String line : blocks.group(1).split("\n")) {
                String t = line.strip();
                String cmd = t.startsWith("$ ") ? t.substring(2) : t;
                if (cmd.startsWith("./clustersim ")) {
                    int hash = cmd.indexOf(" #");
                    cmd = (hash > 0 ? cmd.substring(0, hash) : cmd).strip();
                    current = PLACEHOLDER.matcher(cmd).find() || CLUSTER.matcher(cmd).find() ? null
                            : new Shown(cmd, new ArrayList<>());
                    if (current != null) {
                        out.add(current);
                    }
                } else if (NOT_OUTPUT.matcher(t).matches()) {
                    current = null; // another command: what follows is its output, not ours
                } else if (current != null && !t.isEmpty() && !t.equals("...")) {
                    current.output().add(t);
                }
            }
        }
        return out;
    }

    @TestFactory
    List<DynamicTest> everyReadmeCommandRunsAndPrintsWhatTheReadmeShows(@TempDir Path dir) throws IOException {
        String gpt3 = Files.readString(Path.of(EXAMPLE));
        Map<String, String> files = Map.of(
                "bad.conf", gpt3.replace("layers = 96", "layers = ninety-six"),
                "tp16.conf", gpt3.replace("tp = 8", "tp = 16"),
                "gpt3-4h-checkpoints.conf", gpt3 + "\ncheckpoint.interval = 4h\n",
                "three.conf", Files.readString(Path.of("scenarios/src/test/resources/readme/three.conf")));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        List<Shown> shown = new ArrayList<>();
        for (Path page : pages()) {
            shown.addAll(commands(Files.readString(page)));
        }
        assertTrue(shown.size() >= 10, "the README and docs show commands: " + shown);
        List<DynamicTest> tests = new ArrayList<>();
        for (Shown s : shown) {
            tests.add(DynamicTest.dynamicTest(s.command(), () -> run(s, dir, files.keySet())));
        }
        return tests;
    }

    private static void run(Shown s, Path dir, java.util.Set<String> made) throws IOException {
        List<String> args = new ArrayList<>();
        InputStream stdin = InputStream.nullInputStream();
        String[] words = s.command().substring("./clustersim ".length()).split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (w.equals("<")) {
                stdin = new ByteArrayInputStream(Files.readAllBytes(Path.of(words[++i])));
            } else if (w.equals("-o") || w.equals("--output")) {
                args.add(w);
                args.add(dir.resolve(Path.of(words[++i]).getFileName()).toString());
            } else if (made.contains(w)) {
                args.add(dir.resolve(w).toString());
            } else {
                args.add(w);
            }
        }
        boolean simulates = List.of("run", "plan", "sweep", "compare").contains(args.get(0));
        if (simulates && !args.contains("--engine")) {
            args.addAll(List.of("--engine", "inline"));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ClusterSimCli.execute(args.toArray(String[]::new), stdin, new PrintWriter(out), new PrintWriter(err),
                false);
        String printed = (out + "\n" + err).replace(dir + java.io.File.separator, "");
        boolean error = s.output().stream().anyMatch(l -> l.matches("\\S+\\.conf:\\d+: .*"));
        assertEquals(error ? 2 : 0, code, s.command() + "\n" + printed);
        List<String> lines = printed.lines().map(String::strip).toList();
        for (String expected : s.output()) {
            String label = label(expected);
            List<String> candidates = lines.stream().filter(l -> label(l).equals(label)).toList();
            if (candidates.isEmpty()) {
                fail(s.command() + ": the README shows \"" + expected + "\" but no printed line starts \"" + label
                        + "\":\n" + printed);
            }
            List<Double> want = numbers(expected);
            boolean any = candidates.stream().anyMatch(l -> close(want, numbers(l)));
            assertTrue(any, s.command() + ": the README's figures in\n  " + expected + "\nare not within 10% of\n  "
                    + String.join("\n  ", candidates));
        }
    }

    /** The text before the first number (spaces collapsed), or the first cell of a table row. */
    static String label(String line) {
        String t = line.strip();
        if (!t.isEmpty() && Character.isDigit(t.charAt(0))) {
            return t.split("\\s+")[0];
        }
        Matcher m = NUMBER.matcher(t);
        String head = m.find() ? t.substring(0, m.start()) : t;
        return head.replaceAll("\\s+", " ").strip();
    }

    static List<Double> numbers(String line) {
        List<Double> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(line);
        while (m.find()) {
            String n = m.group().replace(",", "");
            String suffix = m.group(1);
            double scale = switch (suffix) {
                case "k" -> 1e3;
                case "M" -> 1e6;
                case "B" -> 1e9;
                default -> 1;
            };
            if (!suffix.isEmpty()) {
                n = n.substring(0, n.length() - 1);
            }
            out.add(Double.parseDouble(n) * scale);
        }
        return out;
    }

    static boolean close(List<Double> want, List<Double> got) {
        if (want.size() != got.size()) {
            return false;
        }
        for (int i = 0; i < want.size(); i++) {
            double a = want.get(i), b = got.get(i);
            if (Math.abs(a - b) > 0.10 * Math.max(Math.abs(a), Math.abs(b)) + 0.05) {
                return false;
            }
        }
        return true;
    }
}
