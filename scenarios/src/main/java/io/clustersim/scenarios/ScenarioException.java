package io.clustersim.scenarios;

/**
 * A mistake in a scenario file, located: its message is one line, {@code file:line: key: what is
 * wrong}, fit to print as is.
 */
public class ScenarioException extends RuntimeException {

    private final String file;
    private final int line;
    private final String key;
    private final String problem;

    public ScenarioException(String file, int line, String key, String problem) {
        super(format(file, line, key, problem));
        this.file = file;
        this.line = line;
        this.key = key;
        this.problem = problem;
    }

    private static String format(String file, int line, String key, String problem) {
        StringBuilder sb = new StringBuilder(shorten(file));
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (key != null && !key.isEmpty()) {
            sb.append(shorten(key)).append(": ");
        }
        // One line, whatever the cause said.
        return sb.append(printable(problem, MAX_PROBLEM)).toString();
    }

    /** Characters of a key or file name a message echoes at most. */
    static final int MAX_ECHO = 120;
    /** Characters of a problem's text at most. */
    private static final int MAX_PROBLEM = 600;

    /**
     * {@code text} fit for one line of a terminal: control characters (newlines, ANSI escapes)
     * shown as {@code ?}, and at most {@link #MAX_ECHO} characters (the rest counted, not echoed).
     */
    public static String shorten(String text) {
        return printable(text, MAX_ECHO);
    }

    /** {@code text} with control characters as {@code ?} (a newline as a space), cut at {@code max} characters. */
    static String printable(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), max) + 32);
        int n = Math.min(text.length(), max);
        for (int i = 0; i < n; i++) {
            char ch = text.charAt(i);
            sb.append(ch == '\n' || ch == '\r' || ch == '\t' ? ' ' : Character.isISOControl(ch) ? '?' : ch);
        }
        if (text.length() > max) {
            sb.append("… (").append(text.length()).append(" characters)");
        }
        return sb.toString();
    }

    /** The scenario file, as given. */
    public String file() {
        return file;
    }

    /** Line in the file, 1-based; 0 when unknown. */
    public int line() {
        return line;
    }

    /** Dotted scenario key, or empty. */
    public String key() {
        return key;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }
}
