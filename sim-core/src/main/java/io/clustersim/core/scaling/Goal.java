package io.clustersim.core.scaling;

import java.util.Locale;

/**
 * What a scenario asks the training run to reach, before anything is sized: a number of tokens, a
 * compute budget, a tokens-per-parameter ratio (optionally with a budget), or a loss.
 *
 * <pre>{@code
 * Goal budget = Goal.compute(5.76e23);
 * Goal chinchillaRatio = Goal.tokensPerParameter(20, 5.76e23);
 * }</pre>
 *
 * @param kind         which goal
 * @param value        tokens, FLOPs, tokens per parameter or loss (nats/token), by kind
 * @param computeFlops the budget that goes with a tokens-per-parameter goal, FLOPs; NaN otherwise
 */
public record Goal(Kind kind, double value, double computeFlops) {

    /** The kinds of goal. */
    public enum Kind {
        /** Train on a stated number of tokens. */
        TOKENS("tokens"),
        /** Spend a compute budget (6 N D FLOPs). */
        COMPUTE("compute"),
        /** Train on a stated number of tokens per parameter. */
        TOKENS_PER_PARAMETER("tokens-per-parameter"),
        /** Reach a stated loss. */
        LOSS("loss");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** The name used in scenarios and reports. */
        public String id() {
            return id;
        }
    }

    public Goal {
        if (kind == null) {
            throw new IllegalArgumentException("goal kind is required");
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "target %s must be > 0, was %s", kind.id(), value));
        }
        if (!Double.isNaN(computeFlops) && (!(computeFlops > 0) || Double.isInfinite(computeFlops))) {
            throw new IllegalArgumentException("compute budget must be > 0 FLOPs, was " + computeFlops);
        }
    }

    public static Goal tokens(double tokens) {
        return new Goal(Kind.TOKENS, tokens, Double.NaN);
    }

    public static Goal compute(double flops) {
        return new Goal(Kind.COMPUTE, flops, Double.NaN);
    }

    public static Goal tokensPerParameter(double ratio) {
        return new Goal(Kind.TOKENS_PER_PARAMETER, ratio, Double.NaN);
    }

    public static Goal tokensPerParameter(double ratio, double computeFlops) {
        return new Goal(Kind.TOKENS_PER_PARAMETER, ratio, computeFlops);
    }

    public static Goal loss(double loss) {
        return new Goal(Kind.LOSS, loss, Double.NaN);
    }

    /** Whether a compute budget goes with a tokens-per-parameter goal. */
    public boolean hasBudget() {
        return !Double.isNaN(computeFlops);
    }
}
