package io.clustersim.topology;

/**
 * The scale-out network below the chips of one datacenter: rail-optimised leaves joining the NICs
 * of a pod at full bisection, and a spine above the pods that may be oversubscribed.
 *
 * <pre>{@code
 * // Llama 3 cluster: 400 Gb/s per GPU, pods of 3,072 GPUs, 1:7 above the pod
 * ScaleOutFabric roce = new ScaleOutFabric(400e9, 1.0e-6, 3072, 7.0);
 * }</pre>
 *
 * @param bitsPerSecondPerChip one-direction NIC bandwidth per chip, bits/s
 * @param hopLatencySeconds    latency of one switch hop, seconds
 * @param podChips             chips below one pod (full bisection inside it)
 * @param spineOversubscription oversubscription ratio above the pod (1 = non-blocking, 7 = 1:7)
 */
public record ScaleOutFabric(
        double bitsPerSecondPerChip,
        double hopLatencySeconds,
        int podChips,
        double spineOversubscription) {

    public ScaleOutFabric {
        if (!(bitsPerSecondPerChip > 0)) {
            throw new IllegalArgumentException("scale-out bandwidth must be > 0 bits/s, was " + bitsPerSecondPerChip);
        }
        if (!(hopLatencySeconds >= 0)) {
            throw new IllegalArgumentException("hop latency must be >= 0 s, was " + hopLatencySeconds);
        }
        if (podChips <= 0) {
            throw new IllegalArgumentException("pod size must be > 0 chips, was " + podChips);
        }
        if (!(spineOversubscription >= 1)) {
            throw new IllegalArgumentException("spine oversubscription must be >= 1, was " + spineOversubscription);
        }
    }

    /** A non-blocking fabric with the chip's own NIC bandwidth and a typical 1 µs hop. */
    public static ScaleOutFabric nonBlocking(ChipSpec chip, int chips) {
        return new ScaleOutFabric(chip.scaleOutBitsPerSecond(), 1.0e-6, Math.max(1, chips), 1.0);
    }

    /** One-direction bandwidth per chip, bytes/s. */
    public double bytesPerSecondPerChip() {
        return bitsPerSecondPerChip / 8.0;
    }
}
