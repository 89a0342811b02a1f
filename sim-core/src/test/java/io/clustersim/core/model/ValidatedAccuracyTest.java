package io.clustersim.core.model;

import io.clustersim.topology.ChipFamily;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The held-out figures reports state beside the calibration: reading, writing and wording them. */
class ValidatedAccuracyTest {

    private static final ValidatedAccuracy.Entry HOPPER_MOE = new ValidatedAccuracy.Entry(ChipFamily.NVIDIA_HOPPER,
            ValidatedAccuracy.Kind.MOE, 9, 0.04463, 0.77778, 1.51041, "DGX-H100");

    @Test
    void formatAndParseRoundTripExactly() {
        ValidatedAccuracy.Entry dense = new ValidatedAccuracy.Entry(ChipFamily.GOOGLE_TPU, ValidatedAccuracy.Kind.DENSE,
                13, 0.0555, 0.7692, 0.1961, "TPU v5p");
        ValidatedAccuracy read = ValidatedAccuracy.parse(ValidatedAccuracy.format(List.of(HOPPER_MOE, dense)));
        ValidatedAccuracy.Entry moe = read.entry(ChipFamily.NVIDIA_HOPPER, ValidatedAccuracy.Kind.MOE);
        assertEquals(9, moe.heldOutRows());
        assertEquals(HOPPER_MOE, moe);
        assertEquals(dense, read.entry(ChipFamily.GOOGLE_TPU, ValidatedAccuracy.Kind.DENSE));
    }

    @Test
    void aFamilyOrKindWithoutRowsSaysItIsNotValidated() {
        ValidatedAccuracy read = ValidatedAccuracy.parse(ValidatedAccuracy.format(List.of(HOPPER_MOE)));
        ValidatedAccuracy.Entry dense = read.entry(ChipFamily.NVIDIA_HOPPER, ValidatedAccuracy.Kind.DENSE);
        assertEquals(0, dense.heldOutRows());
        assertTrue(Double.isNaN(dense.medianAbsError()));
        assertEquals("NVIDIA_HOPPER dense: no held-out measurements, the step estimate is not validated for dense models"
                + " on this family", dense.describe());
        assertEquals(0, read.entry(ChipFamily.AWS_TRAINIUM, ValidatedAccuracy.Kind.MOE).heldOutRows());
    }

    @Test
    void describeStatesRowsSystemsMedianBandAndLargest() {
        assertEquals("NVIDIA_HOPPER MoE: 9 held-out measurements (DGX-H100), median |error| 4.5%, 78% within ±15%,"
                + " largest 151.0%", HOPPER_MOE.describe());
        ValidatedAccuracy.Entry one = new ValidatedAccuracy.Entry(ChipFamily.NVIDIA_AMPERE, ValidatedAccuracy.Kind.DENSE,
                1, 0.0215, 1, 0.0215, "A100 80GB");
        assertEquals("NVIDIA_AMPERE dense: 1 held-out measurement (A100 80GB), median |error| 2.2%, 100% within"
                + " ±12%, largest 2.2%; too few to judge", one.describe());
    }

    @Test
    void windowsLineEndsReadTheSame() {
        String text = ValidatedAccuracy.format(List.of(HOPPER_MOE));
        assertEquals(HOPPER_MOE, ValidatedAccuracy.parse(text.replace("\n", "\r\n"))
                .entry(ChipFamily.NVIDIA_HOPPER, ValidatedAccuracy.Kind.MOE));
    }

    @Test
    void kindFollowsTheModel() {
        assertEquals(ValidatedAccuracy.Kind.MOE, ValidatedAccuracy.Kind.of(TransformerSpecTest.DEEPSEEK_V3));
        TransformerSpec dense = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(4).hidden(1_024)
                .heads(8).ffnHidden(4_096).vocab(32_000).seqLen(4_096).build();
        assertEquals(ValidatedAccuracy.Kind.DENSE, ValidatedAccuracy.Kind.of(dense));
    }

    @Test
    void theBundledFiguresLoadAndAreFractions() {
        ValidatedAccuracy standard = ValidatedAccuracy.standard();
        int families = 0;
        for (ChipFamily f : ChipFamily.values()) {
            for (ValidatedAccuracy.Kind k : ValidatedAccuracy.Kind.values()) {
                ValidatedAccuracy.Entry e = standard.entry(f, k);
                if (e.heldOutRows() > 0) {
                    families++;
                    assertTrue(e.medianAbsError() >= 0 && e.medianAbsError() <= e.largestAbsError(), e.describe());
                    assertTrue(e.withinBand() >= 0 && e.withinBand() <= 1, e.describe());
                    assertTrue(!e.systems().isEmpty(), e.describe());
                }
            }
        }
        assertTrue(families >= 2, "the bundled resource holds figures");
    }

    @Test
    void aMalformedLineIsRefusedWithTheResourceNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ValidatedAccuracy.parse("NVIDIA_HOPPER\tMOE\t9\n"));
        assertTrue(e.getMessage().startsWith(ValidatedAccuracy.RESOURCE), e.getMessage());
    }
}
