package io.clustersim.topology;

/**
 * The power side of one datacenter: the budget that caps the chips it can run, how much the
 * facility adds to the IT load (PUE), what each chip's server adds to the chip itself, and the
 * share of its TDP a chip draws on average while training (for energy, not for the budget).
 *
 * <p>The budget is checked at provisioned power, {@code (TDP + server overhead) × PUE} per chip:
 * a facility has to be able to feed every chip at full power. Energy uses the average draw,
 * {@code (TDP × utilisation + server overhead) × PUE}.
 *
 * <pre>{@code
 * ChipSpec h100 = ChipCatalog.standard().require("h100-sxm");
 * PowerSpec p = new PowerSpec(150e6, 1.2, 575, 1.0);   // 150 MW, PUE 1.2, 575 W per GPU of server
 * long most = p.maxChips(h100);                      // 98,039 H100
 * }</pre>
 *
 * @param budgetWatts                facility power available to the job, watts
 *                                   ({@code +Infinity}: no cap)
 * @param pue                        power usage effectiveness, facility power over IT power, >= 1
 * @param serverOverheadWattsPerChip server power beyond the chip (CPUs, memory, NICs, fans, power
 *                                   conversion), per chip, watts
 * @param chipUtilisation            average chip power over TDP while training, in (0, 1]
 */
public record PowerSpec(double budgetWatts, double pue, double serverOverheadWattsPerChip, double chipUtilisation) {

    /**
     * PUE when a scenario gives none: 1.2, the level the industry cites for hyperscale facilities
     * (Uptime Institute's surveys put the all-industry average near 1.56–1.58; Google reports ~1.1
     * for its fleet); see docs/reference/power.md.
     */
    public static final double DEFAULT_PUE = 1.2;

    /**
     * Server overhead per chip as a fraction of the chip's TDP when a scenario gives none: 0.8.
     * DGX H100 is ~10.2 kW for 8 × 700 W GPUs (575 W per GPU beyond the GPU, 0.82 × TDP, the
     * figure SemiAnalysis uses for a 100k H100 cluster); DGX B200 ~14.3 kW for 8 × 1,000 W (0.79).
     */
    public static final double DEFAULT_SERVER_OVERHEAD_FRACTION = 0.8;

    public PowerSpec {
        if (!(budgetWatts > 0)) {
            throw new IllegalArgumentException("power budget must be > 0 W, was " + budgetWatts);
        }
        if (!(pue >= 1) || Double.isInfinite(pue)) {
            throw new IllegalArgumentException("PUE must be a finite number >= 1, was " + pue);
        }
        if (!(serverOverheadWattsPerChip >= 0) || Double.isInfinite(serverOverheadWattsPerChip)) {
            throw new IllegalArgumentException("server overhead must be >= 0 W per chip, was " + serverOverheadWattsPerChip);
        }
        if (!(chipUtilisation > 0 && chipUtilisation <= 1)) {
            throw new IllegalArgumentException("chip utilisation must be in (0, 1], was " + chipUtilisation);
        }
    }

    /** No budget, the default PUE and server overhead for {@code chip}, chips at TDP. */
    public static PowerSpec defaults(ChipSpec chip) {
        return new PowerSpec(Double.POSITIVE_INFINITY, DEFAULT_PUE, DEFAULT_SERVER_OVERHEAD_FRACTION * chip.tdpWatts(), 1.0);
    }

    /** Whether a budget caps the chips. */
    public boolean hasBudget() {
        return Double.isFinite(budgetWatts);
    }

    /** Facility power provisioned per chip: (TDP + server overhead) × PUE, watts. */
    public double provisionedWattsPerChip(ChipSpec chip) {
        return (chip.tdpWatts() + serverOverheadWattsPerChip) * pue;
    }

    /** Average facility power per chip while training: (TDP × utilisation + server overhead) × PUE, watts. */
    public double averageWattsPerChip(ChipSpec chip) {
        return (chip.tdpWatts() * chipUtilisation + serverOverheadWattsPerChip) * pue;
    }

    /** The most chips the budget can feed at provisioned power (Long.MAX_VALUE without a budget). */
    public long maxChips(ChipSpec chip) {
        if (!hasBudget()) {
            return Long.MAX_VALUE;
        }
        return (long) Math.floor(budgetWatts / provisionedWattsPerChip(chip) * (1 + 1e-12));
    }
}
