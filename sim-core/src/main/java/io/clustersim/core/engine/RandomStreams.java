package io.clustersim.core.engine;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Derives every random stream of a simulation from the scenario seed: one independent, seeded
 * generator per (trial, stream) pair. Streams are named by small integers that the model assigns
 * (one per entity, say), so adding a trial or an entity never shifts the numbers another one sees.
 *
 * <pre>{@code
 * RandomGenerator rng = RandomStreams.stream(scenarioSeed, trialIndex, entityIndex);
 * double u = rng.nextDouble();
 * }</pre>
 */
public final class RandomStreams {

    private RandomStreams() {
    }

    /** A fresh generator for stream {@code streamId} of trial {@code trial}. */
    public static RandomGenerator stream(long seed, int trial, int streamId) {
        long mixed = mix(mix(mix(seed) ^ (0x9E3779B97F4A7C15L * (trial + 1L))) ^ (0xC2B2AE3D27D4EB4FL * (streamId + 1L)));
        return new Well19937c(mixed);
    }

    /** SplitMix64's finaliser: a bijection that spreads nearby seeds far apart. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
