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
        double p = in.number("stragglers.probability");
        double mean = in.number("stragglers.mean-slowdown");
        String distribution = in.string("stragglers.distribution", "exponential");
        if (distribution.equals("lognormal")) {
            return StragglerSpec.lognormal(p, mean, in.number("stragglers.sigma"));
        }
        if (!distribution.equals("exponential")) {
            throw in.error("stragglers.distribution", "unknown value \"" + distribution + "\"; expected exponential or lognormal");
        }
        if (in.has("stragglers.sigma")) {
            throw in.error("stragglers.sigma", "only a lognormal slowdown has a sigma; say distribution = lognormal");
        }
        return StragglerSpec.exponential(p, mean);
    }
}
