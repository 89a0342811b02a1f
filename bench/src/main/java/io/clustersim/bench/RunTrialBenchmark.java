package io.clustersim.bench;

import io.clustersim.core.engine.InlineEngine;
import io.clustersim.core.engine.TrialOutcome;
import io.clustersim.core.run.CheckpointSpec;
import io.clustersim.core.run.FailureClass;
import io.clustersim.core.run.FailureSpec;
import io.clustersim.core.run.RunModel;
import io.clustersim.core.run.StragglerSpec;
import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.ScaleOutFabric;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One trial of a run of 90 days of training on {@code chips} H100 with the whole run model:
 * Llama 3's seven failure classes at its observed total rate (3.79 per 1,000 node-days at 100,000
 * chips: ~47 failures a day), 256 spares per datacenter with lognormal repairs (median a day),
 * planned maintenance every 27.6 h, detection 1 min and restart 3 min, asynchronous checkpoints every
 * ten minutes (60 s background copy) with a peer replica, and stragglers — on the inline engine. The
 * per-component rates are scaled by 100,000 / chips so every size sees the same events (~5,300
 * interruptions and ~13,000 checkpoints in ~112 days of wall clock, ~35,000 events): the cost should
 * depend on events, not chips. Runs with -Xmx512m.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RunTrialBenchmark -wi 2 -i 3 -f 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class RunTrialBenchmark {

    @Param({"10000", "100000", "1000000"})
    public int chips;

    private RunModel runModel;
    private int trialIndex;

    /** The benchmark's run model at {@code chips} chips (also used by {@link RunMonteCarloBenchmark}). */
    static RunModel model(int chips) {
        ChipSpec h100 = ChipCatalog.standard().require("h100-sxm");
        ClusterSpec cluster = new ClusterSpec(h100, chips, 8, 8, new ScaleOutFabric(400e9, 1e-6, 3_072, 7));
        List<FailureClass> classes = FailureSpec.llama3Classes(FailureSpec.LLAMA3_PER_1000_NODE_DAYS * 100_000.0 / chips, 8).stream()
                .map(c -> c.withRepair(new FailureClass.RepairTime(24 * 3600, 1.0)))
                .toList();
        FailureSpec failures = new FailureSpec(classes, 60, 180, new FailureSpec.Spares(256, false),
                new FailureSpec.Maintenance(27.6 * 3600, 0));
        long steps = 90L * 86_400 / 10; // 10 s steps, 90 days of work
        CheckpointSpec checkpoint = new CheckpointSpec(600, 60, 300).asynchronous(3, true, 30);
        return new RunModel(cluster, 10.0, steps, failures, checkpoint, StragglerSpec.exponential(1e-5 * 100_000.0 / chips, 0.1),
                RunModel.Replicas.uniform(chips / 128, 1, 10.0), 42);
    }

    @Setup
    public void setUp() {
        runModel = model(chips);
    }

    @Benchmark
    public TrialOutcome oneTrial90Days() {
        return InlineEngine.run(runModel.trial(trialIndex++));
    }
}
