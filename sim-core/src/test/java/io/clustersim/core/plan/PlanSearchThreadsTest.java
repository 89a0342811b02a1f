package io.clustersim.core.plan;

import io.clustersim.core.model.StepModel;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.ScaleOutFabric;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A search's threads are the ones it is given ({@link PlanSearch#parallelOn}): the caller's thread
 * alone, or the caller's and a pool's, never the common pool's; and its result is the same to the
 * bit on any number of them.
 */
class PlanSearchThreadsTest {

    /** A model of several units of layouts (more than 4 × 32). */
    private static final TransformerSpec MODEL = TransformerSpec.builder().layers(24).hidden(4_096).heads(32)
            .vocab(51_200).seqLen(2_048).build();
    private static final ClusterSpec CLUSTER = new ClusterSpec(PlanSearchTest.A100, 512, 8, 8,
            ScaleOutFabric.nonBlocking(PlanSearchTest.A100, 512));
    private static final SearchSpace SPACE = new SearchSpace(512);

    /** The step model, noting each thread that evaluates a plan. */
    private static StepModel recording(Set<Thread> threads) {
        return new StepModel() {
            @Override
            public io.clustersim.core.model.StepEstimate estimate(TransformerSpec model, ClusterSpec cluster,
                                                                  io.clustersim.core.model.ParallelismPlan plan) {
                threads.add(Thread.currentThread());
                return PlanSearchTest.STEP.estimate(model, cluster, plan);
            }

            @Override
            public boolean runs(io.clustersim.core.model.ParallelismPlan plan) {
                return PlanSearchTest.STEP.runs(plan);
            }
        };
    }

    @Test
    void oneThreadIsTheCallersAndSeveralAreItsAndThePoolsWithTheSameResult() {
        assertTrue(PlanSearch.layouts(MODEL, CLUSTER, SPACE).size() > 4 * 32);
        Set<Thread> serial = ConcurrentHashMap.newKeySet();
        SearchResult one = new PlanSearch(recording(serial)).parallelOn(null).search(MODEL, CLUSTER, SPACE, 20);
        assertEquals(Set.of(Thread.currentThread()), serial, "no pool: every plan evaluated in the caller's thread");
        assertTrue(one.ranked().size() == 20 && one.evaluated() > 1_000, one.evaluated() + " evaluated");

        for (int threads : new int[] {1, 2, 3, 8}) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                Set<Thread> used = ConcurrentHashMap.newKeySet();
                SearchResult many = new PlanSearch(recording(used)).parallelOn(pool).search(MODEL, CLUSTER, SPACE, 20);
                assertEquals(one, many, threads + " helper threads");
                assertTrue(used.size() <= threads + 1, used.size() + " threads used, with " + threads + " helpers");
                for (Thread t : used) {
                    assertTrue(t == Thread.currentThread() || t instanceof ForkJoinWorkerThread w && w.getPool() == pool,
                            t + " is neither the caller nor the pool's");
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void aSearchHoldingAShutPoolScansInTheCallersThread() {
        SearchResult serial = new PlanSearch(PlanSearchTest.STEP).parallelOn(null).search(MODEL, CLUSTER, SPACE, 20);
        ForkJoinPool pool = new ForkJoinPool(2);
        PlanSearch search = new PlanSearch(recording(ConcurrentHashMap.newKeySet())).parallelOn(pool);
        pool.shutdown(); // as ClusterSim.close() does while a search still holds its pool
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        SearchResult after = new PlanSearch(recording(used)).parallelOn(pool).search(MODEL, CLUSTER, SPACE, 20);
        assertEquals(serial, after);
        assertEquals(Set.of(Thread.currentThread()), used, "a shut pool takes no units");
        assertEquals(serial, search.search(MODEL, CLUSTER, SPACE, 20));
    }

    @Test
    void slicesOnAPoolMergeToTheSerialSearch() {
        ForkJoinPool pool = new ForkJoinPool(3);
        try {
            PlanSearch.Task serial = new PlanSearch(PlanSearchTest.STEP).task(MODEL, CLUSTER, SPACE);
            PlanSearch.Task parallel = new PlanSearch(PlanSearchTest.STEP).parallelOn(pool).task(MODEL, CLUSTER, SPACE);
            SearchResult whole = serial.search(0, 1, 7, PlanSearch.Progress.NONE);
            java.util.List<SearchResult> parts = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                parts.add(parallel.search(i, 3, 7, PlanSearch.Progress.NONE));
            }
            assertEquals(whole, PlanSearch.merge(parts, 7));
            PlanSearchSlicesTest.assertSlicesMerge(parallel, 7);
        } finally {
            pool.shutdown();
        }
    }
}
