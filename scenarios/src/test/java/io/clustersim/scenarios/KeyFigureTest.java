package io.clustersim.scenarios;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.Report;
import io.clustersim.core.SimOptions;
import io.clustersim.core.engine.EngineKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code compare}'s table is the key figures of {@link KeyFigure#ALL}, in order, read and printed as they define. */
class KeyFigureTest {

    @Test
    void compareTabulatesEveryKeyFigure() {
        LoadedScenario loaded = ScenarioLoader.load(Path.of("scenarios/examples/gpt3-175b-a100.conf"));
        Report a;
        Report b;
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(1).withEngine(EngineKind.INLINE))) {
            a = loaded.priced(sim.run(loaded.scenario().withTrials(4)));
            b = loaded.priced(sim.run(loaded.scenario().withTrials(4).withSeed(7)));
        }
        List<List<String>> rows = new Comparison(List.of("a", "b"), List.of(a, b)).rows();
        assertEquals(KeyFigure.ALL.stream().map(KeyFigure::name).toList(), rows.stream().map(r -> r.get(0)).toList());
        for (int i = 0; i < rows.size(); i++) {
            KeyFigure f = KeyFigure.ALL.get(i);
            assertEquals(f.format(a), rows.get(i).get(2), f.name());
            assertEquals(f.format(b), rows.get(i).get(3), f.name());
        }
        assertTrue(a.cost() != null && KeyFigure.COST.format(a).matches("[0-9.e+]+"), KeyFigure.COST.format(a));
        String text = new Comparison(List.of("a", "b"), List.of(a, b)).text();
        for (String name : List.of("a", "b")) { // each scenario's validated figures close the text
            assertTrue(text.contains("validated " + name + ": " + a.step().validation().get(0).describe()), text);
        }
        assertEquals("16,384", KeyFigure.CHIPS.format(16_384));
        assertEquals("-", KeyFigure.COST.format(Double.NaN));
    }
}
