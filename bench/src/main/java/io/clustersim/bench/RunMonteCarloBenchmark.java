package io.clustersim.bench;

import io.clustersim.core.engine.EngineKind;
import io.clustersim.core.engine.EngineRuntime;
import io.clustersim.core.engine.TrialOutcome;
import io.clustersim.core.run.RunModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A 1,000-trial Monte Carlo of {@link RunTrialBenchmark}'s 90-day run on 100,000 chips, on the
 * actor system with as many threads as cores, with each engine (actors: every entity an actor and
 * one message per event; inline: one actor per trial). Runs with -Xmx512m.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RunMonteCarloBenchmark -wi 1 -i 3 -f 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class RunMonteCarloBenchmark {

    @Param({"INLINE", "ACTORS"})
    public EngineKind engine;

    @Param({"100000"})
    public int chips;

    private EngineRuntime runtime;
    private RunModel model;

    @Setup
    public void setUp() {
        runtime = EngineRuntime.create(Runtime.getRuntime().availableProcessors());
        model = RunTrialBenchmark.model(chips);
    }

    @TearDown
    public void tearDown() {
        runtime.close();
    }

    @Benchmark
    public List<TrialOutcome> thousandTrials() {
        return runtime.runTrials(1_000, model::trial, engine);
    }
}
