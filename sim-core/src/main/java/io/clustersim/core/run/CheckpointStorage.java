package io.clustersim.core.run;

/**
 * Where checkpoints go, and how fast: per-chip bandwidth (NIC or PCIe share to storage) capped by
 * the storage system's aggregate. A checkpoint's write and restore times follow from its size.
 *
 * <pre>{@code
 * // Llama 3: Tectonic, 2 TB/s sustained; assume 5 GB/s per GPU
 * CheckpointStorage tectonic = new CheckpointStorage(5e9, 2e12, 5e9, 2e12);
 * double seconds = tectonic.writeSeconds(5.7e12, 16_384); // 2.85 s: the aggregate caps it
 * }</pre>
 *
 * @param chipWriteBytesPerSecond     write bandwidth of one chip's share to storage, bytes/s
 * @param storageWriteBytesPerSecond  the storage system's aggregate write bandwidth, bytes/s
 * @param chipReadBytesPerSecond      read bandwidth per chip, bytes/s
 * @param storageReadBytesPerSecond   aggregate read bandwidth, bytes/s
 */
public record CheckpointStorage(double chipWriteBytesPerSecond, double storageWriteBytesPerSecond,
                                double chipReadBytesPerSecond, double storageReadBytesPerSecond) {

    public CheckpointStorage {
        // each message names its field as the scenario key does: the loader points at that key's line
        requirePositive("chip-write-bandwidth", chipWriteBytesPerSecond);
        requirePositive("write-bandwidth", storageWriteBytesPerSecond);
        requirePositive("chip-read-bandwidth", chipReadBytesPerSecond);
        requirePositive("read-bandwidth", storageReadBytesPerSecond);
    }

    private static void requirePositive(String field, double bytesPerSecond) {
        if (!(bytesPerSecond > 0)) {
            throw new IllegalArgumentException(field + " must be > 0 bytes/s, was " + bytesPerSecond);
        }
    }

    /** Seconds to write {@code bytes} spread evenly over {@code chips}. */
    public double writeSeconds(double bytes, long chips) {
        return bytes / Math.min(chips * chipWriteBytesPerSecond, storageWriteBytesPerSecond);
    }

    /** Seconds to read {@code bytes} back onto {@code chips}. */
    public double readSeconds(double bytes, long chips) {
        return bytes / Math.min(chips * chipReadBytesPerSecond, storageReadBytesPerSecond);
    }

    /**
     * Bytes of a full training checkpoint of {@code parameters}: bf16 weights (2), fp32 master
     * weights and Adam's two moments (12) — 14 bytes per parameter.
     */
    public static double checkpointBytes(double parameters) {
        return 14 * parameters;
    }
}
