package io.clustersim.scenarios.cli;

import io.clustersim.core.engine.ProgressListener;

import java.io.PrintWriter;

/**
 * A one-line progress bar on standard error, redrawn as trials complete (and as a plan search goes
 * through its layouts, for {@code plan} and searched or deadline scenarios). Only shown when stderr
 * is a terminal ({@link OutputOptions#progress}); {@link #close()} erases it. If the JVM is
 * stopped (Ctrl-C) while the bar is drawn, a shutdown hook ends the line so the shell prompt
 * starts on a fresh one.
 *
 * <pre>{@code
 * try (ProgressBar bar = ProgressBar.start(err, "trials")) {
 *     sim.run(scenario.withProgress(bar));
 * }
 * }</pre>
 */
final class ProgressBar implements ProgressListener, AutoCloseable {

    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String unit;
    private final Thread hook;
    private int drawn = -1;
    private int lastTotal = -1;
    private String lastUnit = "";
    private int lastLength;
    private boolean open = true;

    private ProgressBar(PrintWriter err, String unit, boolean hook) {
        this.err = err;
        this.unit = unit;
        this.hook = hook ? new Thread(this::interrupted, "clustersim-progress-end") : null;
    }

    /** A bar on {@code err} that ends its line if the JVM is stopped while it is drawn. */
    static ProgressBar start(PrintWriter err, String unit) {
        ProgressBar bar = new ProgressBar(err, unit, true);
        try {
            Runtime.getRuntime().addShutdownHook(bar.hook);
        } catch (IllegalStateException e) {
            // already shutting down: nothing to protect
        }
        return bar;
    }

    /** A bar without a shutdown hook (tests). */
    static ProgressBar detached(PrintWriter err, String unit) {
        return new ProgressBar(err, unit, false);
    }

    @Override
    public void onTrialCompleted(int completed, int total) {
        draw(completed, total, unit);
    }

    /** A plan search's layouts: the same bar, counting layouts until the trials start. */
    @Override
    public void onLayoutsSearched(int done, int total) {
        if (total > 0) {
            draw(done, total, "layouts searched");
        }
    }

    private synchronized void draw(int completed, int total, String what) {
        if (!open) {
            return;
        }
        int filled = (int) ((long) completed * WIDTH / total);
        if (filled == drawn && total == lastTotal && what.equals(lastUnit) && completed != total) {
            return;
        }
        drawn = filled;
        lastTotal = total;
        // pad over a longer label drawn before (layouts, then trials)
        String line = "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + completed + "/" + total + " " + what;
        int pad = Math.max(0, lastLength - line.length());
        lastLength = line.length();
        lastUnit = what;
        err.print("\r" + line + " ".repeat(pad));
        err.flush();
    }

    /** Ctrl-C: end the drawn line (the shutdown hook). */
    synchronized void interrupted() {
        if (open && drawn >= 0) {
            err.println();
            err.flush();
        }
        open = false;
    }

    /** Erases the bar and removes the shutdown hook. */
    @Override
    public synchronized void close() {
        if (open && drawn >= 0) {
            err.print("\r" + " ".repeat(WIDTH + 40) + "\r");
            err.flush();
        }
        open = false;
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs (and finds the bar closed)
            }
        }
    }
}
