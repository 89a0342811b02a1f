package io.clustersim.scenarios;

import io.clustersim.core.run.StragglerSpec;

/**
 * Reads {@code stragglers.*}: the chance a chip is slowed in a step and how much, exponential or lognormal.
 *
 * <pre>{@code
 * StragglerSpec stragglers = StragglerReader.stragglers(in);
 * }</pre>
 */
final class StragglerReader {

    private StragglerReader() {
    }

    static StragglerSpec stragglers(ConfigReader in) {
        if (!in.has("stragglers")) {
            return StragglerSpec.none();
        }
        // StragglerSpec checks the ranges, naming the field
        double p = in.readUnranged("stragglers.probability").number();
        double mean = in.readUnranged("stragglers.mean-slowdown").number();
        String distribution = in.read("stragglers.distribution").word();
        if (distribution.equals("lognormal")) {
            return StragglerSpec.lognormal(p, mean, in.readUnranged("stragglers.sigma").number());
        }
        if (in.has("stragglers.sigma")) {
            throw in.error("stragglers.sigma", "only a lognormal slowdown has a sigma; say distribution = lognormal");
        }
        return StragglerSpec.exponential(p, mean);
    }
}
