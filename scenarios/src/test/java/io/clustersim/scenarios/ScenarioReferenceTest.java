package io.clustersim.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.clustersim.scenarios.keys.ReferencePage;
import io.clustersim.scenarios.keys.ReportSchema;
import io.clustersim.scenarios.keys.ScenarioKey;
import io.clustersim.scenarios.keys.ScenarioKeys;
import io.clustersim.scenarios.keys.ScenarioSchema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated docs agree with the key registry and the report field table (regenerate with
 * {@value ReferencePage#REGENERATE}), and the JSON Schemas they hold accept every bundled scenario
 * (HOCON rendered as JSON) and every bundled scenario's report, and refuse what they should.
 */
class ScenarioReferenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private static String reportTable() throws IOException {
        for (Path p : List.of(Path.of("docs/report-reference.md"), Path.of("README.md"))) {
            if (Files.exists(p) && Files.readString(p).contains(ReportSchema.TABLE_HEADER)) {
                return Files.readString(p);
            }
        }
        throw new AssertionError("no report field table in docs/report-reference.md or README.md");
    }

    @Test
    void generatedDocsAreUpToDate() throws IOException {
        String stale = " is stale: run " + ReferencePage.REGENERATE;
        assertEquals(ReferencePage.markdown(), Files.readString(Path.of("docs/scenario-reference.md")),
                "docs/scenario-reference.md" + stale);
        assertEquals(ScenarioSchema.json(), Files.readString(Path.of("docs/schema/scenario.schema.json")),
                "docs/schema/scenario.schema.json" + stale);
        assertEquals(ReportSchema.json(reportTable()), Files.readString(Path.of("docs/schema/report.schema.json")),
                "docs/schema/report.schema.json" + stale);
    }

    @Test
    void everyKeyIsDeclaredWithAMeaningAndADefault() {
        List<String> incomplete = new ArrayList<>();
        for (ScenarioKey k : ScenarioKeys.declarations()) {
            if (k.meaning().isBlank() || k.defaultValue().isBlank()) {
                incomplete.add(k.path());
            }
            for (String other : concat(k.needs(), k.excludes())) {
                if (!ScenarioKeys.isKey(other.replace("<class>", "hbm").replace("[]", "[0]"))) {
                    incomplete.add(k.path() + " relates to no key " + other);
                }
            }
        }
        assertEquals(List.of(), incomplete);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A scenario file as JSON, the way a JSON Schema tool sees it. */
    static JsonNode asJson(Path file) throws IOException {
        String rendered = ConfigFactory.parseFile(file.toFile(), ScenarioIncluder.options(file))
                .resolve(ScenarioIncluder.resolveOptions()).root().render(ConfigRenderOptions.concise());
        return JSON.readTree(rendered);
    }

    private static Schema scenarioSchema() throws IOException {
        return SCHEMAS.getSchema(Files.readString(Path.of("docs/schema/scenario.schema.json")));
    }

    @Test
    void scenarioSchemaAcceptsEveryBundledScenario() throws IOException {
        Schema schema = scenarioSchema();
        List<String> refused = new ArrayList<>();
        List<Path> files = GoldenReportsTest.bundledScenarios();
        for (Path file : files) {
            List<Error> errors = schema.validate(asJson(file));
            if (!errors.isEmpty()) {
                refused.add(file + ": " + errors);
            }
        }
        assertTrue(files.size() > 150);
        assertEquals(List.of(), refused);
    }

    @Test
    void scenarioSchemaRefusesMistakesTheLoaderRefuses() throws IOException {
        Schema schema = scenarioSchema();
        JsonNode good = asJson(Path.of("scenarios/examples/gpt3-175b-a100.conf"));
        assertEquals(List.of(), schema.validate(good));
        for (String[] edit : new String[][] {{"fleet", "chipz", "\"a100\""}, {"fleet", "chips-per-node", "0"},
                {"parallelism", "recompute", "\"most\""}, {"checkpoint", "interval", "3600"},
                {"failures", "rate-per-chip-hour", "0.001"}}) {
            JsonNode bad = good.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) bad.get(edit[0])).set(edit[1], JSON.readTree(edit[2]));
            assertFalse(schema.validate(bad).isEmpty(), "the schema accepts " + edit[0] + "." + edit[1] + " = " + edit[2]);
        }
        // inside the shared definitions: a datacenter of the list, a WAN link, a failure class
        JsonNode sites = asJson(Path.of("scenarios/examples/multi-dc-3x-100k-gb200.conf"));
        assertEquals(List.of(), schema.validate(sites));
        for (String pointer : new String[] {"/fleet/datacenters/0", "/fleet/wan-links/0", "/failures"}) {
            JsonNode bad = sites.deepCopy();
            String field = pointer.equals("/failures") ? "hbm" : "chipz";
            JsonNode value = pointer.equals("/failures") ? JSON.readTree("{\"shape\": -1}") : JSON.readTree("1");
            ((com.fasterxml.jackson.databind.node.ObjectNode) bad.at(pointer)).set(field, value);
            assertFalse(schema.validate(bad).isEmpty(), "the schema accepts " + pointer + "/" + field + " = " + value);
        }
    }

    @Test
    void reportSchemaAcceptsTheReportOfEveryBundledScenario() throws IOException {
        Schema schema = SCHEMAS.getSchema(Files.readString(Path.of("docs/schema/report.schema.json")));
        List<String> refused = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> walk = Files.walk(GoldenReportsTest.GOLDEN.resolve("reports"))) {
            for (Path report : walk.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                String text = Files.readString(report);
                if (text.startsWith("refused: ")) {
                    continue;
                }
                List<Error> errors = schema.validate(JSON.readTree(text));
                checked++;
                if (!errors.isEmpty()) {
                    refused.add(report + ": " + errors);
                }
            }
        }
        assertTrue(checked > 150, "reports checked: " + checked);
        assertEquals(List.of(), refused);
        JsonNode bad = JSON.readTree(Files.readString(GoldenReportsTest.GOLDEN.resolve(
                "reports/scenarios/examples/gpt3-175b-a100.json")));
        ((com.fasterxml.jackson.databind.node.ObjectNode) bad.get("step")).put("secondz", 1.0);
        assertFalse(schema.validate(bad).isEmpty(), "the report schema accepts an undocumented field");
    }
}
