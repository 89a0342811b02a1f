package io.clustersim.scenarios.cluster;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.Scenario;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.plan.SearchSpace;
import io.clustersim.core.sweep.BatchPolicy;
import io.clustersim.core.sweep.ChipScaling;
import io.clustersim.scenarios.ScenarioLoader;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a worker rebuilds, from the scenario file's text, the planned scenario whose trials a unit
 * runs: the text and name (read with the same {@link ScenarioLoader}), the keys a field sweep
 * replaces, the {@code --trials}/{@code --seed} overrides, then the derivation the coordinator
 * applied — a chips-sweep point ({@link ChipScaling#resize}), a deadline candidate
 * ({@link ClusterSim#deadlineCandidate}) — and the plan the coordinator's search chose (so a
 * worker never repeats a search). {@code fingerprint} is a digest of the coordinator's planned
 * scenario; a worker that rebuilds anything else refuses the unit rather than compute other trials.
 *
 * <pre>{@code
 * UnitJob job = UnitJob.of("a.conf", text, Map.of(), 20, 7L).withPlan(plan, fingerprint);
 * Scenario planned = job.rebuild(); // on the worker
 * }</pre>
 *
 * @param fileName      the scenario file's name, for messages
 * @param text          the scenario file's content
 * @param overrides     keys replaced as {@code sweep --field} does (empty: none)
 * @param trials        {@code --trials}, or null
 * @param seed          {@code --seed}, or null
 * @param sweepChips    chips a chips-sweep point asked for, or null
 * @param batchPolicy   with {@code sweepChips}: {@link BatchPolicy}'s name
 * @param sizingPlan    with {@code sweepChips} on a searched scenario: the best plan on the base fleet the points are resized from
 * @param candidateChips a deadline candidate's chips, or null
 * @param plan          the plan the coordinator's search chose, or null (the rebuilt scenario states its plan)
 * @param fingerprint   {@link #fingerprint(Scenario)} of the coordinator's planned scenario (of a search unit: the searched one)
 * @param searchAll     the coordinator searches every plan under the global batch of a scenario that states one ({@code plan})
 */
public record UnitJob(String fileName, String text, Map<String, String> overrides, Integer trials, Long seed,
                      Long sweepChips, String batchPolicy, ParallelismPlan sizingPlan, Integer candidateChips,
                      ParallelismPlan plan, String fingerprint, boolean searchAll) {

    public UnitJob {
        overrides = overrides == null ? Map.of() : new TreeMap<>(overrides);
    }

    /** A job for the scenario file as loaded, with the command's overrides. */
    public static UnitJob of(String fileName, String text, Map<String, String> overrides, Integer trials, Long seed) {
        return new UnitJob(fileName, text, overrides, trials, seed, null, null, null, null, null, null, false);
    }

    /** This job for a chips-sweep point. */
    public UnitJob withSweepPoint(long chips, BatchPolicy policy, ParallelismPlan sizing) {
        return new UnitJob(fileName, text, overrides, trials, seed, chips, policy.name(), sizing, candidateChips, plan,
                fingerprint, searchAll);
    }

    /** This job for a deadline candidate. */
    public UnitJob withCandidate(int chips) {
        return new UnitJob(fileName, text, overrides, trials, seed, sweepChips, batchPolicy, sizingPlan, chips, plan,
                fingerprint, searchAll);
    }

    /** This job with the coordinator's plan (null: stated) and its planned scenario's fingerprint. */
    public UnitJob withPlan(ParallelismPlan chosen, String digest) {
        return new UnitJob(fileName, text, overrides, trials, seed, sweepChips, batchPolicy, sizingPlan, candidateChips,
                chosen, digest, searchAll);
    }

    /**
     * This job searching every plan under the global batch of a scenario that states one (what
     * {@code plan} ranks), as {@code Scenario.withPlanSearch} does on the coordinator.
     */
    public UnitJob withSearchAll() {
        return new UnitJob(fileName, text, overrides, trials, seed, sweepChips, batchPolicy, sizingPlan, candidateChips,
                plan, fingerprint, true);
    }

    /** The scenario as the command loaded it (file, field overrides, --trials, --seed). */
    public Scenario base() {
        Scenario s = ScenarioLoader.parse(text, fileName, overrides).scenario();
        if (trials != null) {
            s = s.withTrials(trials);
        }
        return seed == null ? s : s.withSeed(seed);
    }

    /**
     * The planned scenario whose trials the coordinator asked for (or, without a plan, the
     * scenario whose plan search it asked slices of).
     *
     * @throws IllegalStateException if it is not the coordinator's (a different file, loader or model)
     */
    public Scenario rebuild() {
        Scenario s = base();
        if (searchAll && !s.searchesPlan()) {
            s = s.withPlanSearch(SearchSpace.around(s.parallelism()));
        }
        if (sweepChips != null) {
            Scenario sizing = sizingPlan != null ? s.withParallelism(sizingPlan) : s;
            ChipScaling.Resized resized = ChipScaling.resize(sizing, sweepChips, BatchPolicy.valueOf(batchPolicy));
            if (resized.problem() != null) {
                throw new IllegalStateException("sweep point of " + sweepChips + " chips: " + resized.problem());
            }
            s = resized.scenario();
        }
        if (candidateChips != null) {
            s = ClusterSim.deadlineCandidate(s, candidateChips);
        }
        if (plan != null) {
            s = s.withParallelism(plan);
        }
        String digest = fingerprint(s);
        if (!digest.equals(fingerprint)) {
            throw new IllegalStateException("rebuilt a different scenario than the coordinator's (" + digest.substring(0, 12)
                    + " for " + fingerprint.substring(0, 12) + "): is this worker the same clustersim version?");
        }
        return s;
    }

    /** A digest of everything a scenario says (its records' text, every double written exactly). */
    public static String fingerprint(Scenario scenario) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(scenario.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
