package io.clustersim.scenarios.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard error is a terminal, so that a progress bar drawn with {@code \r} frames is
 * seen there and never lands in a redirected file.
 *
 * <p>Maintainer note: Java 17 has no isatty. {@link System#console()} is non-null only when
 * <em>standard input and output</em> are both terminals, which is the wrong test twice over: it
 * hides the bar under {@code > out.txt} (stderr still on the terminal) and shows it under
 * {@code 2> log.txt} when stdout is a terminal. On Linux the target of {@code /proc/self/fd/2}
 * says what stderr is ({@code /dev/pts/N} or {@code /dev/ttyN}); elsewhere we fall back to the
 * console test.
 *
 * <pre>{@code
 * if (Terminal.stderrIsTerminal()) { ... draw a bar ... }
 * }</pre>
 */
final class Terminal {

    private Terminal() {
    }

    /** Whether file descriptor 2 is a terminal (best effort; see the class note). */
    static boolean stderrIsTerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        if (Files.isSymbolicLink(fd2)) {
            try {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return false;
            }
        }
        return System.console() != null;
    }
}
