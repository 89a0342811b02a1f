package io.clustersim.scenarios.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code docs/scenario-reference.md}, the scenario key reference, from {@link ScenarioKeys}:
 * one table per section, one row per declared key, then the section's notes (what a one-sentence
 * meaning leaves out).
 *
 * <pre>{@code
 * Files.writeString(Path.of("docs/scenario-reference.md"), ReferencePage.markdown());
 * }</pre>
 */
public final class ReferencePage {

    /** The command that regenerates the generated docs, named in each generated file. */
    public static final String REGENERATE = "./clustersim keys --write-docs .";

    private ReferencePage() {
    }

    /** The whole page. */
    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Scenario key reference\n\n");
        out.append("<!-- Generated from the key registry (scenarios/src/main/java/io/clustersim/scenarios/keys);"
                + " do not edit: run `").append(REGENERATE).append("`. ScenarioReferenceTest fails when this page is"
                + " stale. -->\n\n");
        out.append("Every key a scenario file may set, declared once in the key registry, which also gives the"
                + " loader its known keys and did-you-mean suggestions and generates the JSON Schema"
                + " [`schema/scenario.schema.json`](schema/scenario.schema.json). How a scenario is written (HOCON,"
                + " includes, units) is in [scenario-format.md](scenario-format.md).\n\n");
        out.append("Kinds: *duration* needs a unit (`90s`, `5m`, `1.5h`); *bandwidth* needs one (`400Gbps`,"
                + " `50GB/s`; a bare number is refused); *integer* and *number* take K/M/B/T suffixes (`300B`);"
                + " *size* takes `80GB`; *power* takes `700W`, `150MW`. A key of a section applies only when its"
                + " section is given.\n\n");
        for (Map.Entry<String, List<ScenarioKey>> section : ScenarioKeys.sections().entrySet()) {
            out.append("## ").append(section.getKey()).append("\n\n");
            out.append("| key | kind | default | allowed | meaning |\n|---|---|---|---|---|\n");
            for (ScenarioKey k : section.getValue()) {
                out.append("| `").append(k.path()).append("` | ").append(kind(k)).append(" | ")
                        .append(cell(k.defaultValue())).append(" | ").append(cell(k.allowed())).append(" | ")
                        .append(cell(k.meaning() + relations(k))).append(" |\n");
            }
            out.append("\n");
            List<ScenarioKey> noted = section.getValue().stream().filter(k -> !k.notes().isEmpty()).toList();
            if (!noted.isEmpty()) {
                out.append("Notes:\n\n");
                for (ScenarioKey k : noted) {
                    out.append("- `").append(k.path()).append("`: ").append(k.notes()).append("\n");
                }
                out.append("\n");
            }
        }
        return out.toString();
    }

    private static String kind(ScenarioKey k) {
        String kind = k.type().label();
        return k.unit().isEmpty() || k.type().label().equals(k.unit()) ? kind : kind + " (" + k.unit() + ")";
    }

    private static String relations(ScenarioKey k) {
        List<String> parts = new ArrayList<>();
        if (!k.needs().isEmpty()) {
            parts.add(" Needs " + code(k.needs()) + ".");
        }
        if (!k.excludes().isEmpty()) {
            parts.add(" Not with " + code(k.excludes()) + ".");
        }
        return String.join("", parts);
    }

    private static String code(List<String> keys) {
        return String.join(", ", keys.stream().map(key -> "`" + key + "`").toList());
    }

    private static String cell(String text) {
        return text.isEmpty() ? "" : text.replace("|", "\\|");
    }
}
