package io.clustersim.bench;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.Report;
import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
import io.clustersim.core.engine.EngineKind;
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
import java.util.concurrent.TimeUnit;

/**
 * The bundled example scenario with 1,000 trials, through the same code path as
 * {@code clustersim run}, on all cores, with each engine.
 *
 * <p>Run from the repository root: {@code java -jar bench/target/benchmarks.jar MonteCarloBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class MonteCarloBenchmark {

    @Param({"ACTORS", "INLINE"})
    public EngineKind engine;

    @Param({"1000"})
    public int trials;

    private ClusterSim sim;
    private Scenario example;

    @Setup
    public void setUp() {
        sim = ClusterSim.create(SimOptions.defaults().withEngine(engine));
        example = ScenarioLoader.load(Path.of("scenarios/examples/gpt3-175b-a100.conf")).scenario().withTrials(trials);
    }

    @TearDown
    public void tearDown() {
        sim.close();
    }

    @Benchmark
    public Report exampleMonteCarlo() {
        return sim.run(example);
    }
}
