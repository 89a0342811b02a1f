package io.clustersim.core.model;

import java.util.Locale;
import java.util.Map;

/**
 * Memory one chip needs for a plan, by category, against what it has.
 *
 * @param breakdownBytes bytes per category (weights, gradients, optimizer, activations, ...), in a
 *                       stable order
 * @param capacityBytes  the chip's HBM, bytes
 */
public record MemoryEstimate(Map<String, Double> breakdownBytes, double capacityBytes) {

    public MemoryEstimate {
        breakdownBytes = FrozenMap.of(breakdownBytes);
    }

    /** Bytes needed per chip, all categories. */
    public double perChipBytes() {
        double sum = 0;
        for (double b : breakdownBytes.values()) {
            sum += b;
        }
        return sum;
    }

    /** Whether the plan fits in the chip's memory. */
    public boolean fits() {
        return perChipBytes() <= capacityBytes;
    }

    /** One line that explains the verdict, e.g. for an error message. */
    public String explain() {
        // as many decimals as tell the need from the capacity (32.05 of 32.0 GB, not 32.0 of 32.0)
        int decimals = 1;
        while (decimals < 3 && perChipBytes() != capacityBytes && String.format(Locale.ROOT, "%." + decimals + "f",
                perChipBytes() / 1e9).equals(String.format(Locale.ROOT, "%." + decimals + "f", capacityBytes / 1e9))) {
            decimals++;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "needs %." + decimals + "f GB per chip of %."
                + decimals + "f GB (", perChipBytes() / 1e9, capacityBytes / 1e9));
        boolean first = true;
        for (Map.Entry<String, Double> e : breakdownBytes.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(String.format(Locale.ROOT, "%s %.1f GB", e.getKey(), e.getValue() / 1e9));
        }
        return sb.append(')').toString();
    }
}
