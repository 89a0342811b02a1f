package io.clustersim.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sim-core's packages depend on each other without cycles. Reads the main sources, takes every
 * reference to an {@code io.clustersim.core} type outside comments (imports and fully qualified
 * names), builds the package graph and looks for a cycle. Plain Java: no architecture library.
 */
class PackageCycleTest {

    private static final String ROOT = "io.clustersim.core";
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.clustersim\\.core((?:\\.[a-z][a-z0-9]*)*)\\.(?:[A-Z]|\\*)");

    @Test
    void simCorePackagesFormNoCycle() throws IOException {
        Map<String, Set<String>> graph = packageGraph(sources());
        // The reader must see the graph at all: edges the README states.
        assertTrue(graph.get("core").contains("scaling"), graph.toString());
        assertTrue(graph.get("scaling").contains("plan"), graph.toString());
        assertTrue(graph.get("run").contains("engine"), graph.toString());
        assertTrue(graph.get("sweep").contains("core"), graph.toString());
        assertEquals(List.of(), cycle(graph), "package cycle in sim-core: " + graph);
        // And what the README's architecture paragraph says of the leaves.
        assertEquals(Set.of(), graph.get("engine"), "engine depends on no other package");
        assertEquals(Set.of(), graph.get("model"), "model depends on topology only");
        assertEquals(Set.of("model"), graph.get("plan"));
        assertEquals(Set.of("model", "plan"), graph.get("scaling"));
    }

    /**
     * The facade's stages, outermost first: each class may use only the classes after it, so no
     * stage reaches back up to the facade or to a stage that calls it.
     */
    private static final List<String> FACADE_LAYERS = List.of("ClusterSim", "DeadlineSizer", "ScenarioRunner",
            "RunInputs", "Planner", "ReportAggregator");

    @Test
    void theFacadesStagesReachOnlyDownwards() throws IOException {
        Map<String, String> classes = coreClasses();
        assertTrue(classes.keySet().containsAll(FACADE_LAYERS), classes.keySet().toString());
        // The reader must see the uses at all: the facade calls every stage.
        assertEquals(Set.of("DeadlineSizer", "ScenarioRunner", "Planner"),
                uses(classes.get("ClusterSim"), Set.of("DeadlineSizer", "ScenarioRunner", "Planner")));
        for (int i = 0; i < FACADE_LAYERS.size(); i++) {
            Set<String> above = Set.copyOf(FACADE_LAYERS.subList(0, i + 1));
            Set<String> reached = uses(classes.get(FACADE_LAYERS.get(i)), above);
            reached.remove(FACADE_LAYERS.get(i));
            assertEquals(Set.of(), reached, FACADE_LAYERS.get(i) + " reaches back up");
        }
        // Nothing in the API package but the facade itself uses the facade.
        classes.forEach((name, text) -> assertTrue(name.equals("ClusterSim")
                || uses(text, Set.of("ClusterSim")).isEmpty(), name + " uses ClusterSim"));
        // Packages below the API never name the facade's stages (their dependency on core is none at all).
        Map<String, String> packages = sources();
        for (String below : List.of("engine", "model", "plan", "run", "scaling")) {
            assertEquals(Set.of(), uses(packages.get(below), Set.copyOf(FACADE_LAYERS)), below);
        }
    }

    @Test
    void theCheckFindsACycleWhenThereIsOne() {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("a", Set.of("b"));
        graph.put("b", Set.of("c"));
        graph.put("c", Set.of("a"));
        graph.put("d", Set.of("a"));
        assertEquals(List.of("a", "b", "c", "a"), cycle(graph));
        assertEquals(Set.of("ClusterSim"), uses("/** {@link Planner} */ ClusterSim.create(o); String s = \"Planner\";",
                Set.of("ClusterSim", "Planner")), "a name in a comment or a string is no use");
        assertEquals(Set.of("scaling"), packageGraph(Map.of("run", "import io.clustersim.core.scaling.Goal;\n"
                + "// io.clustersim.core.plan.Deadline in a comment\n/* io.clustersim.core.sweep.Sweep */\n"
                + "String s = \"io.clustersim.core.model.X\";")).get("run"));
    }

    /** The class names (top-level, by file) that {@code text} uses in code, among {@code names}. */
    private static Set<String> uses(String text, Set<String> names) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile("\\b[A-Z][A-Za-z0-9]*\\b").matcher(code(text));
        while (m.find()) {
            if (names.contains(m.group())) {
                found.add(m.group());
            }
        }
        return found;
    }

    /** Each class of the API package itself ({@code io.clustersim.core}, no subpackage) to its source text. */
    private static Map<String, String> coreClasses() throws IOException {
        Path base = Path.of(System.getProperty("basedir", ".")).resolve("src/main/java/io/clustersim/core");
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(base)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java")).sorted()::iterator) {
                out.put(f.getFileName().toString().replace(".java", ""), Files.readString(f));
            }
        }
        return out;
    }

    /** Package (relative to {@code io.clustersim.core}, the API itself as {@code core}) to source text of every file. */
    private static Map<String, String> sources() throws IOException {
        Path base = Path.of(System.getProperty("basedir", ".")).resolve("src/main/java/io/clustersim/core");
        assertTrue(Files.isDirectory(base), base.toString());
        Map<String, StringBuilder> texts = new TreeMap<>();
        try (Stream<Path> files = Files.walk(base)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java")).sorted()::iterator) {
                Path dir = base.relativize(f.getParent());
                String pkg = dir.toString().isEmpty() ? "core" : dir.toString().replace('/', '.').replace('\\', '.');
                texts.computeIfAbsent(pkg, k -> new StringBuilder()).append(Files.readString(f)).append('\n');
            }
        }
        Map<String, String> out = new TreeMap<>();
        texts.forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }

    private static Map<String, Set<String>> packageGraph(Map<String, String> sources) {
        Map<String, Set<String>> graph = new TreeMap<>();
        sources.forEach((pkg, text) -> {
            Set<String> uses = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
            Matcher m = REFERENCE.matcher(code(text));
            while (m.find()) {
                String target = m.group(1).isEmpty() ? "core" : m.group(1).substring(1);
                if (!target.equals(pkg)) {
                    uses.add(target);
                }
            }
        });
        return graph;
    }

    /** The text without comments and string literals (a name in either is no dependency). */
    private static String code(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (text.startsWith("//", i)) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() : end + 2;
                out.append(' ');
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < text.length() && text.charAt(i) != c) {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** A cycle as a closed path (first package repeated at the end), or an empty list. */
    private static List<String> cycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>(); // 1 on the path, 2 done
        for (String start : graph.keySet()) {
            Deque<String> path = new ArrayDeque<>();
            List<String> found = visit(start, graph, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state,
                                      Deque<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null) {
            List<String> onPath = new ArrayList<>(path);
            List<String> loop = new ArrayList<>(onPath.subList(onPath.indexOf(node), onPath.size()));
            loop.add(node);
            return loop;
        }
        state.put(node, 1);
        path.addLast(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            List<String> found = visit(next, graph, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.removeLast();
        state.put(node, 2);
        return List.of();
    }
}
