package io.clustersim.bench;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
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
 * {@code clustersim validate}'s own work, in a warm JVM: {@link ClusterSim#validate} of the bundled
 * examples that search plans (the compute-budget example, whose model is sized at load and whose
 * plan is searched; the deadline on one site, whose largest candidate fleet of 32,768 chips is
 * searched; the deadline over three datacenters, whose fleet of all three is searched under
 * hierarchical DP). The end-to-end figure the issue sets (whole process, with JVM start) is measured
 * with {@code hyperfine} in docs/performance.md; this one isolates the search from start-up. Forked
 * with {@code -XX:TieredStopAtLevel=1}, as the launcher runs {@code validate}.
 *
 * <p>Run from the repository root: {@code java -jar bench/target/benchmarks.jar ValidateBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:TieredStopAtLevel=1")
public class ValidateBenchmark {

    @Param({"chinchilla-budget-h100", "llama3-405b-deadline", "llama3-405b-sites-deadline"})
    public String example;

    private ClusterSim sim;
    private Scenario scenario;

    @Setup
    public void setUp() {
        sim = ClusterSim.create(SimOptions.defaults().withThreads(1));
        scenario = ScenarioLoader.load(Path.of("scenarios/examples/" + example + ".conf")).scenario();
    }

    @TearDown
    public void tearDown() {
        sim.close();
    }

    @Benchmark
    public ClusterSim.Checked validate() {
        return sim.validate(scenario);
    }
}
