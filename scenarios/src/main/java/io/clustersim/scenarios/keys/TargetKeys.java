package io.clustersim.scenarios.keys;

import java.util.List;

import static io.clustersim.scenarios.keys.ScenarioKey.choice;
import static io.clustersim.scenarios.keys.ScenarioKey.of;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.DURATION;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.INTEGER;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.NUMBER;

/** The {@code target.*} keys: what to train to, the scaling law, the batch and a deadline. */
final class TargetKeys {

    private TargetKeys() {
    }

    static final List<ScenarioKey> KEYS = List.of(
            of("target.tokens", NUMBER).above(0).byDefault("one of tokens, compute, loss, tokens-per-parameter is required")
                    .means("Training tokens to reach.")
                    .excludes("target.compute", "target.loss", "target.tokens-per-parameter")
                    .notes("training tokens to reach (default: one target is required)"),
            of("target.compute", NUMBER).above(0).byDefault("—")
                    .means("A compute budget, FLOPs (C = 6·N·D): sizes D for a stated model, N and D for a shape family.")
                    .excludes("target.tokens", "target.loss")
                    .notes("a compute budget, FLOPs (C = 6·N·D): sizes D for a stated model, or N and D compute-optimally "
                            + "by the scaling law for a shape family"),
            of("target.loss", NUMBER).above(0).byDefault("—")
                    .means("A loss to reach, nats/token, by the scaling law.")
                    .excludes("target.tokens", "target.compute", "target.tokens-per-parameter")
                    .notes("a loss to reach (nats/token): the data a stated model needs for it, or the cheapest N and D by "
                            + "the law for a shape family"),
            of("target.tokens-per-parameter", NUMBER).above(0).byDefault("—")
                    .means("D = ratio × N; with target.compute and a shape family, N = sqrt(C / 6·ratio).")
                    .excludes("target.tokens", "target.loss")
                    .notes("D = ratio × N for a stated model; with `target.compute` and a shape family, N = sqrt(C / "
                            + "6·ratio)"),
            choice("target.scaling-law", "chinchilla", "epoch-2024").byDefault("epoch-2024")
                    .means("The law that sizes the target and predicts the loss (Hoffmann et al. 2022 approach 3, or"
                            + " Besiroglu et al. 2024).")
                    .notes("`chinchilla` (Hoffmann et al. 2022, approach 3 as published) or `epoch-2024` (Besiroglu et "
                            + "al.'s refit); sizes the target and predicts the loss in the report (default: `epoch-2024`)"),
            of("target.global-batch", INTEGER).min(1).byDefault("—")
                    .means("Sequences per optimizer step for a searched plan; with a stated plan it must agree with"
                            + " parallelism.global-batch.")
                    .notes("sequences per optimizer step for a searched plan (the search keeps it fixed); with a stated "
                            + "plan it may replace, and must agree with, `parallelism.global-batch`"),
            of("target.deadline", DURATION).above(0).byDefault("no deadline")
                    .means("Size the fleet: the smallest fleet, up to fleet.chips (or the fewest listed datacenters),"
                            + " whose wall clock at the confidence meets it.")
                    .notes("(`target.deadline`, `target.confidence`) size the fleet: the smallest fleet, up to "
                            + "`fleet.chips`, whose simulated wall clock at this confidence (0.9 = P90) meets the deadline (a "
                            + "duration, e.g. `90d`). With `fleet.datacenters` of several sites: the fewest of the listed "
                            + "datacenters, taken in the order listed (the first 1, 2, … k), that meet it — see "
                            + "[Deadlines](targets-and-plans.md#deadlines-fleetsizer) (default: —, 0.9)"),
            of("target.confidence", NUMBER).above(0).max(1).byDefault("0.9")
                    .means("The confidence of the deadline, a fraction in (0, 1) (0.9 = P90).")
                    .needs("target.deadline"),
            of("target.min-chips", INTEGER).min(0).byDefault("one step")
                    .means("With a deadline: the smallest fleet considered.").needs("target.deadline")
                    .notes("(`target.min-chips`, `target.chips-step`) with a deadline: smallest fleet considered; "
                            + "granularity of the fleets considered. Over datacenters: sets with fewer chips are skipped; "
                            + "`chips-step` is refused (the candidates are whole datacenters) (default: one step; a node (and "
                            + "whole model replicas with a stated plan; with a searched plan at most 256 candidates))"),
            of("target.chips-step", INTEGER).min(0).byDefault("a node (whole model replicas with a stated plan)")
                    .means("With a deadline: the granularity of the fleets considered.").needs("target.deadline"),
            of("target.critical-batch", NUMBER).words("kaplan", "off", "none").byDefault("kaplan")
                    .means("The critical batch: kaplan (Kaplan et al. 2020 at the final loss), off, or a number of"
                            + " tokens.")
                    .notes("`kaplan` (Kaplan et al. 2020 at the final loss), `off`, or a number of tokens (default: "
                            + "`kaplan`)"),
            of("target.reference-batch", NUMBER).above(0).byDefault("the plan's own batch")
                    .means("The batch, tokens, at which target.tokens holds; a larger batch trains more tokens"
                            + " (McCandlish et al. 2018).")
                    .notes("the batch (tokens) at which `target.tokens` holds; a larger batch trains (1 + B/B_crit)/(1 + "
                            + "B_ref/B_crit) × the target (McCandlish et al. 2018) (default: the plan's own batch)"));
}
