package io.clustersim.scenarios;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
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
 * a {@link ScenarioException} that names the file, the line and the dotted key. Section readers read
 * a key through its declaration in the key registry, {@link #read} ({@link KeyRead}), which uses
 * the parsers here for the declared kind.
 *
 * <pre>{@code
 * ConfigReader in = new ConfigReader(config, "x.conf");
 * int tp = in.read("parallelism.tp").integer();
 * }</pre>
 */
final class ConfigReader {

    private final Config root;
    private final String fileName;
    /** Key prefix of a reader over one element of a list, e.g. {@code "fleet.datacenters[1]."}; empty at the root. */
    private final String prefix;
    /** Declared-range checks of values left to the model records ({@link #readUnranged}), shared with list elements' readers. */
    private final List<Runnable> rangeChecks;

    ConfigReader(Config root, String fileName) {
        this(root, fileName, "", new ArrayList<>());
    }

    private ConfigReader(Config root, String fileName, String prefix, List<Runnable> rangeChecks) {
        this.root = root;
        this.fileName = fileName;
        this.prefix = prefix;
        this.rangeChecks = rangeChecks;
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
            out.add(new ConfigReader(((ConfigObject) element).toConfig(), fileName, elementPrefix, rangeChecks));
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

    /**
     * {@code path} read through its declaration in the key registry: kind, default, allowed words
     * and range come from there ({@link KeyRead}).
     */
    KeyRead read(String path) {
        return new KeyRead(this, path, true);
    }

    /**
     * {@code path} read through its declaration, its range left to the model record that takes it
     * or to a more specific message of the caller ({@link KeyRead}).
     */
    KeyRead readUnranged(String path) {
        return new KeyRead(this, path, false);
    }

    void deferRangeCheck(Runnable check) {
        rangeChecks.add(check);
    }

    /** Refuses at its key a value read {@link #readUnranged} outside its declared range (a record looser than its key). */
    void checkDeclaredRanges() {
        rangeChecks.forEach(Runnable::run);
    }

    /** A number or a quantity of the declared kind {@code type}, in its SI unit. */
    double quantity(String path, io.clustersim.scenarios.keys.ScenarioKey.Type type) {
        return switch (type) {
            case INTEGER, NUMBER, FLOPS -> number(path);
            case DURATION -> seconds(path);
            case BITS_PER_SECOND -> bitsPerSecond(path);
            case BYTES_PER_SECOND -> bitsPerSecond(path) / 8.0;
            case BYTES -> parsed(path, Quantities::bytes);
            case WATTS -> parsed(path, Quantities::watts);
            case DISTANCE -> parsed(path, Quantities::kilometres);
            default -> throw new IllegalStateException(key(path) + " is declared " + type + ", not a quantity");
        };
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
        return KeyLocations.line(root, prefix, path);
    }

    ScenarioException error(String path, String message) {
        return new ScenarioException(KeyLocations.fileOf(root, fileName, path), line(path), prefix + path, message);
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

    /**
     * A bandwidth with its unit ({@code 400Gbps}, {@code 50GB/s}), in bits per second. A bare number
     * ({@code bandwidth = 200}) is refused: bits or bytes would be a silent factor of 8.
     */
    private double bitsPerSecond(String path) {
        ConfigValue v = require(path);
        if (v.valueType() == ConfigValueType.NUMBER) {
            throw error(path, Quantities.BARE_BANDWIDTH + v.unwrapped());
        }
        return parsed(path, Quantities::bitsPerSecond);
    }

    /** A duration with a unit ("90s", "5m", "1.5h", "10 minutes"), in seconds. */
    private double seconds(String path) {
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
        if (Math.abs(seconds) > Quantities.MAX_DURATION_SECONDS) {
            throw error(path, "\"" + ScenarioException.shorten(String.valueOf(v.unwrapped())) + "\" is too long: at most "
                    + Quantities.MAX_DURATION_YEARS + " years (virtual time counts nanoseconds, which end after 292 years)");
        }
        return seconds;
    }

    boolean bool(String path) {
        ConfigValue v = require(path);
        try {
            return root.getBoolean(path);
        } catch (ConfigException e) {
            throw error(path, "expected true or false, got \"" + v.unwrapped() + "\"");
        }
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
        if (magnitude > Quantities.MAX_MAGNITUDE || (magnitude > 0 && magnitude < Quantities.MIN_MAGNITUDE)) {
            throw error(path, "\"" + ScenarioException.shorten(String.valueOf(v.unwrapped())) + "\" is out of range:"
                    + " a value must be 0 or between 1e-15 and 1e30 in size (in SI units: bits/s, bytes, watts, FLOPs, counts)");
        }
        return value;
    }

    /**
     * Rejects any key not in {@code allowed} (dotted leaf paths), suggesting the nearest allowed key
     * when one is close ({@link UnknownKeys}).
     */
    void rejectUnknownKeys(Set<String> allowed) {
        UnknownKeys.reject(root, fileName, prefix, allowed);
    }
}
