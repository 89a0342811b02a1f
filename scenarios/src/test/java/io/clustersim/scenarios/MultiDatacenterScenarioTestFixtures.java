package io.clustersim.scenarios;

/** Scenario texts shared by the multi-datacenter tests. */
public final class MultiDatacenterScenarioTestFixtures {

    private MultiDatacenterScenarioTestFixtures() {
    }

    /** Two sites of 256 H100 each, hierarchical DP over a 20 Tb/s link. */
    public static final String TWO_SITES = MultiDatacenterScenarioTest.HEAD + """
            fleet {
              datacenters = [
                { name = a, chip = h100-sxm, chips = 256 }
                { name = b, chip = h100-sxm, chips = 256 }
              ]
              wan-links = [ { between = [a, b], bandwidth = 20Tbps, distance = 800km } ]
            }
            parallelism { tp = 8, pp = 2, dp = 32, global-batch = 256, sequence-parallel = true, zero-stage = 1 }
            """;
}
