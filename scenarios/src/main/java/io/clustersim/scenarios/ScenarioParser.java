package io.clustersim.scenarios;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads a scenario's text and parses its HOCON (includes confined to the scenario's folder, no
 * environment), and applies {@code sweep --field} overrides; every problem becomes one located line.
 *
 * <pre>{@code
 * Config config = ScenarioParser.parseConfig(() -> ConfigFactory.parseString(text), "x.conf");
 * }</pre>
 */
final class ScenarioParser {

    private ScenarioParser() {
    }

    /** The text of a scenario file, or a one-line reason it cannot be read. */
    static String read(Path file) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new ScenarioException(name, 0, "", "is a directory; give a scenario file (e.g. scenarios/examples/*.conf)");
        }
        if (!Files.exists(file)) {
            throw new ScenarioException(name, 0, "", "cannot read the file: no such file");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ScenarioException(name, 0, "", "cannot read the file: not UTF-8 text");
        } catch (IOException e) {
            throw new ScenarioException(name, 0, "", "cannot read the file: " + e.getMessage());
        }
        if (text.isBlank()) {
            throw new ScenarioException(name, 0, "", "the file is empty; a scenario needs at least seed, model, target,"
                    + " fleet and parallelism (see scenarios/examples/)");
        }
        return text;
    }

    /**
     * Parses a scenario file's text, read once ({@link #read}) and checked by {@link NestingCheck},
     * under the file's name: values and mistakes are located in it as if Typesafe Config had read the
     * file itself, and its includes resolve relative to it ({@link ScenarioIncluder}).
     */
    static Config parseFile(Path file, String text) {
        return parseConfig(() -> ConfigFactory.parseReader(new java.io.StringReader(text),
                ScenarioIncluder.options(file).setOriginDescription(file.toString())), file.toString());
    }

    /** An origin's line suffix, {@code ": 12"} or {@code ": 12-14"}. */
    private static final java.util.regex.Pattern LINES = java.util.regex.Pattern.compile(": \\d+(-\\d+)?$");

    /**
     * The file a value (or a mistake) comes from: the name its text was parsed under
     * ({@link #parseFile}, an included file, or the name {@code ScenarioLoader.parse} is given), or
     * {@code fallback} for a value merged from several. (Every text the loader parses is parsed under
     * a name; Typesafe Config would otherwise describe it as "String".)
     */
    static String fileOf(ConfigOrigin origin, String fallback) {
        if (origin == null) {
            return fallback;
        }
        if (origin.filename() != null) {
            return origin.filename();
        }
        String description = LINES.matcher(origin.description()).replaceFirst("");
        return description.startsWith("merge of ") || description.isEmpty() ? fallback : description;
    }

    /** A path of thousands of dotted parts nests as deep as braces do; what {@link NestingCheck} cannot see. */
    static ScenarioException tooDeep(String fileName) {
        return new ScenarioException(fileName, 0, "", "cannot parse: keys, objects or lists nested too deep");
    }

    /**
     * Parses and resolves (without the process environment: {@code ${HOME}} is an error, so a
     * report never depends on where it ran) a scenario's HOCON; any syntax mistake, refused include
     * or too-deep nesting becomes one located line.
     */
    static Config parseConfig(Supplier<Config> parse, String fileName) {
        try {
            return parse.get().resolve(ScenarioIncluder.resolveOptions());
        } catch (ConfigException e) {
            int line = e.origin() == null ? 0 : e.origin().lineNumber();
            String message = e.getMessage();
            // Typesafe Config prefixes "origin: line: "; keep only what is wrong.
            int cut = message.indexOf(": ", message.indexOf(": ") + 1);
            String problem = cut > 0 && line > 0 ? message.substring(cut + 2) : message;
            // Typesafe Config calls an unclosed object's brace a parenthesis
            problem = problem.replace("expecting a close parentheses ')' here, not: end of file",
                    "end of file inside { ... }: a closing brace '}' is missing");
            if (problem.startsWith("Could not resolve substitution")) {
                problem += " (a ${...} may name only keys of the scenario: environment variables are not read)";
            }
            String file = fileOf(e.origin(), fileName);
            throw new ScenarioException(file, line, "", "cannot parse: " + problem);
        }
    }

    /** {@code config} with {@code key} set to {@code value} (a number when it reads as one, else text). */
    static Config override(Config config, String key, String value, String fileName) {
        Object v;
        try {
            double d = Double.parseDouble(value);
            v = d == Math.rint(d) && Math.abs(d) < 9e15 ? (Object) (long) d : (Object) d;
        } catch (NumberFormatException e) {
            v = value;
        }
        int open = key.indexOf('[');
        try {
            if (open < 0) {
                return config.withValue(key, ConfigValueFactory.fromAnyRef(v, "command line"));
            }
            int close = key.indexOf(']', open);
            String list = key.substring(0, open);
            int index = Integer.parseInt(key.substring(open + 1, close));
            String rest = key.substring(close + 2);
            if (!config.hasPath(list) || config.getValue(list).valueType() != ConfigValueType.LIST) {
                throw new ScenarioException(fileName, 0, key, "the scenario has no list " + list);
            }
            List<ConfigValue> values = new ArrayList<>(config.getList(list));
            if (index < 0 || index >= values.size() || !(values.get(index) instanceof ConfigObject object)) {
                throw new ScenarioException(fileName, 0, key, list + " has no object at index " + index);
            }
            values.set(index, override(object.toConfig(), rest, value, fileName).root());
            return config.withValue(list, ConfigValueFactory.fromIterable(values));
        } catch (ConfigException | NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new ScenarioException(fileName, 0, key, "cannot set this key to \"" + value + "\"");
        }
    }
}
