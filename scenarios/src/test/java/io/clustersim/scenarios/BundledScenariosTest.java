package io.clustersim.scenarios;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.SimOptions;
import io.clustersim.core.model.Problem;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bundled example and validation scenario loads and can run (valid plan, fits in memory). */
class BundledScenariosTest {

    @Test
    void everyBundledScenarioIsValid() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("scenarios/examples", "scenarios/validation")) {
            try (Stream<Path> list = Files.list(Path.of(dir))) {
                list.filter(p -> p.toString().endsWith(".conf")).sorted().forEach(files::add);
            }
        }
        assertTrue(files.size() >= 21, "expected the examples and 19 validation scenarios, found " + files.size());
        List<String> problems = new ArrayList<>();
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(1))) {
            for (Path file : files) {
                LoadedScenario loaded = ScenarioLoader.load(file);
                for (Problem p : sim.check(loaded.scenario())) {
                    problems.add(loaded.locate(p).getMessage());
                }
            }
        }
        assertEquals(List.of(), problems);
    }
}
