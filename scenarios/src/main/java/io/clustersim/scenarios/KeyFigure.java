package io.clustersim.scenarios;

import io.clustersim.core.Report;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * One key figure of a run's report — what it is, its unit, how it is printed and how it is read
 * from a {@link Report} — and {@link #ALL}, the list of them: the one definition that
 * {@code compare} tabulates ({@link Comparison}) and the HTML run report's key-figures table reads
 * its values through.
 *
 * <pre>{@code
 * String p90 = KeyFigure.WALL_CLOCK_P90.format(report);   // "34.13"
 * }</pre>
 *
 * @param name   what it is
 * @param unit   its unit ({@code days}, {@code s}, {@code fraction}, {@code currency}, ...)
 * @param format how to print one value ({@link String#format} pattern)
 * @param value  how to read it from a report (NaN when the report has none)
 */
public record KeyFigure(String name, String unit, String format, ToDoubleFunction<Report> value) {

    public static final KeyFigure WALL_CLOCK_P50 = new KeyFigure("wall clock P50", "days", "%.2f",
            r -> r.run().wallClockDays().p50());
    public static final KeyFigure WALL_CLOCK_P90 = new KeyFigure("wall clock P90", "days", "%.2f",
            r -> r.run().wallClockDays().p90());
    public static final KeyFigure WALL_CLOCK_P99 = new KeyFigure("wall clock P99", "days", "%.2f",
            r -> r.run().wallClockDays().p99());
    public static final KeyFigure WALL_CLOCK_MEAN = new KeyFigure("wall clock mean", "days", "%.2f",
            r -> r.run().wallClockDays().mean());
    public static final KeyFigure CHIPS = new KeyFigure("chips", "chips", "%,.0f",
            r -> r.fleet().datacenters().stream().mapToLong(Report.Datacenter::chips).sum());
    public static final KeyFigure STEP_TIME = new KeyFigure("step time", "s", "%.3f", r -> r.step().seconds());
    public static final KeyFigure MFU = new KeyFigure("MFU", "fraction", "%.3f", r -> r.step().mfu());
    public static final KeyFigure GOODPUT = new KeyFigure("goodput", "fraction", "%.3f", r -> r.run().goodput());
    public static final KeyFigure INTERRUPTIONS = new KeyFigure("interruptions per run", "count", "%.1f",
            r -> r.run().interruptions().mean());
    public static final KeyFigure CHIP_HOURS = new KeyFigure("chip-hours", "chip-hours", "%.4g",
            r -> r.run().chipHours());
    public static final KeyFigure ENERGY = new KeyFigure("energy", "MWh", "%.4g", r -> r.energy().megawattHours());
    public static final KeyFigure TOKENS_TRAINED = new KeyFigure("tokens trained", "tokens", "%.4g",
            r -> r.batch().trainedTokens());
    public static final KeyFigure COST = new KeyFigure("cost", "currency", "%.4g",
            r -> r.cost() == null ? Double.NaN : r.cost().total());
    public static final KeyFigure COST_PER_TRILLION_TOKENS = new KeyFigure("cost per 10^12 tokens", "currency", "%.4g",
            r -> r.cost() == null ? Double.NaN : r.cost().perTrillionTokens());

    /** Every key figure, in the order reports show them. */
    public static final List<KeyFigure> ALL = List.of(WALL_CLOCK_P50, WALL_CLOCK_P90, WALL_CLOCK_P99, WALL_CLOCK_MEAN,
            CHIPS, STEP_TIME, MFU, GOODPUT, INTERRUPTIONS, CHIP_HOURS, ENERGY, TOKENS_TRAINED, COST,
            COST_PER_TRILLION_TOKENS);

    /** The figure of {@code report}. */
    public double of(Report report) {
        return value.applyAsDouble(report);
    }

    /** {@code v} printed as this figure prints, or "-" when it is not finite (missing). */
    public String format(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "-";
    }

    /** The figure of {@code report}, printed ({@link #format(double)}). */
    public String format(Report report) {
        return format(of(report));
    }
}
