package io.clustersim.scenarios.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clustersim.scenarios.keys.ReportSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the README's report schema and the JSON the CLI writes in step: every field path in the
 * JSON of a few rich scenarios is in the README's field table, and every path the table documents
 * appears in some of that JSON. So a field added without documentation, or documentation of a
 * field that was renamed or never written, fails the build.
 *
 * <p>The table's first column is the contract (see "Report schema" in the README): backticked
 * paths; {@code .x} is a sibling of the path before it; {@code []} stands for the elements of a
 * list; {@code .*} for an object whose keys are data (causes, breakdown terms), not schema.
 *
 * <p>Maintainer note: the scenarios are chosen to make every optional section non-null somewhere —
 * the failure mix, spares, maintenance, asynchronous checkpoints and stragglers on one site; three
 * sites with WAN cuts and outages; DiLoCo; a searched plan with a deadline; {@code plan} on a stated
 * plan (search.statedPlan). A new optional field needs a scenario here that writes it.
 */
class ReportSchemaDocTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Path -> what was seen there: "value" (a scalar), "null", "{}" or "[]" (empty). */
    private static final Map<String, Set<String>> EMITTED = new LinkedHashMap<>();
    private static final List<String> SOURCES = new ArrayList<>();

    @BeforeAll
    static void writeReports(@TempDir Path dir) throws IOException {
        String llama = Files.readString(Path.of("scenarios/examples/llama3-405b-16k-h100.conf"));
        Path rich = Files.writeString(dir.resolve("rich.conf"), llama + """

                checkpoint { mode = async, snapshot = 5s, peer-replica = true, peer-restore = 30s }
                stragglers { probability = 1e-6, mean-slowdown = 0.2, distribution = lognormal, sigma = 1 }
                failures.accelerator { distribution = weibull, shape = 0.8 }
                target.reference-batch = 8M
                fleet.cost { chip-hour = 2.50, currency = USD, energy-per-mwh = 80, billing = reserved }
                parallelism { recompute = selective, recompute-modules = [core_attn], first-stage-layers = 7, last-stage-layers = 7 }
                """);
        emit("run", rich.toString());
        emit("run", "scenarios/examples/multi-dc-3x-100k-gb200.conf");
        emit("run", "scenarios/examples/rainier-class-trn2.conf");
        emit("run", "scenarios/examples/llama3-405b-deadline.conf");
        emit("run", "scenarios/examples/chinchilla-budget-h100.conf");
        emit("plan", "scenarios/examples/gpt3-175b-a100.conf");
        emit("plan", rich.toString()); // a stated plan that names its recomputed modules, against the best
        // a search whose ranked plans rerun named modules
        Path modules = Files.writeString(dir.resolve("modules.conf"),
                Files.readString(Path.of("scenarios/examples/chinchilla-budget-h100.conf")).replace("parallelism = search",
                        "parallelism { search = true, recompute = selective, recompute-modules = [core_attn, mlp] }"));
        emit("run", modules.toString());
    }

    private static void emit(String command, String scenario) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of(command, scenario, "--format", "json", "--trials", "2",
                "--engine", "inline", "--no-progress"));
        if (command.equals("run")) {
            args.add("--per-trial");
        }
        int code = ClusterSimCli.execute(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, command + " " + scenario + ": " + err);
        walk(JSON.readTree(out.toString()), "");
        SOURCES.add(command + " " + scenario);
    }

    private static void walk(JsonNode node, String path) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                seen(path, "{}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
            }
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                seen(path, "[]");
            }
            for (JsonNode element : node) {
                walk(element, path + "[]");
            }
        } else {
            seen(path, node.isNull() ? "null" : "value");
        }
    }

    private static void seen(String path, String what) {
        EMITTED.computeIfAbsent(path, k -> new TreeSet<>()).add(what);
    }

    /** The paths in the first column of the README's report field table. */
    static Set<String> documented() throws IOException {
        String page = Files.readString(Path.of("docs/report-reference.md"));
        int section = page.indexOf("# Report schema");
        assertTrue(section >= 0 && page.indexOf(ReportSchema.TABLE_HEADER, section) > section,
                "docs/report-reference.md: report schema field table not found");
        // the same reading of the table that generates docs/schema/report.schema.json
        return new TreeSet<>(ReportSchema.fields(page.substring(section)).keySet());
    }

    @Test
    void everyFieldWrittenIsDocumented() throws IOException {
        Set<String> documented = documented();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : EMITTED.entrySet()) {
            String path = e.getKey();
            boolean container = e.getValue().stream().allMatch(w -> !w.equals("value"));
            if (!isDocumented(path, container, documented)) {
                missing.add(path);
            }
        }
        assertTrue(missing.isEmpty(), "fields written but not in the README's report schema table: " + missing);
    }

    private static boolean isDocumented(String path, boolean nullOrEmpty, Set<String> documented) {
        if (documented.contains(path)) {
            return true;
        }
        for (String d : documented) {
            if (d.endsWith(".*")) {
                String map = d.substring(0, d.length() - 2);
                if (path.startsWith(map + ".") || path.equals(map)) {
                    return true;
                }
            }
            // a section or list written as null or empty, whose fields are documented
            if (nullOrEmpty && (d.startsWith(path + ".") || d.startsWith(path + "[]"))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyDocumentedFieldIsWritten() throws IOException {
        List<String> never = new ArrayList<>();
        for (String d : documented()) {
            if (d.endsWith(".*")) {
                String map = d.substring(0, d.length() - 2);
                boolean asObject = EMITTED.keySet().stream().anyMatch(p -> p.startsWith(map + ".") || p.equals(map));
                if (!asObject) {
                    never.add(d);
                }
                continue;
            }
            boolean underMap = documented().stream().anyMatch(m -> m.endsWith(".*")
                    && d.startsWith(m.substring(0, m.length() - 1)));
            if (underMap) {
                continue; // an example key of a map (a cause, a term): data, not schema
            }
            boolean written = EMITTED.containsKey(d) || EMITTED.keySet().stream().anyMatch(p -> p.startsWith(d + "[]"));
            if (!written) {
                never.add(d);
            }
        }
        assertTrue(never.isEmpty(), "documented in the README's report schema table but written by none of "
                + SOURCES + ": " + never);
    }

    @Test
    void theReadmeExampleIsValidJsonWithDocumentedFieldsAndVersion1() throws IOException {
        String readme = Files.readString(Path.of("docs/report-reference.md"));
        int section = readme.indexOf("# Report schema");
        int start = readme.indexOf("```json\n", section) + "```json\n".length();
        int end = readme.indexOf("```", start);
        JsonNode example = JSON.readTree(readme.substring(start, end));
        assertEquals(1, example.get("schemaVersion").asInt());
        Map<String, Set<String>> saved = new LinkedHashMap<>(EMITTED);
        EMITTED.clear();
        try {
            walk(example, "");
            Set<String> documented = documented();
            List<String> missing = new ArrayList<>();
            EMITTED.forEach((path, what) -> {
                if (!isDocumented(path, what.stream().allMatch(w -> !w.equals("value")), documented)) {
                    missing.add(path);
                }
            });
            assertTrue(missing.isEmpty(), "the README's JSON example has fields its table does not document: " + missing);
        } finally {
            EMITTED.clear();
            EMITTED.putAll(saved);
        }
    }
}
