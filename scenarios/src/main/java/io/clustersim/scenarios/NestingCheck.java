package io.clustersim.scenarios;

/**
 * Refuses scenario text whose objects or lists nest deeper than {@link #MAX_DEPTH}, before the
 * HOCON parser (which recurses once per level) can overflow its stack. A scenario nests three or
 * four levels; anything past a few dozen is a mistake or a hostile file.
 *
 * <pre>{@code
 * NestingCheck.check(text, "x.conf"); // throws a located ScenarioException when too deep
 * }</pre>
 *
 * <p>Maintainer note: this is a scan of brackets, skipping quoted strings and comments, not a
 * parse; it only has to bound the depth, and the parser still reports every syntax mistake.
 */
final class NestingCheck {

    /** Deepest nesting of {@code { }} and {@code [ ]} accepted. */
    static final int MAX_DEPTH = 64;

    private NestingCheck() {
    }

    /** Throws a {@link ScenarioException} at the line where {@code text} nests deeper than {@link #MAX_DEPTH}. */
    static void check(String text, String fileName) {
        int depth = 0;
        int line = 1;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char ch = text.charAt(i);
            if (ch == '\n') {
                line++;
            } else if (ch == '#' || (ch == '/' && i + 1 < n && text.charAt(i + 1) == '/')) {
                while (i + 1 < n && text.charAt(i + 1) != '\n') {
                    i++;
                }
            } else if (ch == '"') {
                boolean triple = text.startsWith("\"\"\"", i);
                int end = triple ? text.indexOf("\"\"\"", i + 3) : closingQuote(text, i + 1);
                int stop = end < 0 ? n : end + (triple ? 2 : 0);
                for (int j = i + 1; j < Math.min(stop, n); j++) {
                    if (text.charAt(j) == '\n') {
                        line++;
                    }
                }
                i = stop;
            } else if (ch == '{' || ch == '[') {
                if (++depth > MAX_DEPTH) {
                    throw new ScenarioException(fileName, line, "", "objects or lists nested more than " + MAX_DEPTH
                            + " deep; a scenario needs a few levels");
                }
            } else if (ch == '}' || ch == ']') {
                depth = Math.max(0, depth - 1);
            }
        }
    }

    /** Index of the quote closing a one-line string that opened before {@code from}; -1 if none. */
    private static int closingQuote(String text, int from) {
        for (int j = from; j < text.length(); j++) {
            char ch = text.charAt(j);
            if (ch == '\\') {
                j++;
            } else if (ch == '"' || ch == '\n') {
                return ch == '"' ? j : j - 1;
            }
        }
        return -1;
    }
}
