package io.clustersim.scenarios.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clustersim.core.run.FailureSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes {@code docs/schema/scenario.schema.json}, a JSON Schema (draft 2020-12) of scenario files
 * as JSON, from {@link ScenarioKeys}: every section an object that allows only its declared keys,
 * every key typed by its kind (a quantity with a unit is a string such as {@code "90s"}), ranges,
 * allowed words, the keys each needs ({@code dependentRequired}) and excludes, and the keys that are
 * always required. A HOCON scenario is checked by rendering it as JSON first (Typesafe Config's
 * {@code resolve()} and {@code root().render(ConfigRenderOptions.concise())}).
 *
 * <pre>{@code
 * String schema = ScenarioSchema.json();
 * }</pre>
 *
 * <p>Maintainer note: the schema says what a file may contain, not everything the loader checks
 * (a plan dividing the chips, a chip id in the catalog); the loader stays the judge, with located
 * messages. Needs and excludes become schema constraints only between keys of one object.
 */
public final class ScenarioSchema {

    /** A number, optionally with a count suffix or a unit: {@code 300B}, {@code 80GB}, {@code 1.5h}. */
    static final String QUANTITY = "^\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*[A-Za-zµ/ ]*$";
    /** A number with a unit (durations, bandwidths): the unit may not be left out. */
    static final String WITH_UNIT = "^\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*[A-Za-zµ][A-Za-zµ/ ]*$";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ScenarioSchema() {
    }

    /** A draft 2020-12 schema's opening: its {@code $schema}, {@code $id} (docs/schema/{@code file}), title and description. */
    static ObjectNode header(String file, String title, String generatedFrom) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "https://clustersim.io/schema/" + file);
        schema.put("title", title);
        schema.put("description", generatedFrom + ": do not edit, run " + ReferencePage.REGENERATE + ".");
        return schema;
    }

    /** {@code schema} as pretty-printed JSON ending in a newline. */
    static String write(ObjectNode schema) {
        try {
            return JSON.writeValueAsString(schema) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The schema, as pretty-printed JSON ending in a newline. */
    public static String json() {
        ObjectNode schema = header("scenario.schema.json", "clustersim scenario", "A scenario file as JSON (HOCON rendered"
                + " by Typesafe Config). Generated from the key registry");
        objectOf(schema, new ArrayList<>(ScenarioKeys.rootDeclarations().values()), "", false);
        // one definition each for a failure class, a datacenter and a WAN link, referred to where they stand
        ObjectNode defs = schema.putObject("$defs");
        objectOf(defs.putObject("failureClass"),
                RunKeys.CLASS_KEYS.stream().map(k -> k.within("failures.<class>.")).toList(), "", false);
        objectOf(defs.putObject("datacenter"), ScenarioKeys.datacenterDeclarations(), "", true);
        objectOf(defs.putObject("wanLink"), ScenarioKeys.wanLinkDeclarations(), "", true);
        ObjectNode classes = (ObjectNode) schema.get("properties").get("failures").get("properties");
        for (String name : FailureSpec.CLASS_NAMES) {
            classes.putObject(name).put("$ref", "#/$defs/failureClass");
        }
        return write(schema);
    }

    /**
     * Fills {@code node} as an object holding the keys under {@code prefix} of {@code keys}: its
     * properties (nested sections recursively), required keys and relations.
     */
    private static void objectOf(ObjectNode node, List<ScenarioKey> keys, String prefix, boolean element) {
        node.put("type", "object");
        ObjectNode properties = node.putObject("properties");
        Set<String> names = new TreeSet<>();
        for (ScenarioKey k : keys) {
            if (k.path().startsWith(prefix)) {
                String rest = k.path().substring(prefix.length());
                names.add(rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest);
            }
        }
        List<String> required = new ArrayList<>();
        for (String name : names) {
            String path = prefix + name;
            ScenarioKey leaf = keys.stream().filter(k -> k.path().equals(path)).findFirst().orElse(null);
            boolean section = keys.stream().anyMatch(k -> k.path().startsWith(path + "."));
            ObjectNode sectionNode = null;
            if (section) {
                sectionNode = JSON.createObjectNode();
                objectOf(sectionNode, keys, path + ".", element);
                if (keys.stream().anyMatch(k -> k.path().startsWith(path + ".") && isRequired(k, element))) {
                    required.add(name);
                }
            }
            if (leaf != null && isRequired(leaf, element)) {
                required.add(name);
            }
            if (leaf != null && sectionNode != null) {
                ObjectNode either = properties.putObject(name);
                either.put("description", leaf.meaning());
                ArrayNode anyOf = either.putArray("anyOf");
                anyOf.add(value(leaf));
                anyOf.add(sectionNode);
            } else if (leaf != null) {
                properties.set(name, value(leaf));
            } else {
                properties.set(name, sectionNode);
            }
        }
        node.put("additionalProperties", false);
        if (!required.isEmpty()) {
            ArrayNode r = node.putArray("required");
            new TreeSet<>(required).forEach(r::add);
        }
        relations(node, keys, prefix);
    }

    /** Whether a key must always be given: "required" outright, or (in a list element) "required (...)". */
    private static boolean isRequired(ScenarioKey k, boolean element) {
        return k.defaultValue().equals("required") || element && k.defaultValue().startsWith("required (in each");
    }

    /** {@code dependentRequired} and mutual exclusions between keys of the object at {@code prefix}. */
    private static void relations(ObjectNode node, List<ScenarioKey> keys, String prefix) {
        ObjectNode dependent = JSON.createObjectNode();
        Set<String> exclusions = new TreeSet<>();
        for (ScenarioKey k : keys) {
            String name = childName(k.path(), prefix);
            if (name == null) {
                continue;
            }
            List<String> needs = siblings(k.needs(), prefix);
            if (!needs.isEmpty()) {
                ArrayNode a = dependent.putArray(name);
                needs.forEach(a::add);
            }
            for (String other : siblings(k.excludes(), prefix)) {
                exclusions.add(name.compareTo(other) < 0 ? name + "\n" + other : other + "\n" + name);
            }
        }
        if (!dependent.isEmpty()) {
            node.set("dependentRequired", dependent);
        }
        if (!exclusions.isEmpty()) {
            ArrayNode allOf = node.putArray("allOf");
            for (String pair : exclusions) {
                ArrayNode both = allOf.addObject().putObject("not").putArray("required");
                for (String key : pair.split("\n")) {
                    both.add(key);
                }
            }
        }
    }

    private static String childName(String path, String prefix) {
        if (!path.startsWith(prefix)) {
            return null;
        }
        String rest = path.substring(prefix.length());
        return rest.isEmpty() || rest.contains(".") ? null : rest;
    }

    private static List<String> siblings(Collection<String> keys, String prefix) {
        return keys.stream().map(k -> childName(k, prefix)).filter(n -> n != null).toList();
    }

    /** The schema of one key's value. */
    private static ObjectNode value(ScenarioKey k) {
        ObjectNode v = JSON.createObjectNode();
        v.put("description", k.meaning() + (k.defaultValue().isEmpty() ? "" : " Default: " + k.defaultValue() + "."));
        List<ObjectNode> forms = new ArrayList<>();
        switch (k.type()) {
            case TEXT -> forms.add(type("string", "number", "boolean"));
            case BOOLEAN -> {
                forms.add(type("boolean"));
                forms.add(words(List.of("true", "false", "yes", "no", "on", "off")));
            }
            case CHOICE -> forms.add(words(k.choices()));
            case INTEGER, NUMBER, FLOPS, BYTES, WATTS, DISTANCE -> {
                ObjectNode n = type(k.type() == ScenarioKey.Type.INTEGER ? "integer" : "number");
                range(n, k);
                forms.add(n);
                forms.add(pattern(QUANTITY));
            }
            case DURATION, BITS_PER_SECOND, BYTES_PER_SECOND -> forms.add(pattern(WITH_UNIT));
            case NAMES -> {
                ObjectNode a = type("array");
                a.set("items", k.choices().isEmpty() ? type("string", "number") : words(k.choices()));
                forms.add(a);
            }
            case OBJECTS -> {
                ObjectNode a = type("array");
                a.putObject("items").put("$ref", k.path().equals("fleet.wan-links") ? "#/$defs/wanLink"
                        : "#/$defs/datacenter");
                forms.add(a);
            }
        }
        if (k.type() != ScenarioKey.Type.CHOICE && k.type() != ScenarioKey.Type.NAMES && !k.choices().isEmpty()) {
            forms.add(words(k.choices()));
        }
        if (forms.size() == 1) {
            v.setAll(forms.get(0));
        } else {
            ArrayNode anyOf = v.putArray("anyOf");
            forms.forEach(anyOf::add);
        }
        return v;
    }

    private static ObjectNode type(String... types) {
        ObjectNode n = JSON.createObjectNode();
        if (types.length == 1) {
            n.put("type", types[0]);
        } else {
            ArrayNode a = n.putArray("type");
            for (String t : types) {
                a.add(t);
            }
        }
        return n;
    }

    private static ObjectNode words(List<String> words) {
        ObjectNode n = type("string");
        ArrayNode e = n.putArray("enum");
        words.forEach(e::add);
        return n;
    }

    private static ObjectNode pattern(String regex) {
        ObjectNode n = type("string");
        n.put("pattern", regex);
        return n;
    }

    private static void range(ObjectNode n, ScenarioKey k) {
        if (k.minimum() != null) {
            n.put(k.exclusiveMinimum() ? "exclusiveMinimum" : "minimum", k.minimum());
        }
        if (k.maximum() != null) {
            n.put("maximum", k.maximum());
        }
    }
}
