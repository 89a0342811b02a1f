package io.clustersim.bench;

import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.AnalyticStepModel;
import io.clustersim.core.model.SoftwareSpec;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.model.StepModel;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.core.model.Architecture;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One step-model evaluation of Llama 3 405B on 16,384 H100 (TP8, PP16, DP128).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar StepModelBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StepModelBenchmark {

    private final StepModel model = new AnalyticStepModel(SoftwareSpec.modern());
    private TransformerSpec llama;
    private ClusterSpec cluster;
    private ParallelismPlan plan;

    /** Llama 3 405B, 8,192-token sequences (shared with {@link PlanSearchBenchmark}). */
    static TransformerSpec llama405bSpec() {
        return TransformerSpec.builder().architecture(Architecture.LLAMA).layers(126).hidden(16_384).heads(128)
                .kvHeads(8).ffnHidden(53_248).vocab(128_256).seqLen(8_192).build();
    }

    /** {@code chips} H100 on Llama 3's network: 400 Gb/s per GPU, pods of 3,072, 1:7 above. */
    static ClusterSpec h100Cluster(int chips) {
        ChipSpec h100 = ChipCatalog.standard().require("h100-sxm");
        return new ClusterSpec(h100, chips, 8, 8, new ScaleOutFabric(400e9, 1e-6, 3_072, 7));
    }

    @Setup
    public void setUp() {
        llama = llama405bSpec();
        cluster = h100Cluster(16_384);
        plan = ParallelismPlan.builder().tp(8).pp(16).dp(128).globalBatch(2_048).sequenceParallel(true).zeroStage(1)
                .build();
    }

    @Benchmark
    public StepEstimate llama405b() {
        return model.estimate(llama, cluster, plan);
    }
}
