package io.clustersim.core.scaling;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parametric scaling law of the Chinchilla form, {@code L(N, D) = E + A / N^α + B / D^β}: the
 * pre-training loss (nats per token) a dense transformer of N parameters reaches after D tokens,
 * and what follows from it under the compute model {@code C = 6 N D}.
 *
 * <p>Two fits are bundled (constants and formulas in {@code docs/reference/scaling-laws.md}):
 * {@link #CHINCHILLA} — Hoffmann et al. 2022, approach 3, as published (rounded constants) — and
 * {@link #EPOCH_2024} — Besiroglu et al. 2024's refit of the same data, whose allocation agrees
 * with Hoffmann et al.'s approaches 1 and 2 (~20 tokens per parameter). The published approach 3
 * constants put the optimum at far more tokens per parameter (~90 at Gopher's budget).
 *
 * <pre>{@code
 * ScalingLaw.Allocation a = ScalingLaw.EPOCH_2024.computeOptimal(5.76e23); // ~72B parameters, ~1.3T tokens
 * double loss = ScalingLaw.EPOCH_2024.loss(70e9, 1.4e12);
 * }</pre>
 *
 * @param id     short name used in scenarios and reports ({@code chinchilla}, {@code epoch-2024})
 * @param source where the constants come from
 * @param e      irreducible loss E, nats/token
 * @param a      parameter term coefficient A
 * @param b      data term coefficient B
 * @param alpha  parameter exponent α
 * @param beta   data exponent β
 */
public record ScalingLaw(String id, String source, double e, double a, double b, double alpha, double beta) {

    /** Hoffmann et al. 2022 ("Training Compute-Optimal Large Language Models"), approach 3, Eq. 10, as published. */
    public static final ScalingLaw CHINCHILLA = new ScalingLaw("chinchilla",
            "Hoffmann et al. 2022, approach 3 as published (E 1.69, A 406.4, B 410.7, alpha 0.34, beta 0.28)",
            1.69, 406.4, 410.7, 0.34, 0.28);

    /** Besiroglu et al. 2024 ("Chinchilla Scaling: A replication attempt", Epoch AI), refit of approach 3. */
    public static final ScalingLaw EPOCH_2024 = new ScalingLaw("epoch-2024",
            "Besiroglu et al. 2024 (Epoch AI), refit of Chinchilla approach 3 (E 1.8172, A 482.01, B 2085.43, alpha 0.3478, beta 0.3658)",
            1.8172, 482.01, 2085.43, 0.3478, 0.3658);

    /** The law a scenario uses when it names none. */
    public static final ScalingLaw DEFAULT = EPOCH_2024;

    /** FLOPs per parameter per training token in the laws' compute model (C = 6 N D). */
    public static final double FLOPS_PER_PARAMETER_TOKEN = 6;

    public ScalingLaw {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        if (!(a > 0 && b > 0 && alpha > 0 && beta > 0 && e >= 0)) {
            throw new IllegalArgumentException("scaling law constants must be positive");
        }
    }

    /** The bundled laws. */
    public static List<ScalingLaw> all() {
        return List.of(CHINCHILLA, EPOCH_2024);
    }

    /** A bundled law by id. */
    public static Optional<ScalingLaw> find(String id) {
        return all().stream().filter(l -> l.id().equals(id)).findFirst();
    }

    /**
     * A point on the law: model size, data, compute (6 N D) and the loss reached.
     *
     * @param parameters   N
     * @param tokens       D
     * @param computeFlops 6 N D, FLOPs
     * @param loss         L(N, D), nats/token
     */
    public record Allocation(double parameters, double tokens, double computeFlops, double loss) {

        /** Tokens per parameter, D / N. */
        public double tokensPerParameter() {
            return tokens / parameters;
        }
    }

    /** Predicted loss after {@code tokens} tokens for a model of {@code parameters} parameters, nats/token. */
    public double loss(double parameters, double tokens) {
        return e + a / Math.pow(parameters, alpha) + b / Math.pow(tokens, beta);
    }

    /** The loss a model of {@code parameters} parameters approaches with unlimited data. */
    public double lossFloor(double parameters) {
        return e + a / Math.pow(parameters, alpha);
    }

    /** The point at (N, D). */
    public Allocation at(double parameters, double tokens) {
        return new Allocation(parameters, tokens, FLOPS_PER_PARAMETER_TOKEN * parameters * tokens,
                loss(parameters, tokens));
    }

    /**
     * The compute-optimal allocation of a budget of {@code computeFlops} (C = 6 N D): minimising
     * L under the budget gives {@code N = G (C/6)^(β/(α+β))}, {@code G = (αA / βB)^(1/(α+β))},
     * {@code D = C / 6N} (Hoffmann et al. 2022, Eq. 4 and appendix D.2).
     */
    public Allocation computeOptimal(double computeFlops) {
        if (!(computeFlops > 0) || Double.isInfinite(computeFlops)) {
            throw new IllegalArgumentException("compute budget must be > 0 FLOPs, was " + computeFlops);
        }
        double g = Math.pow(alpha * a / (beta * b), 1 / (alpha + beta));
        double n = g * Math.pow(computeFlops / FLOPS_PER_PARAMETER_TOKEN, beta / (alpha + beta));
        return at(n, computeFlops / FLOPS_PER_PARAMETER_TOKEN / n);
    }

    /**
     * The cheapest way (least 6 N D) to reach {@code targetLoss}: on the compute-optimal frontier
     * the two reducible terms stand in the ratio {@code α·A/N^α = β·B/D^β} (the Lagrange condition
     * of minimising L at fixed N·D), so with {@code R = L − E} the parameter term is
     * {@code R·β/(α+β)} and the data term {@code R·α/(α+β)}.
     *
     * @throws IllegalArgumentException if the loss is at or below the irreducible E
     */
    public Allocation cheapestFor(double targetLoss) {
        double reducible = targetLoss - e;
        if (!(reducible > 0) || Double.isInfinite(targetLoss)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "loss %.4g is not reachable: the %s law's irreducible loss is %.4g", targetLoss, id, e));
        }
        double parameterTerm = reducible * beta / (alpha + beta);
        double dataTerm = reducible * alpha / (alpha + beta);
        double n = Math.pow(a / parameterTerm, 1 / alpha);
        double d = Math.pow(b / dataTerm, 1 / beta);
        return at(n, d);
    }

    /**
     * Tokens a model of {@code parameters} parameters needs to reach {@code targetLoss}.
     *
     * @throws IllegalArgumentException if the model's floor {@link #lossFloor} is at or above the loss
     */
    public double tokensFor(double parameters, double targetLoss) {
        double dataTerm = targetLoss - lossFloor(parameters);
        if (!(dataTerm > 0)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "a model of %.3g parameters cannot reach loss %.4g with any amount of data: the %s law "
                            + "puts its floor at %.4g", parameters, targetLoss, id, lossFloor(parameters)));
        }
        return Math.pow(b / dataTerm, 1 / beta);
    }
}
