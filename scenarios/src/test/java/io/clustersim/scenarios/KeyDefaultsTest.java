package io.clustersim.scenarios;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.clustersim.core.Scenario;
import io.clustersim.scenarios.keys.ScenarioKey;
import io.clustersim.scenarios.keys.ScenarioKeys;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The defaults the key registry declares (and the reference page prints) are the loader's: for
 * every key whose default is a value ({@code 1}, {@code false}, {@code bf16}, {@code 0s}), a bundled
 * example whose section is present but which leaves the key out loads to the same {@link Scenario}
 * as the example with the key set to that default. So a default changed in a reader but not in its
 * declaration fails here.
 */
class KeyDefaultsTest {

    /** A default that is a value, optionally followed by words in parentheses ("1 (balanced)"). */
    private static final Pattern LITERAL = Pattern.compile("([A-Za-z0-9.\\-]+)( \\(.*\\))?");

    @Test
    void declaredDefaultsAreTheLoadersDefaults() throws IOException {
        List<Path> examples;
        try (Stream<Path> list = Files.list(Path.of("scenarios/examples"))) {
            examples = list.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, ScenarioKey> e : ScenarioKeys.rootDeclarations().entrySet()) {
            ScenarioKey key = e.getValue();
            var m = LITERAL.matcher(key.defaultValue());
            if (!m.matches() || key.defaultValue().equals("required") || key.path().startsWith("validation.")) {
                continue;
            }
            String value = m.group(1);
            boolean isValue = Character.isDigit(value.charAt(0)) || value.equals("true") || value.equals("false")
                    || key.choices().contains(value);
            if (!isValue) {
                continue; // a default in words ("failures.spares.per-datacenter")
            }
            String parent = key.path().contains(".") ? key.path().substring(0, key.path().lastIndexOf('.')) : "";
            for (Path example : examples) {
                String text = Files.readString(example);
                Config config = ConfigFactory.parseFile(example.toFile(), ScenarioIncluder.options(example))
                        .resolve(ScenarioIncluder.resolveOptions());
                // a framework's defaults and a searched plan's free dimensions are not the declared default
                boolean framework = key.path().startsWith("software.") && config.hasPath("software.framework");
                boolean searched = key.path().startsWith("parallelism.") && (!isObject(config, "parallelism")
                        || config.hasPath("parallelism.search") && config.getBoolean("parallelism.search"));
                boolean related = key.needs().stream().allMatch(config::hasPath)
                        && key.excludes().stream().noneMatch(config::hasPath);
                if (config.hasPath(key.path()) || !parent.isEmpty() && !isObject(config, parent) || framework || searched
                        || !related || config.hasPath("fleet.datacenters") && key.path().startsWith("fleet.")) {
                    continue;
                }
                Scenario without = ScenarioLoader.parse(text, example.toString()).scenario();
                String with = text + "\n" + key.path() + " = \"" + value + "\"\n";
                try {
                    Scenario stated = ScenarioLoader.parse(with, example.toString()).scenario();
                    if (!stated.equals(without)) {
                        wrong.add(key.path() + " = " + value + " changes " + example.getFileName());
                    }
                } catch (ScenarioException ex) {
                    wrong.add(key.path() + " = " + value + " is refused in " + example.getFileName() + ": "
                            + ex.getMessage());
                }
                checked++;
                break;
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(checked >= 25, "defaults checked: " + checked);
    }

    private static boolean isObject(Config config, String path) {
        return config.hasPath(path) && config.getValue(path).valueType() == com.typesafe.config.ConfigValueType.OBJECT;
    }
}
