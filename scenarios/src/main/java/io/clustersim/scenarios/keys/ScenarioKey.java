package io.clustersim.scenarios.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scenario key, declared once: its dotted path, the kind of value it takes (with its unit),
 * its default, the values or range allowed, what it means in one sentence, and the keys it needs
 * or excludes. {@link ScenarioKeys} holds them all; the loader's key checks and suggestions, the
 * reference page ({@code docs/scenario-reference.md}) and the JSON Schema
 * ({@code docs/schema/scenario.schema.json}) are derived from these declarations.
 *
 * <pre>{@code
 * ScenarioKey k = ScenarioKey.of("fleet.chips-per-node", Type.INTEGER).min(1).byDefault("8")
 *         .means("Chips per server.");
 * }</pre>
 *
 * @param path      dotted path; {@code failures.<class>.shape} stands for each failure class,
 *                  {@code fleet.wan-links[].between} for a key of each element of a list
 * @param type      the kind of value, which fixes how it is written and its unit
 * @param unit      the SI unit the value is read into, or "" for none
 * @param defaultValue what applies when the key is absent, in words ("required" when it must be given)
 * @param choices   the allowed words of a {@link Type#CHOICE} (or words a quantity also takes, e.g. {@code auto})
 * @param minimum   smallest allowed number, or null
 * @param maximum   largest allowed number, or null
 * @param exclusiveMinimum whether {@code minimum} itself is refused
 * @param meaning   one sentence
 * @param needs     keys this one needs (given together)
 * @param excludes  keys that may not be given with this one
 * @param notes     what the meaning leaves out (how the model uses the value, sources, edge cases),
 *                  Markdown, printed under the section's table; "" for none
 */
public record ScenarioKey(String path, Type type, String unit, String defaultValue, List<String> choices,
                          Double minimum, Double maximum, boolean exclusiveMinimum, String meaning,
                          List<String> needs, List<String> excludes, String notes) {

    /** The kinds of value a key takes, each with the way it is written in a scenario. */
    public enum Type {
        /** Free text. */
        TEXT("text", ""),
        /** A whole number; a count suffix (K, M, B, T) is allowed. */
        INTEGER("integer", ""),
        /** A number; a count suffix (K, M, B, T) is allowed. */
        NUMBER("number", ""),
        /** {@code true} or {@code false}. */
        BOOLEAN("boolean", ""),
        /** One word of a fixed list. */
        CHOICE("choice", ""),
        /** A duration with a unit ({@code 90s}, {@code 5m}, {@code 1.5h}); read in seconds. */
        DURATION("duration", "s"),
        /** A bandwidth with a unit ({@code 400Gbps}, {@code 50GB/s}); read in bits per second. */
        BITS_PER_SECOND("bandwidth", "bit/s"),
        /** A bandwidth with a unit ({@code 450GB/s}, {@code 3.6Tbps}); read in bytes per second. */
        BYTES_PER_SECOND("bandwidth", "B/s"),
        /** A size in bytes ({@code 80GB}) or a plain number of bytes. */
        BYTES("size", "B"),
        /** A power ({@code 700W}, {@code 150MW}) or a plain number of watts. */
        WATTS("power", "W"),
        /** A distance ({@code 1000km}). */
        DISTANCE("distance", "km"),
        /** A FLOP rate ({@code 989T}) or a plain number of FLOP/s. */
        FLOPS("FLOP/s", "FLOP/s"),
        /** A list of names ({@code [iowa, texas]}). */
        NAMES("list of names", ""),
        /** A list of objects ({@code [ { ... }, { ... } ]}). */
        OBJECTS("list of objects", "");

        private final String label;
        private final String unit;

        Type(String label, String unit) {
            this.label = label;
            this.unit = unit;
        }

        /** How the reference page names the kind. */
        public String label() {
            return label;
        }

        /** The SI unit a value of this kind is read into, or "". */
        public String unit() {
            return unit;
        }
    }

    public ScenarioKey {
        choices = List.copyOf(choices);
        needs = List.copyOf(needs);
        excludes = List.copyOf(excludes);
    }

    /** A key of the given kind, optional with no stated default and no meaning yet (set them with the withers). */
    public static ScenarioKey of(String path, Type type) {
        return new ScenarioKey(path, type, type.unit(), "", List.of(), null, null, false, "", List.of(), List.of(), "");
    }

    /** A {@link Type#CHOICE} key taking the constants of {@code values}, written lower case with hyphens. */
    public static ScenarioKey choice(String path, Class<? extends Enum<?>> values) {
        List<String> words = new ArrayList<>();
        for (Enum<?> e : values.getEnumConstants()) {
            words.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return of(path, Type.CHOICE).words(words.toArray(String[]::new));
    }

    /** A {@link Type#CHOICE} key taking {@code words}. */
    public static ScenarioKey choice(String path, String... words) {
        return of(path, Type.CHOICE).words(words);
    }

    /** The same key with its allowed words (for a quantity: words it takes besides a value, e.g. {@code auto}). */
    public ScenarioKey words(String... words) {
        return new ScenarioKey(path, type, unit, defaultValue, List.of(words), minimum, maximum, exclusiveMinimum,
                meaning, needs, excludes, notes);
    }

    /** The same key with its default, in words. */
    public ScenarioKey byDefault(String value) {
        return new ScenarioKey(path, type, unit, value, choices, minimum, maximum, exclusiveMinimum, meaning, needs,
                excludes, notes);
    }

    /** The same key, required. */
    public ScenarioKey required() {
        return byDefault("required");
    }

    /** The same key with the one-sentence meaning. */
    public ScenarioKey means(String sentence) {
        return new ScenarioKey(path, type, unit, defaultValue, choices, minimum, maximum, exclusiveMinimum, sentence,
                needs, excludes, notes);
    }

    /** The same key with notes: what the one-sentence meaning leaves out, in Markdown. */
    public ScenarioKey notes(String markdown) {
        return new ScenarioKey(path, type, unit, defaultValue, choices, minimum, maximum, exclusiveMinimum, meaning,
                needs, excludes, markdown);
    }

    /** The same key with a smallest allowed value (inclusive). */
    public ScenarioKey min(double value) {
        return new ScenarioKey(path, type, unit, defaultValue, choices, value, maximum, false, meaning, needs, excludes, notes);
    }

    /** The same key with a smallest value that is itself refused ({@code > value}). */
    public ScenarioKey above(double value) {
        return new ScenarioKey(path, type, unit, defaultValue, choices, value, maximum, true, meaning, needs, excludes, notes);
    }

    /** The same key with a largest allowed value (inclusive). */
    public ScenarioKey max(double value) {
        return new ScenarioKey(path, type, unit, defaultValue, choices, minimum, value, exclusiveMinimum, meaning, needs,
                excludes, notes);
    }

    /** The same key, needing {@code keys} (full dotted paths). */
    public ScenarioKey needs(String... keys) {
        return new ScenarioKey(path, type, unit, defaultValue, choices, minimum, maximum, exclusiveMinimum, meaning,
                List.of(keys), excludes, notes);
    }

    /** The same key, refused together with any of {@code keys} (full dotted paths). */
    public ScenarioKey excludes(String... keys) {
        return new ScenarioKey(path, type, unit, defaultValue, choices, minimum, maximum, exclusiveMinimum, meaning,
                needs, List.of(keys), notes);
    }

    /** A per-class key ({@code failures.<class>.x}) for one failure class, its relations too. */
    ScenarioKey forClass(String name) {
        return new ScenarioKey(path.replace("<class>", name), type, unit, defaultValue, choices, minimum, maximum,
                exclusiveMinimum, meaning, needs.stream().map(k -> k.replace("<class>", name)).toList(),
                excludes.stream().map(k -> k.replace("<class>", name)).toList(), notes);
    }

    /** The same key with {@code prefix} removed from its path and relations (a key of a list element). */
    ScenarioKey within(String prefix) {
        return new ScenarioKey(strip(path, prefix), type, unit, defaultValue, choices, minimum, maximum,
                exclusiveMinimum, meaning, needs.stream().map(k -> strip(k, prefix)).toList(),
                excludes.stream().map(k -> strip(k, prefix)).toList(), notes);
    }

    private static String strip(String key, String prefix) {
        return key.startsWith(prefix) ? key.substring(prefix.length()) : key;
    }

    /** A default that is a value as a scenario writes it, optionally glossed in parentheses ("1 (balanced)"). */
    private static final Pattern LITERAL = Pattern.compile("([A-Za-z0-9.\\-]+)( \\(.*\\))?");

    /**
     * The default as a scenario would write it ({@code 1}, {@code 1us}, {@code false}, {@code bf16}):
     * the loader reads it as it reads the key's value whenever the key is absent, so the reference
     * page's default is the one applied. Null when the default is described in words ({@code the
     * chip's}, {@code = heads}) or the key is required: the section's reader then computes it.
     */
    public String literalDefault() {
        Matcher m = LITERAL.matcher(defaultValue);
        if (!m.matches() || m.group(1).equals("required")) {
            return null;
        }
        String v = m.group(1);
        boolean literal = switch (type) {
            case TEXT -> true;
            case BOOLEAN -> v.equals("true") || v.equals("false");
            case CHOICE -> choices.contains(v);
            default -> Character.isDigit(v.charAt(0)) || choices.contains(v);
        };
        return literal ? v : null;
    }

    /** Whether {@code value} lies in the declared range (true when none is declared). */
    public boolean inRange(double value) {
        return (minimum == null || (exclusiveMinimum ? value > minimum : value >= minimum))
                && (maximum == null || value <= maximum);
    }

    /**
     * The declared range as the loader's messages state it: {@code > 0}, {@code >= 1},
     * {@code in 1..1000000}; a whole-number key's smallest value 1 reads {@code > 0}. "" when none.
     */
    public String rangeInWords() {
        if (minimum != null && maximum != null && !exclusiveMinimum) {
            return "in " + number(minimum) + ".." + number(maximum);
        }
        List<String> parts = new ArrayList<>();
        if (minimum != null) {
            parts.add(exclusiveMinimum ? "> " + number(minimum)
                    : type == Type.INTEGER && minimum == 1 ? "> 0" : ">= " + number(minimum));
        }
        if (maximum != null) {
            parts.add("<= " + number(maximum));
        }
        return String.join(" and ", parts);
    }

    /** The allowed values or range, in words ("" when any value of the kind goes). */
    public String allowed() {
        List<String> parts = new ArrayList<>();
        if (!choices.isEmpty()) {
            parts.add(String.join(", ", choices.stream().map(c -> "`" + c + "`").toList()));
        }
        if (minimum != null) {
            parts.add((exclusiveMinimum ? "> " : "≥ ") + number(minimum));
        }
        if (maximum != null) {
            parts.add("≤ " + number(maximum));
        }
        return String.join("; ", parts);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
