package io.clustersim.scenarios;

import io.clustersim.core.Scenario;
import io.clustersim.core.model.Problem;

/**
 * A scenario read from a file, which can still say where in the file a key stands: so problems
 * found later (a plan that does not fit in memory) are reported at their line too.
 */
public final class LoadedScenario {

    private final Scenario scenario;
    private final ConfigReader reader;
    private final boolean datacenterList;

    LoadedScenario(Scenario scenario, ConfigReader reader, boolean datacenterList) {
        this.scenario = scenario;
        this.reader = reader;
        this.datacenterList = datacenterList;
    }

    /** The scenario. */
    public Scenario scenario() {
        return scenario;
    }

    /** The file it came from, as given. */
    public String fileName() {
        return reader.fileName();
    }

    /** A located, one-line error for a problem tied to a scenario key. */
    public ScenarioException locate(Problem problem) {
        String key = problem.key();
        String first = "fleet.datacenters[0].";
        if (!datacenterList && key.startsWith(first)) {
            key = "fleet." + key.substring(first.length()); // a single datacenter written without the list
        }
        return reader.error(key, problem.message());
    }
}
