package io.clustersim.scenarios;

import io.clustersim.core.Report;
import io.clustersim.core.Scenario;
import io.clustersim.core.cost.CostModel;
import io.clustersim.core.model.Problem;

import java.util.Map;

/**
 * A scenario read from a file, which can still say where in the file a key stands: so problems
 * found later (a plan that does not fit in memory) are reported at their line too.
 */
public final class LoadedScenario {

    private final Scenario scenario;
    private final ConfigReader reader;
    private final boolean datacenterList;
    private final Map<String, CostModel.Priced> prices;

    LoadedScenario(Scenario scenario, ConfigReader reader, boolean datacenterList, Map<String, CostModel.Priced> prices) {
        this.scenario = scenario;
        this.reader = reader;
        this.datacenterList = datacenterList;
        this.prices = Map.copyOf(prices);
    }

    /** Prices by datacenter name from the scenario's {@code cost} sections; empty when it gives none. */
    public Map<String, CostModel.Priced> prices() {
        return prices;
    }

    /**
     * The report with its cost section when the scenario gives prices (unchanged otherwise).
     *
     * @throws ScenarioException located at the cost keys when the prices cannot apply
     */
    public Report priced(Report report) {
        if (prices.isEmpty()) {
            return report;
        }
        try {
            return CostModel.priced(report, prices);
        } catch (IllegalArgumentException e) {
            throw reader.error("fleet.cost", e.getMessage());
        }
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
