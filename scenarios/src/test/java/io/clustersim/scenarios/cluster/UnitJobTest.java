package io.clustersim.scenarios.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clustersim.core.ClusterSim;
import io.clustersim.core.Scenario;
import io.clustersim.core.plan.PlanSearch;
import io.clustersim.core.plan.SearchResult;
import io.clustersim.core.plan.SearchSpace;
import io.clustersim.core.SimOptions;
import io.clustersim.core.Trials;
import io.clustersim.core.engine.EngineKind;
import io.clustersim.core.run.RunResult;
import io.clustersim.core.sweep.BatchPolicy;
import io.clustersim.core.sweep.ChipScaling;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A worker rebuilds the coordinator's planned scenario from the unit's text and recipe — a plain
 * run, a chips-sweep point, a deadline candidate, a searched plan, a field override — and refuses a
 * unit whose scenario it rebuilds differently. The fingerprint is a digest of the scenario's
 * records' text, so that text must hold no identity hash codes or lambdas (which differ by JVM).
 */
class UnitJobTest {

    private static UnitJob job(String example, Map<String, String> overrides) throws Exception {
        Path file = Path.of("scenarios/examples", example);
        return UnitJob.of(file.toString(), Files.readString(file), overrides, 4, 11L);
    }

    /** The planned scenario the coordinator simulates when it runs {@code scenario} (captured from its executor). */
    private static Scenario planned(ClusterSim sim, Scenario scenario) {
        AtomicReference<Scenario> seen = new AtomicReference<>();
        sim.run(scenario, trials -> {
            seen.compareAndSet(null, trials.scenario());
            return trials.run(0, trials.count());
        });
        return seen.get();
    }

    @Test
    void workerRebuildsWhatTheCoordinatorSimulates() throws Exception {
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(2).withEngine(EngineKind.INLINE))) {
            for (String example : List.of("gpt3-175b-a100.conf", "llama3-405b-deadline.conf",
                    "llama3-405b-sites-deadline.conf", "chinchilla-budget-h100.conf", "multi-dc-3x-100k-gb200.conf")) {
                UnitJob job = job(example, Map.of());
                Scenario base = job.base();
                Scenario planned = planned(sim, base);
                UnitJob sent = (base.target().deadline() != null
                        ? job.withCandidate(Math.toIntExact(planned.fleet().chips())) : job)
                        .withPlan(planned.parallelism(), UnitJob.fingerprint(planned));
                assertEquals(planned, sent.rebuild(), example);
                assertFalse(planned.toString().matches("(?s).*(@[0-9a-f]{6,}|\\$\\$Lambda).*"), example);
            }
            // a chips-sweep point, and a field override
            UnitJob job = job("gpt3-175b-a100.conf", Map.of());
            ChipScaling.Resized point = ChipScaling.resize(job.base(), 2_000, BatchPolicy.PER_REPLICA);
            Scenario planned = planned(sim, point.scenario());
            assertEquals(planned, job.withSweepPoint(2_000, BatchPolicy.PER_REPLICA, null)
                    .withPlan(planned.parallelism(), UnitJob.fingerprint(planned)).rebuild());
            UnitJob seeded = UnitJob.of(job.fileName(), job.text(), Map.of("seed", "99"), 4, null);
            assertEquals(99, seeded.base().seed());
            Scenario override = planned(sim, seeded.base());
            assertEquals(override, seeded.withPlan(override.parallelism(), UnitJob.fingerprint(override)).rebuild());
            // ...and a worker that would rebuild something else refuses
            UnitJob wrong = job.withPlan(planned.parallelism(), UnitJob.fingerprint(planned));
            assertThrows(IllegalStateException.class, wrong::rebuild);
        }
    }

    @Test
    void resultsSurviveJsonExactly() throws Exception {
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(2).withEngine(EngineKind.INLINE))) {
            UnitJob job = job("multi-dc-3x-100k-gb200.conf", Map.of());
            Scenario planned = planned(sim, job.base());
            Trials trials = sim.trials(planned);
            List<RunResult> results = trials.run(0, 3);
            // the record the coordinator receives, through Jackson as Akka's serializer uses it
            ObjectMapper json = new ObjectMapper();
            Dispatcher.UnitDone done = new Dispatcher.UnitDone(7, "w", results);
            assertEquals(done, json.readValue(json.writeValueAsBytes(done), Dispatcher.UnitDone.class));
            UnitJob sent = job.withPlan(planned.parallelism(), UnitJob.fingerprint(planned));
            assertEquals(sent, json.readValue(json.writeValueAsBytes(sent), UnitJob.class));
        }
    }

    @Test
    void aSearchSliceTravelsAsPlansAndMergesToTheCoordinatorsSearch() throws Exception {
        // plan searches every plan of a scenario that states one: the worker searches the same space
        UnitJob job = job("gpt3-175b-a100.conf", Map.of());
        Scenario searched = job.base().withPlanSearch(new SearchSpace(job.base().globalBatch()));
        UnitJob sent = job.withSearchAll().withPlan(null, UnitJob.fingerprint(searched));
        ObjectMapper json = new ObjectMapper();
        UnitJob received = json.readValue(json.writeValueAsBytes(sent), UnitJob.class);
        assertEquals(searched, received.rebuild());
        assertThrows(IllegalStateException.class, job.withPlan(null, UnitJob.fingerprint(searched))::rebuild,
                "without searchAll the worker would search another space: it refuses");

        // a coordinator of 3 threads, a worker of 1 (--threads 1): the same search
        try (ClusterSim coordinatorSim = ClusterSim.create(SimOptions.defaults().withThreads(3));
             ClusterSim workerSim = ClusterSim.create(SimOptions.defaults().withThreads(1))) {
            PlanSearch.Task coordinator = coordinatorSim.searchTask(searched);
            PlanSearch.Task worker = workerSim.searchTask(received.rebuild());
            int slices = ClusterSession.searchSlices(coordinator.layouts());
            assertEquals(16, slices, coordinator.layouts() + " layouts");
            List<SearchResult> parts = new java.util.ArrayList<>();
            for (int i = 0; i < slices; i++) {
                Worker.SliceResult slice = Worker.SliceResult.of(worker.search(i, slices, 5, PlanSearch.Progress.NONE));
                Dispatcher.SliceDone done = new Dispatcher.SliceDone(i, "w", slice);
                parts.add(json.readValue(json.writeValueAsBytes(done), Dispatcher.SliceDone.class).result()
                        .rebuilt(coordinator));
            }
            assertEquals(coordinator.search(0, 1, 5, PlanSearch.Progress.NONE), PlanSearch.merge(parts, 5));
        }
    }
}
