package io.clustersim.core.model;

import java.util.Locale;
import java.util.Objects;

/**
 * How a training step crosses datacenters (ignored for a fleet of one).
 *
 * <ul>
 *   <li>{@link Method#HIERARCHICAL_DP}: synchronous data parallelism, each datacenter holding whole
 *       replicas; gradients are reduce-scattered inside each datacenter, the shards all-reduced
 *       across the WAN, and all-gathered inside.</li>
 *   <li>{@link Method#PIPELINE}: pipeline stages split across datacenters in the order listed;
 *       activations and their gradients cross the WAN at stage boundaries.</li>
 *   <li>{@link Method#DILOCO}: DiLoCo (Douillard et al. 2023) and Streaming DiLoCo (Douillard et al.
 *       2025): each datacenter trains on its own for {@code innerSteps} steps, then the
 *       datacenters average their parameter deltas (in {@code fragments} staggered pieces, at
 *       {@code outerBytesPerParameter}, overlapped with the next {@code overlapSteps} inner
 *       steps).</li>
 * </ul>
 *
 * <pre>{@code
 * CrossDcSpec streaming = CrossDcSpec.diloco(100, 4, 0.5, 1, 0.95); // H = 100, 4 fragments, 4-bit, overlap 1 step
 * }</pre>
 *
 * @param method                 the scheme
 * @param innerSteps             DiLoCo: inner steps H between outer synchronisations
 * @param fragments              DiLoCo: fragments the parameters are synchronised in (1 = plain
 *                               DiLoCo; Streaming DiLoCo staggers them H/fragments steps apart)
 * @param outerBytesPerParameter DiLoCo: bytes per parameter of the deltas sent (4 fp32, 2 bf16,
 *                               1 fp8, 0.5 for 4-bit)
 * @param overlapSteps           DiLoCo: inner steps a fragment's synchronisation may run behind
 *                               (0 = the datacenters wait for it)
 * @param tokenEfficiency        DiLoCo: tokens synchronous training needs over the tokens this
 *                               scheme needs for the same loss, in (0, 1]; {@code NaN} when the
 *                               scenario did not say (1.0 is used, with a warning)
 */
public record CrossDcSpec(Method method, int innerSteps, int fragments, double outerBytesPerParameter, int overlapSteps,
                          double tokenEfficiency) {

    /** How a step crosses datacenters. */
    public enum Method {
        HIERARCHICAL_DP, PIPELINE, DILOCO;

        /** The scenario spelling: {@code hierarchical-dp}, {@code pipeline}, {@code diloco}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public CrossDcSpec {
        Objects.requireNonNull(method, "method");
        if (innerSteps < 1) {
            throw new IllegalArgumentException("DiLoCo inner steps must be >= 1, was " + innerSteps);
        }
        if (fragments < 1 || fragments > innerSteps) {
            throw new IllegalArgumentException("DiLoCo fragments must be in 1.." + innerSteps
                    + " (one fragment synchronised every inner-steps / fragments steps), was " + fragments);
        }
        if (!(outerBytesPerParameter > 0) || outerBytesPerParameter > 8) {
            throw new IllegalArgumentException("DiLoCo outer bytes per parameter must be in (0, 8], was " + outerBytesPerParameter);
        }
        if (overlapSteps < 0) {
            throw new IllegalArgumentException("DiLoCo overlap steps must be >= 0, was " + overlapSteps);
        }
        if (!Double.isNaN(tokenEfficiency) && !(tokenEfficiency > 0 && tokenEfficiency <= 1)) {
            throw new IllegalArgumentException("DiLoCo token efficiency must be in (0, 1], was " + tokenEfficiency);
        }
    }

    /** Synchronous hierarchical data parallelism (the default). */
    public static CrossDcSpec hierarchicalDp() {
        return new CrossDcSpec(Method.HIERARCHICAL_DP, 1, 1, 4, 0, Double.NaN);
    }

    /** Pipeline stages split across datacenters. */
    public static CrossDcSpec pipeline() {
        return new CrossDcSpec(Method.PIPELINE, 1, 1, 4, 0, Double.NaN);
    }

    /** DiLoCo or Streaming DiLoCo. */
    public static CrossDcSpec diloco(int innerSteps, int fragments, double outerBytesPerParameter, int overlapSteps,
                                     double tokenEfficiency) {
        return new CrossDcSpec(Method.DILOCO, innerSteps, fragments, outerBytesPerParameter, overlapSteps, tokenEfficiency);
    }

    /** Whether the scenario stated a token efficiency. */
    public boolean tokenEfficiencyStated() {
        return !Double.isNaN(tokenEfficiency);
    }

    /**
     * Tokens the run needs over the tokens synchronous training needs: 1 / efficiency for DiLoCo
     * (1.0 when not stated), 1 otherwise.
     */
    public double tokenFactor() {
        return method == Method.DILOCO && tokenEfficiencyStated() ? 1 / tokenEfficiency : 1.0;
    }

    /** The same scheme with another H (DiLoCo). */
    public CrossDcSpec withInnerSteps(int h) {
        return new CrossDcSpec(method, h, Math.min(fragments, h), outerBytesPerParameter, overlapSteps, tokenEfficiency);
    }
}
