package io.clustersim.scenarios;

import io.clustersim.core.model.CriticalBatch;
import io.clustersim.core.plan.Deadline;
import io.clustersim.core.scaling.Goal;
import io.clustersim.core.scaling.ScalingLaw;
import io.clustersim.core.scaling.SizingException;
import io.clustersim.core.scaling.TargetSizing;

import io.clustersim.scenarios.keys.ScenarioKeys;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code target.*}: the goal (tokens, compute, loss or tokens per parameter) and scaling law
 * that size the model and data, a deadline, and the critical-batch rule.
 *
 * <pre>{@code
 * TargetSizing.Sized sized = TargetReader.modelAndTarget(in);
 * }</pre>
 */
final class TargetReader {

    private TargetReader() {
    }

    /**
     * The model and the target together: the target may size the model (a shape family without
     * layers, hidden and heads) and always sizes the data, through the scenario's scaling law.
     */
    static TargetSizing.Sized modelAndTarget(ConfigReader in) {
        TargetSizing.ModelChoice choice = Sections.section(in, "model", () -> ModelReader.modelChoice(in));
        ScalingLaw law = scalingLaw(in);
        Goal goal = goal(in);
        TargetSizing.Sized sized;
        try {
            sized = TargetSizing.size(choice, goal, law);
        } catch (SizingException e) {
            throw in.error(e.problem().key(), e.problem().message());
        }
        Deadline deadline = deadline(in);
        return deadline == null ? sized : new TargetSizing.Sized(sized.model(), sized.target().withDeadline(deadline));
    }

    static ScalingLaw scalingLaw(ConfigReader in) {
        String id = in.read("target.scaling-law").raw(); // a wrong word is explained with the laws' sources
        return ScalingLaw.find(id).orElseThrow(() -> in.error("target.scaling-law", "unknown law \"" + id
                + "\"; expected chinchilla (Hoffmann et al. 2022, approach 3) or epoch-2024 (Besiroglu et al. 2024)"));
    }

    /** Exactly one of tokens, compute, loss, tokens-per-parameter (which may come with compute). */
    static Goal goal(ConfigReader in) {
        // tokens and the goals it excludes, as declared
        List<String> keys = new ArrayList<>(List.of("target.tokens"));
        keys.addAll(in.read("target.tokens").declaration().excludes());
        List<String> given = new ArrayList<>();
        for (String key : keys) {
            if (in.has(key)) {
                given.add(key);
            }
        }
        boolean ratioWithBudget = given.equals(List.of("target.compute", "target.tokens-per-parameter"));
        if (given.isEmpty()) {
            throw in.error("target.tokens", "missing; state the target as tokens, compute (a FLOPs budget), loss or "
                    + "tokens-per-parameter");
        }
        if (given.size() > 1 && !ratioWithBudget) {
            throw in.error(given.get(1), "the target is already stated as " + given.get(0).substring("target.".length())
                    + "; give one of tokens, compute, loss, tokens-per-parameter (the last may come with compute)");
        }
        String key = ratioWithBudget ? "target.tokens-per-parameter" : given.get(0);
        double value = in.read(key).number();
        return switch (key) {
            case "target.tokens" -> Goal.tokens(value);
            case "target.compute" -> Goal.compute(value);
            case "target.loss" -> Goal.loss(value);
            default -> ratioWithBudget ? Goal.tokensPerParameter(value, in.read("target.compute").number())
                    : Goal.tokensPerParameter(value);
        };
    }

    static Deadline deadline(ConfigReader in) {
        if (!in.has("target.deadline")) {
            for (String key : ScenarioKeys.needing("target.deadline")) {
                if (in.has(key)) {
                    throw in.error(key, "only with a deadline (target.deadline)");
                }
            }
            return null;
        }
        double seconds = in.readUnranged("target.deadline").number();
        double confidence = in.readUnranged("target.confidence").number(); // its range explained as a fraction
        if (!(confidence > 0 && confidence < 1)) {
            throw in.error("target.confidence", "must be a fraction in (0, 1), e.g. 0.9 for P90; was " + confidence);
        }
        if (!(seconds > 0)) {
            throw in.error("target.deadline", "must be > 0");
        }
        // 0: the sizer's own choice, which the declarations state in words
        return new Deadline(seconds / 86_400, confidence, in.read("target.min-chips").integer(0),
                in.read("target.chips-step").integer(0));
    }

    static CriticalBatch criticalBatch(ConfigReader in) {
        CriticalBatch rule;
        String key = "target.critical-batch";
        String word = in.read(key).raw();
        if ("kaplan".equalsIgnoreCase(word)) {
            rule = CriticalBatch.kaplan();
        } else if ("off".equalsIgnoreCase(word) || "none".equalsIgnoreCase(word)) {
            rule = CriticalBatch.off();
        } else {
            double tokens = in.readUnranged(key).number();
            rule = Sections.section(in, key, () -> CriticalBatch.fixed(tokens));
        }
        if (in.has("target.reference-batch")) {
            double reference = in.readUnranged("target.reference-batch").number();
            CriticalBatch r = rule;
            rule = Sections.section(in, "target.reference-batch", () -> r.withReferenceBatchTokens(reference));
        }
        return rule;
    }
}
