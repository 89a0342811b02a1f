package io.clustersim.core;

import io.clustersim.core.engine.EngineRuntime;
import io.clustersim.core.engine.MonteCarloActor;
import io.clustersim.core.engine.ProgressListener;
import io.clustersim.core.engine.TrialOutcome;
import io.clustersim.core.run.RunModel;
import io.clustersim.core.run.RunResult;
import io.clustersim.core.run.RunTrace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Monte Carlo trials of one planned scenario, ready to run in units of consecutive trials:
 * the unit code every {@link TrialExecutor} runs, in this JVM or on a cluster worker. A unit's
 * results do not depend on how the trials are split, since trial {@code i} draws only from the
 * random streams of {@code (seed, i, stream)} ({@link io.clustersim.core.engine.RandomStreams}).
 *
 * <pre>{@code
 * Trials trials = sim.trials(concreteScenario);     // a worker, say
 * List<RunResult> unit = trials.run(40, 50);        // trials 40..49
 * }</pre>
 */
public final class Trials {

    private final Scenario scenario;
    private final RunModel runModel;
    private final Supplier<EngineRuntime> runtime; // started on the first run, not by validate
    private final SimOptions options;

    Trials(Scenario scenario, RunModel runModel, Supplier<EngineRuntime> runtime, SimOptions options) {
        this.scenario = scenario;
        this.runModel = runModel;
        this.runtime = runtime;
        this.options = options;
    }

    /** The planned scenario whose trials these are (its plan stated, never searched). */
    public Scenario scenario() {
        return scenario;
    }

    /** How many trials the scenario asks for. */
    public int count() {
        return scenario.trials();
    }

    /**
     * Runs trials {@code [from, to)} on this JVM's actor system and returns their results in
     * trial order. Progress is reported to the simulator's listener only for a unit of every
     * trial (a distributed executor reports units instead).
     */
    public List<RunResult> run(int from, int to) {
        if (from < 0 || to > count() || from >= to) {
            throw new IllegalArgumentException("trials [" + from + ", " + to + ") outside [0, " + count() + ")");
        }
        ProgressListener progress = from == 0 && to == count() ? options.progress() : ProgressListener.NONE;
        List<TrialOutcome> outcomes = runtime.get().runTrials(new MonteCarloActor.Plan(to - from,
                i -> runModel.trial(from + i), options.engine(), Math.max(2, 2 * options.threads()),
                options.stallTimeout(), progress));
        List<RunResult> results = new ArrayList<>(outcomes.size());
        for (TrialOutcome outcome : outcomes) {
            results.add((RunResult) outcome.result());
        }
        return results;
    }

    /**
     * Runs trial {@code index} again, alone on this thread (the inline engine), recording what
     * happens in it: the same seed and events as in {@link #run}, so its result is the one the
     * Monte Carlo got for that trial. For a report's timeline of one representative trial.
     */
    public RunTrace trace(int index) {
        if (index < 0 || index >= count()) {
            throw new IllegalArgumentException("trial " + index + " outside [0, " + count() + ")");
        }
        RunTrace.Recorder recorder = new RunTrace.Recorder();
        RunResult result = (RunResult) io.clustersim.core.engine.InlineEngine.run(runModel.trial(index, recorder)).result();
        return recorder.trace(index, runModel, result);
    }

    RunModel runModel() {
        return runModel;
    }
}
