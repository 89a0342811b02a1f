package io.clustersim.bench;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
import io.clustersim.core.engine.EngineKind;
import io.clustersim.core.sweep.BatchPolicy;
import io.clustersim.core.sweep.Sweep;
import io.clustersim.scenarios.ScenarioLoader;
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

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The scale-out sweep of the speed target: the three-campus, 300k-GB200 example over 20
 * log-spaced fleet sizes from 30k to 300k chips, 100 trials each (every point a full Monte Carlo
 * run: step model, ~18k failures and their recoveries per trial), then the Amdahl and USL fits —
 * through the same code path as {@code clustersim sweep}, on all cores.
 *
 * <p>Run from the repository root: {@code java -jar bench/target/benchmarks.jar SweepBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class SweepBenchmark {

    @Param({"INLINE", "ACTORS"})
    public EngineKind engine;

    @Param({"100"})
    public int trials;

    @Param({"20"})
    public int points;

    private ClusterSim sim;
    private Scenario example;

    @Setup
    public void setUp() {
        sim = ClusterSim.create(SimOptions.defaults().withEngine(engine));
        example = ScenarioLoader.load(Path.of("scenarios/examples/multi-dc-3x-100k-gb200.conf")).scenario()
                .withTrials(trials);
    }

    @TearDown
    public void tearDown() {
        sim.close();
    }

    @Benchmark
    public Sweep.Fits threeCampusSweep() {
        List<Sweep.Point> result = Sweep.chips(sim, example, Sweep.logSpaced(30_000, 300_000, points),
                BatchPolicy.PER_REPLICA);
        return Sweep.fit(result);
    }
}
