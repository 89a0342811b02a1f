package io.clustersim.bench;

import io.clustersim.core.SimOptions;
import io.clustersim.core.model.AnalyticStepModel;
import io.clustersim.core.model.Calibration;
import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.core.model.MultiDatacenterStepModel;
import io.clustersim.core.model.SoftwareSpec;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.core.plan.PlanSearch;
import io.clustersim.core.plan.SearchResult;
import io.clustersim.core.plan.SearchSpace;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Datacenter;
import io.clustersim.topology.Fleet;
import io.clustersim.topology.WanLink;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * The full plan search for Llama 3 405B on 16,384 H100 (Llama 3's network: 400 Gb/s per GPU, pods
 * of 3,072, 1:7 above), global batch 2,048 sequences of 8,192 tokens: every valid TP, CP, PP,
 * virtual stages, DP, micro-batch, SP, ZeRO and recomputation, ~107,000 plans (units of layouts
 * scanned on the default threads, {@code SimOptions.defaults().threads()} — all cores: the caller's
 * and a pool of the others — as {@code ClusterSim} scans them, merged in order).
 * Plans per second = {@code plansEvaluated} / the time per search. {@code llama405bOnTwoSites}: the
 * same 16,384 H100 as two sites of 8,192 over a 100 Tb/s link of 3,500 km, hierarchical DP, every
 * plan ranked by the fleet's step (the WAN included).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar PlanSearchBenchmark -wi 2 -i 3 -f 1} ({@code -p threads=1}:
 * the serial scan of {@code --threads 1})
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(1)
public class PlanSearchBenchmark {

    /**
     * The search's threads, as {@code --threads} gives them: 0 for the default
     * ({@code SimOptions.defaults().threads()}, all cores), 1 for a serial scan in the caller's thread.
     */
    @Param({"0"})
    public int threads;

    private ForkJoinPool pool;
    private PlanSearch search;
    private TransformerSpec llama;
    private ClusterSpec cluster;
    private final SearchSpace space = new SearchSpace(2_048);
    private PlanSearch fleetSearch;
    private Fleet twoSites;

    @Setup
    public void setUp() {
        int n = threads > 0 ? threads : SimOptions.defaults().threads();
        pool = n > 1 ? new ForkJoinPool(n - 1) : null; // the caller's helpers, as ClusterSim makes them
        search = new PlanSearch(new AnalyticStepModel(SoftwareSpec.modern())).parallelOn(pool);
        fleetSearch = new PlanSearch(new MultiDatacenterStepModel(new AnalyticStepModel(SoftwareSpec.modern()),
                Calibration.standard(), SoftwareSpec.modern(), CrossDcSpec.hierarchicalDp())).parallelOn(pool);
        llama = StepModelBenchmark.llama405bSpec();
        cluster = StepModelBenchmark.h100Cluster(16_384);
        ClusterSpec site = StepModelBenchmark.h100Cluster(8_192);
        twoSites = new Fleet(List.of(Datacenter.of("a", site), Datacenter.of("b", site)),
                List.of(WanLink.overFibre("a", "b", 100e12, 3_500)));
    }

    @TearDown
    public void tearDown() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    @Benchmark
    public SearchResult llama405bOnTwoSites() {
        return fleetSearch.search(llama, twoSites, space, 5);
    }

    @Benchmark
    public SearchResult llama405bOn16kH100() {
        return search.search(llama, cluster, space, 5);
    }
}
