package io.clustersim.bench;

import io.clustersim.core.model.EpOverlap;
import io.clustersim.core.model.ExpertParallelSoftware;
import io.clustersim.core.model.MlaSpec;
import io.clustersim.core.model.MoeSpec;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.Recompute;
import io.clustersim.core.model.AnalyticStepModel;
import io.clustersim.core.model.SoftwareSpec;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.model.StepModel;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.core.model.Architecture;
import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Precision;
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
 * One step-model evaluation of Llama 3 405B on 16,384 H100 (TP8, PP16, DP128), and of a
 * DeepSeek-V3-class MoE (MLA, 256 experts, MTP) on 2,048 H800 (PP16, EP64, DualPipe).
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
    private final StepModel dualPipe = new AnalyticStepModel(SoftwareSpec.modern().withExpertParallel(
            new ExpertParallelSoftware(EpOverlap.DUALPIPE, Precision.FP8, Precision.BF16)));
    private TransformerSpec deepSeek;
    private ClusterSpec h800;
    private ParallelismPlan moePlan;

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
        deepSeek = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(61).hidden(7_168).heads(128)
                .ffnHidden(18_432).vocab(129_280).seqLen(4_096).precision(Precision.FP8)
                .moe(new MoeSpec(256, 8, 1, 2_048, 1, 3, 1.0, 4)).mla(new MlaSpec(1_536, 512, 128, 64, 128))
                .mtpModules(1).build();
        h800 = new ClusterSpec(ChipCatalog.standard().require("h800-sxm"), 2_048, 8, 8,
                new ScaleOutFabric(400e9, 1e-6, 2_048, 1));
        moePlan = ParallelismPlan.builder().pp(16).dp(128).ep(64).globalBatch(15_360).zeroStage(1)
                .recompute(Recompute.FULL).build();
    }

    @Benchmark
    public StepEstimate llama405b() {
        return model.estimate(llama, cluster, plan);
    }

    /** The bundled DeepSeek-V3-class example's plan (issue 11's target: ≥ 500,000 per second). */
    @Benchmark
    public StepEstimate deepSeekV3Moe() {
        return dualPipe.estimate(deepSeek, h800, moePlan);
    }
}
