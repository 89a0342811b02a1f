package io.clustersim.scenarios;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Typed, located reads from a parsed scenario: every getter either returns a valid value or throws
 * a {@link ScenarioException} that names the file, the line and the dotted key.
 */
final class ConfigReader {

    private final Config root;
    private final String fileName;
    /** Key prefix of a reader over one element of a list, e.g. {@code "fleet.datacenters[1]."}; empty at the root. */
    private final String prefix;

    ConfigReader(Config root, String fileName) {
        this(root, fileName, "");
    }

    private ConfigReader(Config root, String fileName, String prefix) {
        this.root = root;
        this.fileName = fileName;
        this.prefix = prefix;
    }

    /**
     * Readers over the objects of the list at {@code path}, each naming its keys
     * {@code path[i].key} in messages; empty when the key is absent.
     */
    List<ConfigReader> objects(String path) {
        if (!has(path)) {
            return List.of();
        }
        ConfigValue v = root.getValue(path);
        if (v.valueType() != ConfigValueType.LIST) {
            throw error(path, "expected a list [ { ... }, { ... } ], got " + v.valueType().name().toLowerCase(Locale.ROOT));
        }
        List<ConfigReader> out = new ArrayList<>();
        ConfigList list = (ConfigList) v;
        for (int i = 0; i < list.size(); i++) {
            ConfigValue element = list.get(i);
            String elementPrefix = prefix + path + "[" + i + "].";
            if (element.valueType() != ConfigValueType.OBJECT) {
                throw new ScenarioException(fileName, element.origin().lineNumber(), prefix + path + "[" + i + "]",
                        "expected an object { ... }, got " + element.valueType().name().toLowerCase(Locale.ROOT));
            }
            out.add(new ConfigReader(((ConfigObject) element).toConfig(), fileName, elementPrefix));
        }
        return out;
    }

    /** The strings of the list at {@code path}. */
    List<String> strings(String path) {
        ConfigValue v = require(path);
        if (v.valueType() != ConfigValueType.LIST) {
            throw error(path, "expected a list such as [a, b], got " + v.valueType().name().toLowerCase(Locale.ROOT));
        }
        List<String> out = new ArrayList<>();
        for (ConfigValue e : (ConfigList) v) {
            if (e.valueType() == ConfigValueType.OBJECT || e.valueType() == ConfigValueType.LIST) {
                throw error(path, "expected a list of names, got a " + e.valueType().name().toLowerCase(Locale.ROOT));
            }
            out.add(String.valueOf(e.unwrapped()));
        }
        return out;
    }

    /** The full key of {@code path} as messages name it (with the list prefix, if any). */
    String key(String path) {
        return prefix + path;
    }

    String fileName() {
        return fileName;
    }

    boolean has(String path) {
        return root.hasPath(path);
    }

    /**
     * The keys given under {@code section} (every leaf, nested ones included), or under its parent
     * when {@code section} is a single value; every key of this reader for {@code ""}.
     */
    List<String> keysUnder(String section) {
        String s = section;
        while (!s.isEmpty() && !(root.hasPath(s) && root.getValue(s).valueType() == ConfigValueType.OBJECT)) {
            int dot = s.lastIndexOf('.');
            s = dot < 0 ? "" : s.substring(0, dot);
        }
        Config under = s.isEmpty() ? root : root.getConfig(s);
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : under.entrySet()) {
            keys.add(s.isEmpty() ? e.getKey() : s + "." + e.getKey());
        }
        java.util.Collections.sort(keys);
        return keys;
    }

    /** Whether {@code path} holds an object (a section) rather than a single value. */
    boolean isObject(String path) {
        return root.hasPath(path) && root.getValue(path).valueType() == ConfigValueType.OBJECT;
    }

    /**
     * Line of {@code path}, or of its nearest present ancestor; 0 if none. A path may index a list
     * of objects, {@code fleet.datacenters[1].power.budget}.
     */
    int line(String path) {
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
                            int inner = new ConfigReader(object.toConfig(), fileName).line(rest);
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
            return line(list);
        }
        String p = path;
        while (!p.isEmpty()) {
            ConfigValue v = valueOrNull(p);
            if (v != null && v.origin().lineNumber() > 0) {
                return v.origin().lineNumber();
            }
            int dot = p.lastIndexOf('.');
            p = dot < 0 ? "" : p.substring(0, dot);
        }
        // nothing of the path is present: the line of the list element this reader covers, if any
        return root.root().origin().lineNumber() > 0 && !prefix.isEmpty() ? root.root().origin().lineNumber() : 0;
    }

    /**
     * The value at {@code path}, including an explicit {@code null} (which {@link Config#getValue}
     * refuses with an exception); null when absent or not a valid path.
     */
    private ConfigValue valueOrNull(String path) {
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

    ScenarioException error(String path, String message) {
        return new ScenarioException(fileOf(path), line(path), prefix + path, message);
    }

    /** The file {@code path}'s value (or its nearest present ancestor) was read from: an included one, or the scenario. */
    private String fileOf(String path) {
        if (path.indexOf('[') >= 0) {
            return fileName;
        }
        String p = path;
        while (!p.isEmpty()) {
            ConfigValue v = valueOrNull(p);
            if (v != null && v.origin().lineNumber() > 0) {
                String f = v.origin().filename();
                return f == null ? fileName : f;
            }
            int dot = p.lastIndexOf('.');
            p = dot < 0 ? "" : p.substring(0, dot);
        }
        return fileName;
    }

    /** An error about {@code path} (often missing) located at the line of {@code linePath}, the key that needs it. */
    ScenarioException errorAt(String linePath, String path, String message) {
        return new ScenarioException(fileName, line(linePath), prefix + path, message);
    }

    private ConfigValue require(String path) {
        if (!root.hasPath(path)) {
            throw error(path, "missing; this key is required");
        }
        return root.getValue(path);
    }

    String string(String path) {
        ConfigValue v = require(path);
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
            throw error(path, "expected a single value, got " + v.valueType().name().toLowerCase(Locale.ROOT));
        }
        return String.valueOf(v.unwrapped());
    }

    String string(String path, String defaultValue) {
        return has(path) ? string(path) : defaultValue;
    }

    int integer(String path) {
        double d = number(path);
        if (d != Math.rint(d)) {
            throw error(path, "expected a whole number, got " + string(path));
        }
        if (Math.abs(d) > Integer.MAX_VALUE) {
            throw error(path, string(path) + " is too large (at most " + Integer.MAX_VALUE + ")");
        }
        return (int) d;
    }

    int integer(String path, int defaultValue) {
        return has(path) ? integer(path) : defaultValue;
    }

    long longInteger(String path) {
        double d = number(path);
        if (d != Math.rint(d) || Math.abs(d) > 9.0e15) {
            throw error(path, "expected a whole number, got " + string(path));
        }
        return (long) d;
    }

    /** A plain number, or a count with a K/M/B/T suffix. */
    double number(String path) {
        return parsed(path, Quantities::count);
    }

    double number(String path, double defaultValue) {
        return has(path) ? number(path) : defaultValue;
    }

    double bytes(String path) {
        return parsed(path, Quantities::bytes);
    }

    /** A bandwidth with its unit ({@code 450GB/s}, {@code 3.6Tbps}), in bytes per second. */
    double bytesPerSecond(String path) {
        return bitsPerSecond(path) / 8.0;
    }

    /**
     * A bandwidth with its unit ({@code 400Gbps}, {@code 50GB/s}), in bits per second. A bare number
     * ({@code bandwidth = 200}) is refused: bits or bytes would be a silent factor of 8.
     */
    double bitsPerSecond(String path) {
        ConfigValue v = require(path);
        if (v.valueType() == ConfigValueType.NUMBER) {
            throw error(path, Quantities.BARE_BANDWIDTH + v.unwrapped());
        }
        return parsed(path, Quantities::bitsPerSecond);
    }

    double watts(String path) {
        return parsed(path, Quantities::watts);
    }

    double kilometres(String path) {
        return parsed(path, Quantities::kilometres);
    }

    /** A duration with a unit ("90s", "5m", "1.5h", "10 minutes"), in seconds. */
    double seconds(String path) {
        ConfigValue v = require(path);
        if (v.valueType() == ConfigValueType.NUMBER) {
            throw error(path, "give a unit, e.g. \"" + v.unwrapped() + "s\" or \"" + v.unwrapped() + "m\"");
        }
        double seconds;
        try {
            Duration d = root.getDuration(path);
            seconds = d.getSeconds() + d.getNano() / 1e9;
        } catch (ConfigException | ArithmeticException e) {
            throw error(path, "expected a duration such as 90s, 5m or 1.5h, got \"" + ScenarioException.shorten(String.valueOf(v.unwrapped())) + "\"");
        }
        if (Math.abs(seconds) > MAX_DURATION_SECONDS) {
            throw error(path, "\"" + ScenarioException.shorten(String.valueOf(v.unwrapped())) + "\" is too long: at most "
                    + MAX_DURATION_YEARS + " years (virtual time counts nanoseconds, which end after 292 years)");
        }
        return seconds;
    }

    /**
     * Largest and smallest non-zero size of any number a scenario states, in SI units: far beyond
     * any real fleet (1e30 FLOPs, bytes or bits/s) and far below any real rate, so that no product
     * or quotient of two of them overflows to infinity or underflows to zero.
     */
    static final double MAX_MAGNITUDE = 1e30;
    static final double MIN_MAGNITUDE = 1e-15;

    /** Longest duration a key may state, in years: virtual time is a long count of nanoseconds (292 years). */
    static final int MAX_DURATION_YEARS = 100;
    static final double MAX_DURATION_SECONDS = MAX_DURATION_YEARS * 365.25 * 86_400;

    double seconds(String path, double defaultValue) {
        return has(path) ? seconds(path) : defaultValue;
    }

    boolean bool(String path, boolean defaultValue) {
        if (!has(path)) {
            return defaultValue;
        }
        ConfigValue v = root.getValue(path);
        try {
            return root.getBoolean(path);
        } catch (ConfigException e) {
            throw error(path, "expected true or false, got \"" + v.unwrapped() + "\"");
        }
    }

    <E extends Enum<E>> E enumValue(String path, Class<E> type, E defaultValue) {
        if (!has(path)) {
            return defaultValue;
        }
        String text = string(path);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text.replace('-', '_'))) {
                return constant;
            }
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw error(path, "unknown value \"" + text + "\"; expected one of " + String.join(", ", names));
    }

    private double parsed(String path, ToDoubleFunction<String> parser) {
        ConfigValue v = require(path);
        double value;
        if (v.valueType() == ConfigValueType.NUMBER) {
            value = ((Number) v.unwrapped()).doubleValue();
        } else if (v.valueType() != ConfigValueType.STRING) {
            throw error(path, "expected a number, got " + v.valueType().name().toLowerCase(Locale.ROOT));
        } else {
            try {
                value = parser.applyAsDouble((String) v.unwrapped());
            } catch (IllegalArgumentException e) {
                throw error(path, e.getMessage());
            }
        }
        if (!Double.isFinite(value)) {
            throw error(path, "\"" + ScenarioException.shorten(String.valueOf(v.unwrapped()))
                    + "\" is not a finite number (at most about 1.8e308)");
        }
        double magnitude = Math.abs(value);
        if (magnitude > MAX_MAGNITUDE || (magnitude > 0 && magnitude < MIN_MAGNITUDE)) {
            throw error(path, "\"" + ScenarioException.shorten(String.valueOf(v.unwrapped())) + "\" is out of range:"
                    + " a value must be 0 or between 1e-15 and 1e30 in size (in SI units: bits/s, bytes, watts, FLOPs, counts)");
        }
        return value;
    }

    /**
     * Rejects any key not in {@code allowed} (dotted leaf paths), suggesting the nearest allowed key
     * when one is close.
     */
    void rejectUnknownKeys(Set<String> allowed) {
        ScenarioException first = null;
        int firstLine = Integer.MAX_VALUE;
        for (Map.Entry<String, ConfigValue> entry : root.entrySet()) {
            List<String> parts = ConfigUtil.splitPath(entry.getKey());
            String key = String.join(".", parts);
            // a quoted name with a dot ("model.layers" = 2) is one key, not the path it looks like
            boolean quotedDot = parts.stream().anyMatch(part -> part.contains("."));
            if (allowed.contains(key) && !quotedDot) {
                continue;
            }
            int line = entry.getValue().origin().lineNumber();
            if (first == null || line < firstLine) {
                boolean section = !quotedDot && allowed.stream().anyMatch(a -> a.startsWith(key + "."));
                String suggestion = section || key.length() > ScenarioException.MAX_ECHO ? null : nearest(key, allowed);
                first = new ScenarioException(fileName, line, prefix + entry.getKey(), section
                        ? "expected a section { ... }, got " + entry.getValue().valueType().name().toLowerCase(Locale.ROOT)
                        : quotedDot
                        ? "unknown key: in quotes, the dots are part of one name; write " + key + " without quotes"
                        : "unknown key" + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"));
                firstLine = line;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static String nearest(String key, Set<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int d = editDistance(key, candidate);
            if (d < bestDistance || (d == bestDistance && best != null && candidate.compareTo(best) < 0)) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 4) ? best : null;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
