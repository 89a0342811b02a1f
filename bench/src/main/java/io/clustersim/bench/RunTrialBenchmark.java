package io.clustersim.bench;

import io.clustersim.core.engine.InlineEngine;
import io.clustersim.core.engine.TrialOutcome;
import io.clustersim.core.run.CheckpointSpec;
import io.clustersim.core.run.FailureSpec;
import io.clustersim.core.run.RunModel;
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

import java.util.concurrent.TimeUnit;

/**
 * One trial of a 90-day run on {@code chips} H100 with failures and half-hourly checkpoints, on
 * the inline engine. The per-chip failure rate is scaled so every size sees the same ~7,300
 * failures (Meta's RSC-1 rate at 100,000 chips): the cost should depend on events, not chips.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RunTrialBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RunTrialBenchmark {

    @Param({"10000", "100000", "1000000"})
    public int chips;

    private RunModel runModel;
    private int trialIndex;

    @Setup
    public void setUp() {
        ChipSpec h100 = ChipCatalog.standard().require("h100-sxm");
        ClusterSpec cluster = new ClusterSpec(h100, chips, 8, 8, new ScaleOutFabric(400e9, 1e-6, 3_072, 7));
        double ratePerChipHour = FailureSpec.perChipHourFromPer1000NodeDays(6.5, 8) * 100_000.0 / chips;
        long steps = 90L * 86_400 / 10; // 10 s steps, 90 days of work
        runModel = new RunModel(cluster, 10.0, steps, new FailureSpec(ratePerChipHour, 300, 600, "hardware"),
                new CheckpointSpec(1_800, 30, 300), 42);
    }

    @Benchmark
    public TrialOutcome oneTrial90Days() {
        return InlineEngine.run(runModel.trial(trialIndex++));
    }
}
