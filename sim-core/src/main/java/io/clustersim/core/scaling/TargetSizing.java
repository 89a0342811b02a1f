package io.clustersim.core.scaling;

import io.clustersim.core.model.TransformerSpec;

import java.util.Locale;
import java.util.Objects;

/**
 * Turns a {@link Goal} into a model and a number of tokens, through a {@link ScalingLaw}.
 *
 * <p>The model is either <em>fixed</em> — a full shape, or a shape family with a stated parameter
 * count — and the goal then sizes only the data; or <em>free</em> — a shape family alone — and the
 * goal sizes the model too, after which the family picks the depth and width nearest that size:
 *
 * <table>
 *   <caption>How each goal is sized</caption>
 *   <tr><th>goal</th><th>model fixed (N known)</th><th>model free</th></tr>
 *   <tr><td>tokens D</td><td>D</td><td>refused: nothing sizes N</td></tr>
 *   <tr><td>compute C</td><td>D = C / 6N</td><td>N = compute-optimal N(C); D = C / 6N of the shape</td></tr>
 *   <tr><td>ratio r</td><td>D = r N</td><td>needs a budget C: N = sqrt(C / 6r); D = C / 6N of the shape</td></tr>
 *   <tr><td>loss L</td><td>D = the tokens N needs to reach L</td><td>N = the cheapest N for L; D = the tokens that shape needs</td></tr>
 * </table>
 *
 * <p>N is the model's parameter count (Hoffmann et al. count all parameters, embeddings included);
 * for a mixture-of-experts model its active parameters (the laws are fitted on dense models, so
 * the loss of an MoE model is only indicative).
 *
 * <pre>{@code
 * TargetSizing.Sized s = TargetSizing.size(TargetSizing.ModelChoice.family(family), Goal.compute(5.76e23),
 *         ScalingLaw.EPOCH_2024);
 * Scenario.builder().model(s.model()).target(s.target())...
 * }</pre>
 */
public final class TargetSizing {

    private TargetSizing() {
    }

    /**
     * Where the model's shape comes from: a full shape, or a family (with or without a stated
     * parameter count).
     *
     * @param shape      the full shape, or {@code null}
     * @param family     the shape family, or {@code null}
     * @param parameters the parameter count to size the family to, or NaN (the goal sizes it)
     */
    public record ModelChoice(TransformerSpec shape, ShapeFamily family, double parameters) {

        public ModelChoice {
            if ((shape == null) == (family == null)) {
                throw new IllegalArgumentException("give either a shape or a shape family");
            }
        }

        public static ModelChoice fixed(TransformerSpec shape) {
            return new ModelChoice(Objects.requireNonNull(shape), null, Double.NaN);
        }

        public static ModelChoice family(ShapeFamily family) {
            return new ModelChoice(null, Objects.requireNonNull(family), Double.NaN);
        }

        public static ModelChoice family(ShapeFamily family, double parameters) {
            return new ModelChoice(null, Objects.requireNonNull(family), parameters);
        }

        /** Whether the goal must size the model. */
        public boolean free() {
            return shape == null && Double.isNaN(parameters);
        }
    }

    /**
     * The sized model and target.
     *
     * @param model  the model to train
     * @param target tokens, the goal and the law
     */
    public record Sized(TransformerSpec model, TrainingTarget target) {
    }

    /** Parameters the laws count for a model: all of a dense model's, the active ones of an MoE model. */
    public static double lawParameters(TransformerSpec model) {
        return model.activeParameterCount();
    }

    /**
     * Sizes the model and the data.
     *
     * @throws SizingException naming the {@code target.*} or {@code model.*} key at fault,
     *                                     when the goal cannot be met or the model cannot be sized
     */
    public static Sized size(ModelChoice choice, Goal goal, ScalingLaw law) {
        Objects.requireNonNull(goal, "goal");
        Objects.requireNonNull(law, "law");
        TransformerSpec model = choice.shape();
        if (model == null && !choice.free()) {
            model = choice.family().sized(choice.parameters());
        }
        boolean sized = choice.family() != null;
        if (model == null) {
            // The goal sizes the model: a parameter count first, then the family's nearest shape.
            double wanted = switch (goal.kind()) {
                case TOKENS -> throw problem("target.tokens", "a number of tokens does not size the model: give its shape "
                        + "(model.layers, model.hidden, model.heads) or model.params, or state the target as compute, "
                        + "loss or tokens-per-parameter with a compute budget");
                case COMPUTE -> law.computeOptimal(goal.value()).parameters();
                case TOKENS_PER_PARAMETER -> {
                    if (!goal.hasBudget()) {
                        throw problem("target.tokens-per-parameter", "with the model's size left to the target, a "
                                + "tokens-per-parameter ratio needs a compute budget (target.compute) to size it");
                    }
                    yield Math.sqrt(goal.computeFlops() / (ScalingLaw.FLOPS_PER_PARAMETER_TOKEN * goal.value()));
                }
                case LOSS -> cheapest(law, goal.value()).parameters();
            };
            model = choice.family().sized(wanted);
        } else if (goal.kind() == Goal.Kind.TOKENS_PER_PARAMETER && goal.hasBudget()) {
            throw problem("target.compute", "the model's size is fixed, so a tokens-per-parameter ratio and a compute "
                    + "budget cannot both hold: give one of them");
        }
        if (model.isMoe() && sized) {
            throw problem("model", "a shape family sizes dense models only; give a mixture-of-experts model's shape");
        }
        double n = lawParameters(model);
        double tokens = switch (goal.kind()) {
            case TOKENS -> goal.value();
            case COMPUTE -> goal.value() / (ScalingLaw.FLOPS_PER_PARAMETER_TOKEN * n);
            case TOKENS_PER_PARAMETER -> goal.hasBudget()
                    ? goal.computeFlops() / (ScalingLaw.FLOPS_PER_PARAMETER_TOKEN * n) : goal.value() * n;
            case LOSS -> {
                try {
                    yield law.tokensFor(n, goal.value());
                } catch (IllegalArgumentException e) {
                    throw problem("target.loss", e.getMessage()
                            + (sized ? "" : "; a larger model, or a loss target with the size left to the law, would"));
                }
            }
        };
        if (!(tokens >= 1)) {
            throw problem("target." + goal.kind().id(), String.format(Locale.ROOT,
                    "sizes the run at %.3g tokens for a model of %.3g parameters: less than one token", tokens, n));
        }
        return new Sized(model, new TrainingTarget(tokens, goal, law, sized, null));
    }

    private static ScalingLaw.Allocation cheapest(ScalingLaw law, double loss) {
        try {
            return law.cheapestFor(loss);
        } catch (IllegalArgumentException e) {
            throw problem("target.loss", e.getMessage());
        }
    }

    private static SizingException problem(String key, String message) {
        return new SizingException(key, message);
    }
}
