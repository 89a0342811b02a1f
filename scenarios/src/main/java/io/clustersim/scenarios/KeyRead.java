package io.clustersim.scenarios;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.clustersim.scenarios.keys.ScenarioKey;
import io.clustersim.scenarios.keys.ScenarioKeys;

import java.util.EnumSet;
import java.util.List;

/**
 * One scenario key read through its declaration in the key registry ({@link ScenarioKeys}): the
 * declaration gives the kind of value (and so its unit and how it is parsed), the default applied
 * when the key is absent ({@link ScenarioKey#literalDefault()}), the allowed words and the range.
 * A mistake is one located line, {@code file:line: key: message}.
 *
 * <pre>{@code
 * int tp = in.read("parallelism.tp").integer();              // 1 when absent, refused below 1
 * int domain = in.read("fleet.scale-up-domain").integer(chip.scaleUpDomainChips()); // "the chip's": the reader's
 * Recompute r = in.read("parallelism.recompute").choice(Recompute.class);
 * }</pre>
 *
 * <p>Maintainer note: {@link ConfigReader#readUnranged} reads a value whose range the model record
 * taking it checks (TransformerSpec, ParallelismPlan, ClusterSpec, ...): their messages name the
 * field ({@code layers must be > 0, was 0}) and fire in their own order, so the loader leaves the
 * range to them and its messages stay what users saw; the declared range is still checked once the
 * scenario is built ({@link ConfigReader#checkDeclaredRanges}), for a record looser than its key,
 * and {@code KeyDeclarationsTest} checks that a value outside every declared range is refused at its key. A default in words ("the
 * chip's") is computed by the reader and passed in ({@code number(fallback)}); where the words also
 * give a value ("true (torchtitan: false)": a framework's defaults), the same test checks that a
 * scenario without the key loads as with that value.
 */
final class KeyRead {

    private final ConfigReader in;
    private final String path;
    private final ScenarioKey key;
    private final boolean checkRange;

    KeyRead(ConfigReader in, String path, boolean checkRange) {
        this.in = in;
        this.path = path;
        this.key = ScenarioKeys.declaration(in.key(path));
        if (key == null) {
            throw new IllegalStateException("no declaration of " + in.key(path) + " in the key registry");
        }
        this.checkRange = checkRange;
    }

    /** The declaration read. */
    ScenarioKey declaration() {
        return key;
    }

    /** A whole number; the declared default when absent, else the key is required. */
    int integer() {
        expect(ScenarioKey.Type.INTEGER);
        return in.has(path) ? integerGiven() : defaults().integer(path);
    }

    /** A whole number, or {@code fallback} (a default the declaration states in words) when absent. */
    int integer(int fallback) {
        expect(ScenarioKey.Type.INTEGER);
        return in.has(path) ? integerGiven() : fallback;
    }

    private int integerGiven() {
        int v = in.integer(path);
        checkRange(v, Integer.toString(v));
        return v;
    }

    /** A whole number that may exceed an int ({@code seed}); the declared default when absent, else required. */
    long longInteger() {
        expect(ScenarioKey.Type.INTEGER);
        if (!in.has(path)) {
            return defaults().longInteger(path);
        }
        long v = in.longInteger(path);
        checkRange(v, Long.toString(v));
        return v;
    }

    /** A number (count suffixes allowed), a duration in seconds, or a quantity in its SI unit, as declared. */
    double number() {
        expectNumeric();
        return in.has(path) ? numberGiven() : defaults().quantity(path, key.type());
    }

    /** The number, or {@code fallback} (a default stated in words) when absent. */
    double number(double fallback) {
        expectNumeric();
        return in.has(path) ? numberGiven() : fallback;
    }

    /** A programmer's mistake, caught whether or not the scenario sets the key: number() of a key that is not a number. */
    private void expectNumeric() {
        switch (key.type()) {
            case INTEGER -> throw new IllegalStateException(key.path() + " is declared INTEGER: read it with integer()");
            case TEXT, BOOLEAN, CHOICE, NAMES, OBJECTS -> throw new IllegalStateException(key.path() + " is declared " + key.type()
                    + ", read as a number");
            default -> { }
        }
    }

    private double numberGiven() {
        double v = in.quantity(path, key.type());
        checkRange(v, in.string(path));
        return v;
    }

    /** Refuses {@code v} outside the declared range now, or, read unranged, once the scenario is built. */
    private void checkRange(double v, String given) {
        if (checkRange && !key.inRange(v)) {
            throw outOfRange(given);
        }
        if (!checkRange) {
            in.deferRangeCheck(() -> {
                if (!key.inRange(v)) {
                    throw outOfRange(given);
                }
            });
        }
    }

    /** {@code true} or {@code false}; the declared default when absent. */
    boolean bool() {
        expect(ScenarioKey.Type.BOOLEAN);
        return in.has(path) ? in.bool(path) : defaults().bool(path);
    }

    /** {@code true} or {@code false}, or {@code fallback} when absent. */
    boolean bool(boolean fallback) {
        expect(ScenarioKey.Type.BOOLEAN);
        return in.has(path) ? in.bool(path) : fallback;
    }

    /** Free text; the declared default when absent. */
    String text() {
        expect(ScenarioKey.Type.TEXT);
        return in.has(path) ? in.string(path) : defaults().string(path);
    }

    /** Free text, or {@code fallback} when absent. */
    String text(String fallback) {
        expect(ScenarioKey.Type.TEXT);
        return in.has(path) ? in.string(path) : fallback;
    }

    /** One of the constants of {@code type} (written lower case, hyphens for underscores); the declared default when absent. */
    <E extends Enum<E>> E choice(Class<E> type) {
        return choice(type, null);
    }

    /** One of the constants of {@code type}, or {@code fallback} when absent (null: the declared default). */
    <E extends Enum<E>> E choice(Class<E> type, E fallback) {
        expect(ScenarioKey.Type.CHOICE);
        if (!in.has(path) && fallback != null) {
            return fallback;
        }
        ConfigReader from = in.has(path) ? in : defaults();
        String text = from.string(path);
        E constant = constant(type, text);
        if (constant == null) {
            throw in.error(path, "unknown value \"" + text + "\"; expected one of " + String.join(", ", key.choices()));
        }
        return constant;
    }

    /** The constant of {@code type} that {@code text} names (hyphens and underscores alike, any case), or null. */
    private static <E extends Enum<E>> E constant(Class<E> type, String text) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text.replace('-', '_'))) {
                return constant;
            }
        }
        return null;
    }

    /**
     * A list of the constants of {@code type} ({@code [layernorm, moe_act]}; hyphens and underscores
     * alike), in the enum's order; {@code null} when absent (the caller applies its default). A
     * word not among them, or an empty list, is refused at the key.
     */
    <E extends Enum<E>> EnumSet<E> choices(Class<E> type) {
        expect(ScenarioKey.Type.NAMES);
        if (!in.has(path)) {
            return null;
        }
        EnumSet<E> out = EnumSet.noneOf(type);
        for (String text : in.strings(path)) {
            E found = constant(type, text);
            if (found == null) {
                throw in.error(path, "unknown value \"" + text + "\"; expected some of " + String.join(", ", key.choices()));
            }
            out.add(found);
        }
        if (out.isEmpty()) {
            throw in.error(path, "names nothing; give at least one of " + String.join(", ", key.choices())
                    + ", or leave the key out for its default (" + key.defaultValue() + ")");
        }
        return out;
    }

    /** One of the declared words; the declared default when absent. */
    String word() {
        return word(null);
    }

    /** One of the declared words, or {@code fallback} when absent (null: the declared default). */
    String word(String fallback) {
        expect(ScenarioKey.Type.CHOICE);
        String text = in.has(path) ? in.string(path) : fallback != null ? fallback : defaults().string(path);
        if (!key.choices().contains(text)) {
            List<String> words = key.choices();
            String expected = words.size() == 2 ? words.get(0) + " or " + words.get(1)
                    : "one of " + String.join(", ", words);
            throw in.error(path, "unknown value \"" + text + "\"; expected " + expected);
        }
        return text;
    }

    /**
     * The text given, or the declared default, unchecked: for a key whose reader explains a wrong
     * word itself ({@code failures.mix}) or also takes values besides its words.
     */
    String raw() {
        return (in.has(path) ? in : defaults()).string(path);
    }

    /**
     * Refuses the key given together with a key its declaration excludes, at the latter: "give
     * either rate-per-1000-node-days or rate-per-chip-hour, not both".
     */
    void refuseWithExcluded() {
        for (String other : key.excludes()) {
            String relative = other.substring(key.path().length() - path.length()); // as this reader names keys
            if (in.has(path) && in.has(relative)) {
                throw in.error(relative, "give either " + leaf(path) + " or " + leaf(relative) + ", not both");
            }
        }
    }

    private static String leaf(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    private ScenarioException outOfRange(String given) {
        return in.error(path, "must be " + key.rangeInWords() + ", was " + given);
    }

    private void expect(ScenarioKey.Type type) {
        if (key.type() != type) {
            throw new IllegalStateException(key.path() + " is declared " + key.type() + ", read as " + type);
        }
    }

    /**
     * A reader holding only the declared default at {@code path}, written as a scenario writes it,
     * so it is parsed exactly as a value in a file would be.
     */
    private ConfigReader defaults() {
        String literal = key.literalDefault();
        if (literal == null) {
            return in; // no default in the declaration: the key is required, and reading it says so
        }
        return new ConfigReader(ConfigFactory.empty().withValue(path,
                ConfigValueFactory.fromAnyRef(literal, "the key registry")), in.fileName() + " (default of " + key.path() + ")");
    }
}
