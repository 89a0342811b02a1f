package io.clustersim.core.cost;

import java.util.Locale;

/**
 * Prices of one datacenter: what a chip-hour and a megawatt-hour cost, and what is billed.
 *
 * <pre>{@code
 * CostSpec usd = new CostSpec(2.10, "USD", 80, CostSpec.Billing.RESERVED);
 * }</pre>
 *
 * @param chipHour     price of one chip for one hour, in {@code currency}
 * @param currency     a label, e.g. {@code USD} (never converted)
 * @param energyPerMwh price of one megawatt-hour of facility energy, in {@code currency}
 * @param billing      what chip-hours are billed
 */
public record CostSpec(double chipHour, String currency, double energyPerMwh, Billing billing) {

    /** What chip-hours are billed. */
    public enum Billing {
        /** Every chip of the datacenter, hot spares included, for the whole wall clock (a reservation). */
        RESERVED,
        /** The job's chips only while the job trains or recovers (not while it waits for repairs or maintenance). */
        USED;

        /** {@code reserved} or {@code used}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CostSpec {
        if (!(chipHour >= 0) || Double.isInfinite(chipHour)) {
            throw new IllegalArgumentException("chip-hour must be a finite price >= 0, was " + chipHour);
        }
        if (!(energyPerMwh >= 0) || Double.isInfinite(energyPerMwh)) {
            throw new IllegalArgumentException("energy-per-mwh must be a finite price >= 0, was " + energyPerMwh);
        }
        if (currency == null || currency.isBlank()) {
            throw new IllegalArgumentException("currency must be named, e.g. USD");
        }
        if (billing == null) {
            throw new IllegalArgumentException("billing must be reserved or used");
        }
    }
}
