package io.clustersim.core.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The builder's named degrees build the same plans as the positional constructors and the short names. */
class ParallelismPlanBuilderTest {

    @Test
    void namedDegreesAreThePositionalPlan() {
        ParallelismPlan named = ParallelismPlan.builder().tensor(8).pipeline(8).data(16).microBatch(1).globalBatch(1_536)
                .build();
        assertEquals(new ParallelismPlan(8, 8, 16, 1, 1_536), named);
        assertEquals(1_024, named.chips());
    }

    @Test
    void longAndShortNamesSetTheSameDegrees() {
        ParallelismPlan longNames = ParallelismPlan.builder().tensor(2).pipeline(4).data(32).context(2).expert(16)
                .expertTensor(2).globalBatch(256).build();
        ParallelismPlan shortNames = ParallelismPlan.builder().tp(2).pp(4).dp(32).cp(2).ep(16).etp(2).globalBatch(256)
                .build();
        assertEquals(shortNames, longNames);
        assertEquals(2, longNames.context());
        assertEquals(16, longNames.expert());
        assertEquals(2, longNames.expertTensor());
        assertEquals(4, longNames.expertData()); // 2·2·32 ranks over an expert group of 16·2
    }
}
