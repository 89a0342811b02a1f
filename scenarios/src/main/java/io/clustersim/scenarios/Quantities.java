package io.clustersim.scenarios;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the quantities a scenario writes with units: counts ({@code 15.6T} tokens), bandwidths
 * ({@code 400Gbps}, {@code 450GB/s}) and sizes ({@code 80GB}, {@code 96GiB}). Returns SI values:
 * plain counts, bits per second, bytes per second, bytes.
 */
public final class Quantities {

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

    private static final Pattern NUMBER_AND_UNIT =
            Pattern.compile("\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*([A-Za-z/]*)\\s*");

    /** Start of the message for a bandwidth without a unit; the text given follows. */
    static final String BARE_BANDWIDTH = "a bandwidth needs a unit, bits or bytes per second, e.g. 200Gbps or 50GB/s; got ";

    private Quantities() {
    }

    /** A count with an optional K, M, B (or G) or T suffix (powers of 1000). */
    public static double count(String text) {
        Matcher m = match(text, "a number such as 15.6T or 1.5e13");
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "" -> value;
            case "K" -> value * 1e3;
            case "M" -> value * 1e6;
            case "B", "G" -> value * 1e9;
            case "T" -> value * 1e12;
            case "P" -> value * 1e15;
            default -> throw new IllegalArgumentException("unknown suffix '" + m.group(2)
                    + "' in \"" + text + "\" (use K, M, B, T or P)");
        };
    }

    /**
     * A bandwidth in bits per second: {@code 400Gbps}, {@code 400Gb/s}, {@code 3.2Tbps}, or a byte
     * rate {@code 50GB/s} (times 8). A bare number is refused: bits or bytes must be said.
     */
    public static double bitsPerSecond(String text) {
        Matcher m = match(text, "a bandwidth such as 400Gbps or 50GB/s");
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        if (unit.isEmpty()) {
            // bits or bytes per second? A factor of 8 is too easy to get wrong silently.
            throw new IllegalArgumentException(BARE_BANDWIDTH + text.strip());
        }
        String u = unit.replace("/s", "ps");
        if (!u.endsWith("ps")) {
            throw new IllegalArgumentException("'" + unit + "' is not a bandwidth unit (use e.g. Gbps, Gb/s or GB/s)");
        }
        String base = u.substring(0, u.length() - 2);
        if (base.isEmpty()) {
            throw new IllegalArgumentException("'" + unit + "' is not a bandwidth unit (use e.g. Gbps, Gb/s or GB/s)");
        }
        char last = base.charAt(base.length() - 1);
        double perUnit = switch (last) {
            case 'b' -> 1;
            case 'B' -> 8;
            default -> throw new IllegalArgumentException("'" + unit + "': say b (bits) or B (bytes), e.g. Gbps or GB/s");
        };
        return value * perUnit * decimalPrefix(base.substring(0, base.length() - 1), unit);
    }

    /** A byte rate in bytes per second: {@code 450GB/s}, {@code 3.35TB/s}; bits are divided by 8. */
    public static double bytesPerSecond(String text) {
        return bitsPerSecond(text) / 8.0;
    }

    /** A size in bytes: {@code 80GB} (decimal), {@code 96GiB} (binary), or a bare number of bytes. */
    public static double bytes(String text) {
        Matcher m = match(text, "a size such as 80GB or 96GiB");
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        if (unit.isEmpty() || unit.equals("B")) {
            return value;
        }
        if (unit.endsWith("iB")) {
            int power = switch (unit.charAt(0)) {
                case 'K' -> 1;
                case 'M' -> 2;
                case 'G' -> 3;
                case 'T' -> 4;
                case 'P' -> 5;
                default -> throw new IllegalArgumentException("unknown size unit '" + unit + "'");
            };
            return value * Math.pow(1024, power);
        }
        if (unit.endsWith("B")) {
            return value * decimalPrefix(unit.substring(0, unit.length() - 1), unit);
        }
        throw new IllegalArgumentException("unknown size unit '" + unit + "' (use e.g. GB or GiB)");
    }

    /** A power in watts: {@code 700W}, {@code 1.2kW}, {@code 150MW}, {@code 2.2GW}; a bare number is watts. */
    public static double watts(String text) {
        Matcher m = match(text, "a power such as 575W, 150MW or 2.2GW");
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        if (unit.isEmpty()) {
            return value;
        }
        if (!unit.endsWith("W")) {
            throw new IllegalArgumentException("'" + unit + "' is not a power unit (use W, kW, MW or GW)");
        }
        return value * decimalPrefix(unit.substring(0, unit.length() - 1), unit);
    }

    /** A distance in kilometres: {@code 1000km}, {@code 1500m}, {@code 600mi}; a bare number is km. */
    public static double kilometres(String text) {
        Matcher m = match(text, "a distance such as 1000km");
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "", "km" -> value;
            case "m" -> value / 1e3;
            case "mi" -> value * 1.609344;
            default -> throw new IllegalArgumentException("'" + m.group(2) + "' is not a distance unit (use km, m or mi)");
        };
    }

    private static double decimalPrefix(String prefix, String unit) {
        return switch (prefix) {
            case "" -> 1;
            case "K", "k" -> 1e3;
            case "M" -> 1e6;
            case "G" -> 1e9;
            case "T" -> 1e12;
            case "P" -> 1e15;
            default -> throw new IllegalArgumentException("unknown prefix '" + prefix + "' in '" + unit + "'");
        };
    }

    private static Matcher match(String text, String expected) {
        Matcher m = NUMBER_AND_UNIT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not " + expected);
        }
        return m;
    }
}
