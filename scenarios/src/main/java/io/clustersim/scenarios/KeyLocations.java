package io.clustersim.scenarios;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.List;

/**
 * Where a key stands in a parsed scenario: its line and the file (the scenario or an included one)
 * its value came from, falling back to the nearest present ancestor, so that an error about a
 * missing key points at its section. {@link ConfigReader} locates its errors with it.
 *
 * <pre>{@code
 * int line = KeyLocations.line(config, "", "fleet.datacenters[1].power.budget");
 * }</pre>
 */
final class KeyLocations {

    private KeyLocations() {
    }

    /**
     * Line of {@code path}, or of its nearest present ancestor; 0 if none. A path may index a list
     * of objects, {@code fleet.datacenters[1].power.budget}.
     */
    static int line(Config root, String prefix, String path) {
        int open = path.indexOf('[');
        if (open > 0) {
            int close = path.indexOf(']', open);
            String list = path.substring(0, open);
            if (close > open && root.hasPath(list) && root.getValue(list).valueType() == ConfigValueType.LIST) {
                ConfigList values = (ConfigList) root.getValue(list);
                try {
                    int index = Integer.parseInt(path.substring(open + 1, close));
                    if (index >= 0 && index < values.size()) {
                        ConfigValue element = values.get(index);
                        String rest = close + 2 <= path.length() ? path.substring(close + 2) : "";
                        if (element instanceof ConfigObject object && !rest.isEmpty()) {
                            int inner = line(object.toConfig(), "", rest);
                            if (inner > 0) {
                                return inner;
                            }
                        }
                        return element.origin().lineNumber();
                    }
                } catch (NumberFormatException e) {
                    // not an index: fall through to the plain lookup
                }
            }
            return line(root, prefix, list);
        }
        ConfigValue v = nearestPresent(root, path);
        if (v != null) {
            return v.origin().lineNumber();
        }
        // nothing of the path is present: the line of the list element this reader covers, if any
        return root.root().origin().lineNumber() > 0 && !prefix.isEmpty() ? root.root().origin().lineNumber() : 0;
    }

    /**
     * The value at {@code path}, including an explicit {@code null} (which {@link Config#getValue}
     * refuses with an exception); null when absent or not a valid path.
     */
    static ConfigValue valueOrNull(Config root, String path) {
        List<String> parts;
        try {
            parts = ConfigUtil.splitPath(path);
        } catch (ConfigException e) {
            return null;
        }
        ConfigValue v = root.root();
        for (String part : parts) {
            if (!(v instanceof ConfigObject object)) {
                return null;
            }
            v = object.get(part);
            if (v == null) {
                return null;
            }
        }
        return v;
    }

    /** The file {@code path}'s value (or its nearest present ancestor) was read from: an included one, or the scenario. */
    static String fileOf(Config root, String fileName, String path) {
        if (path.indexOf('[') >= 0) {
            return fileName;
        }
        ConfigValue v = nearestPresent(root, path);
        return v == null ? fileName : ScenarioParser.fileOf(v.origin(), fileName);
    }

    /** The value of {@code path} or of its nearest ancestor that is present with a line; null if none. */
    private static ConfigValue nearestPresent(Config root, String path) {
        String p = path;
        while (!p.isEmpty()) {
            ConfigValue v = valueOrNull(root, p);
            if (v != null && v.origin().lineNumber() > 0) {
                return v;
            }
            int dot = p.lastIndexOf('.');
            p = dot < 0 ? "" : p.substring(0, dot);
        }
        return null;
    }
}
