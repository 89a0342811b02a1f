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
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (key != null && !key.isEmpty()) {
            sb.append(key).append(": ");
        }
        // One line, whatever the cause said.
        return sb.append(problem.replace('\n', ' ').replace('\r', ' ')).toString();
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
