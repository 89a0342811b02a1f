package io.clustersim.topology;

import java.util.Objects;

/**
 * A long-haul link between two datacenters: a bundle of coherent DWDM waves (400ZR, 800ZR, or
 * long-haul transponders) with a one-way latency from the fibre route. Full duplex: the
 * bandwidth is available in each direction.
 *
 * <pre>{@code
 * // 500 waves of 800ZR = 400 Tb/s, 1,000 km of fibre (4.9 ms one way)
 * WanLink link = WanLink.overFibre("iowa", "texas", 500 * WanLink.ZR800_BITS_PER_SECOND, 1_000);
 * }</pre>
 *
 * @param a                     one end (datacenter name)
 * @param b                     the other end
 * @param bitsPerSecond         capacity in each direction, bits/s
 * @param latencySeconds        one-way latency, seconds
 */
public record WanLink(String a, String b, double bitsPerSecond, double latencySeconds) {

    /** One-way propagation in standard single-mode fibre (group index ~1.47), seconds per km: ~4.9 µs. */
    public static final double FIBRE_SECONDS_PER_KM = 4.9e-6;
    /** One 400ZR wave, bits/s (OIF 400ZR: 400G coherent, ~120 km single span). */
    public static final double ZR400_BITS_PER_SECOND = 400e9;
    /** One 800ZR wave, bits/s (OIF 800ZR, ~80–120 km single span). */
    public static final double ZR800_BITS_PER_SECOND = 800e9;

    public WanLink {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.equals(b)) {
            throw new IllegalArgumentException("a WAN link must join two different datacenters, both ends are \"" + a + "\"");
        }
        if (!(bitsPerSecond > 0)) {
            throw new IllegalArgumentException("WAN bandwidth must be > 0 bits/s, was " + bitsPerSecond);
        }
        if (!(latencySeconds >= 0) || Double.isInfinite(latencySeconds)) {
            throw new IllegalArgumentException("WAN latency must be a finite number >= 0 s, was " + latencySeconds);
        }
    }

    /** A link over {@code km} of fibre at {@link #FIBRE_SECONDS_PER_KM}. */
    public static WanLink overFibre(String a, String b, double bitsPerSecond, double km) {
        if (!(km >= 0)) {
            throw new IllegalArgumentException("fibre distance must be >= 0 km, was " + km);
        }
        return new WanLink(a, b, bitsPerSecond, km * FIBRE_SECONDS_PER_KM);
    }

    /** Capacity in each direction, bytes/s. */
    public double bytesPerSecond() {
        return bitsPerSecond / 8.0;
    }

    /** Whether the link joins {@code x} and {@code y} (either way round). */
    public boolean joins(String x, String y) {
        return (a.equals(x) && b.equals(y)) || (a.equals(y) && b.equals(x));
    }

    /** The same link with another capacity. */
    public WanLink withBitsPerSecond(double value) {
        return new WanLink(a, b, value, latencySeconds);
    }
}
