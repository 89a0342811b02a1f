package io.clustersim.scenarios.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code docs/schema/report.schema.json}, a JSON Schema (draft 2020-12) of the JSON report,
 * from the report field table of the docs ({@code | field | unit / meaning |}): the one source of
 * the report's fields, which {@code ReportSchemaDocTest} also checks against the JSON written. Every
 * documented object allows exactly its documented fields; {@code []} is a list, {@code .*} an
 * object whose keys are data; each field's description is its row's meaning.
 *
 * <pre>{@code
 * String schema = ReportSchema.json(Files.readString(Path.of("docs/report-reference.md")));
 * }</pre>
 *
 * <p>Maintainer note: the table gives structure, not types, so a leaf is any scalar or null; the
 * table's first column follows the rules the report reference states ({@code .x} is a sibling of
 * the path before it).
 */
public final class ReportSchema {

    private static final ObjectMapper JSON = ScenarioSchema.JSON;
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    /** The header of the report field table. */
    public static final String TABLE_HEADER = "| field | unit / meaning |";

    private ReportSchema() {
    }

    /** One documented path: its children, whether it is a list, or a map of data keys. */
    private static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
        boolean list;
        boolean map;
        String description;
    }

    /**
     * The field paths of the report field table in {@code markdown}, in table order, each with its
     * row's meaning: {@code .x} resolved against the path before it ({@code step.mfu}, {@code .hfu}
     * gives {@code step.hfu}).
     *
     * @throws IllegalArgumentException when there is no table, or a row starts with a sibling
     */
    public static Map<String, String> fields(String markdown) {
        int table = markdown.indexOf(TABLE_HEADER);
        if (table < 0) {
            throw new IllegalArgumentException("no report field table (" + TABLE_HEADER + ") in the text given");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String row : markdown.substring(table).split("\n")) {
            if (!row.startsWith("|")) {
                break;
            }
            String[] cells = row.split("(?<!\\\\)\\|");
            if (cells.length < 3 || cells[1].contains("---") || cells[1].contains("field")) {
                continue;
            }
            String previous = null;
            Matcher m = CODE.matcher(cells[1]);
            while (m.find()) {
                String token = m.group(1);
                String path = token;
                if (token.startsWith(".")) {
                    if (previous == null) {
                        throw new IllegalArgumentException("a report field row starts with a sibling " + token + ": " + row);
                    }
                    String base = previous.endsWith(".*") ? previous.substring(0, previous.length() - 2) : previous;
                    int dot = base.lastIndexOf('.');
                    path = dot < 0 ? token.substring(1) : base.substring(0, dot) + token;
                }
                fields.putIfAbsent(path, cells[2].strip());
                previous = path;
            }
        }
        return fields;
    }

    /** The schema of the report documented by the field table in {@code markdown}. */
    public static String json(String markdown) {
        Node root = new Node();
        fields(markdown).forEach((path, description) -> add(root, path, description));
        ObjectNode schema = ScenarioSchema.header("report.schema.json", "clustersim JSON report",
                "The report of clustersim run / plan --format json. Generated from the report field table");
        schema.setAll(objectSchema(root, false));
        schema.put("type", "object");
        return ScenarioSchema.write(schema);
    }

    private static void add(Node root, String path, String description) {
        Node node = root;
        for (String part : path.split("\\.")) {
            if (node.map) {
                return; // an example key of a data map
            }
            if (part.equals("*")) {
                node.map = true;
                break;
            }
            boolean list = part.endsWith("[]");
            String name = list ? part.substring(0, part.length() - 2) : part;
            node = node.children.computeIfAbsent(name, n -> new Node());
            node.list |= list;
        }
        if (node.description == null) {
            node.description = description;
        }
    }

    private static ObjectNode schemaOf(Node node) {
        ObjectNode s;
        if (node.map) {
            s = JSON.createObjectNode();
            s.putArray("type").add("object").add("null");
            s.put("additionalProperties", true);
        } else if (node.children.isEmpty()) {
            s = scalar();
        } else {
            s = objectSchema(node, true);
        }
        if (node.list) {
            ObjectNode list = JSON.createObjectNode();
            list.putArray("type").add("array").add("null");
            list.set("items", s);
            s = list;
        }
        if (node.description != null) {
            s.put("description", node.description);
        }
        return s;
    }

    private static ObjectNode objectSchema(Node node, boolean nullable) {
        ObjectNode s = JSON.createObjectNode();
        if (nullable) {
            s.putArray("type").add("object").add("null");
        }
        ObjectNode properties = s.putObject("properties");
        node.children.forEach((name, child) -> properties.set(name, schemaOf(child)));
        s.put("additionalProperties", false);
        return s;
    }

    private static ObjectNode scalar() {
        ObjectNode s = JSON.createObjectNode();
        s.putArray("type").add("number").add("string").add("boolean").add("null");
        return s;
    }
}
