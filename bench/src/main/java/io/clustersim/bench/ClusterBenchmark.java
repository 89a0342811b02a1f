package io.clustersim.bench;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.Report;
import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
import io.clustersim.core.TrialExecutor;
import io.clustersim.core.engine.EngineKind;
import io.clustersim.core.engine.ProgressListener;
import io.clustersim.scenarios.ScenarioLoader;
import io.clustersim.scenarios.cli.ClusterSimCli;
import io.clustersim.scenarios.cluster.ClusterConfig;
import io.clustersim.scenarios.cluster.ClusterSession;
import io.clustersim.scenarios.cluster.Dispatcher;
import io.clustersim.scenarios.cluster.UnitJob;
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

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Monte Carlo of the bundled GPT-3 example spread over {@code workers} worker JVMs on this
 * machine (each {@code --threads 1}), the coordinator in the benchmark's JVM; {@code workers = 0}
 * is the single-JVM run on one thread for reference. With 1-trial units against 25-trial units
 * on one worker, the difference per unit is the coordinator–worker overhead of a unit (messages,
 * Jackson, the worker's hand-off); the {@code no-failures} workload (a lighter trial, checkpoints
 * and steps only) makes that overhead stand out. Run from the repository root:
 * {@code java -jar bench/target/benchmarks.jar ClusterBenchmark -wi 2 -i 3 -f 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class ClusterBenchmark {

    @Param({"0", "1", "2", "3"})
    public int workers;

    @Param({"25", "1"})
    public int unitTrials;

    @Param({"400"})
    public int trials;

    /** {@code example}: the bundled run as it is; {@code no-failures}: the same with (almost) no failures, a lighter trial. */
    @Param({"example", "no-failures"})
    public String workload;

    private final List<Process> processes = new ArrayList<>();
    private ClusterSim sim;
    private ClusterSession session;
    private Scenario scenario;
    private TrialExecutor executor;

    @Setup
    public void setUp() throws IOException, InterruptedException {
        Path file = Path.of("scenarios/examples/gpt3-175b-a100.conf");
        Map<String, String> overrides = workload.equals("no-failures")
                ? Map.of("failures.rate-per-1000-node-days", "1e-6") : Map.of();
        scenario = ScenarioLoader.load(file, overrides).scenario().withTrials(trials);
        sim = ClusterSim.create(SimOptions.defaults().withThreads(1).withEngine(EngineKind.INLINE));
        if (workers == 0) {
            executor = TrialExecutor.LOCAL;
            return;
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < workers; i++) {
            processes.add(new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    ClusterSimCli.class.getName(), "worker", "--join", "127.0.0.1:" + port, "--threads", "1")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start());
        }
        session = ClusterSession.start(new ClusterConfig.HostPort("127.0.0.1", port),
                new Dispatcher.Settings(workers, Duration.ofSeconds(120), false), unitTrials, sim,
                new PrintWriter(new StringWriter()), ProgressListener.NONE);
        UnitJob job = UnitJob.of(file.toString(), Files.readString(file), overrides, trials, null);
        executor = session.executor(job, scenario);
    }

    @TearDown
    public void tearDown() {
        if (session != null) {
            session.close();
        }
        sim.close();
        for (Process p : processes) {
            p.destroyForcibly();
        }
    }

    @Benchmark
    public Report monteCarlo() {
        return sim.run(scenario, executor);
    }
}
