package io.clustersim.core.scaling;

import io.clustersim.core.model.Architecture;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.topology.Precision;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShapeFamilyTest {

    static final ShapeFamily LLAMA_LIKE = new ShapeFamily(Architecture.LLAMA, 128, 128, 8, 3.25, 128_256, 8_192,
            Precision.BF16);
    static final ShapeFamily GPT_LIKE = new ShapeFamily(Architecture.GPT, 100, 128, 0, 4, 51_200, 2_048, Precision.BF16);

    @Test
    void sizedShapesHitTheWantedSizeAndKeepTheFamily() {
        for (ShapeFamily family : new ShapeFamily[] {LLAMA_LIKE, GPT_LIKE}) {
            for (double n : new double[] {1e9, 7e9, 70e9, 405e9, 1e12}) {
                TransformerSpec m = family.sized(n);
                double error = m.parameterCount() / n - 1;
                double aspect = (double) m.hidden() / m.layers();
                System.out.printf("%s %.3g: %d layers x %d (aspect %.0f), %d heads, ffn %d -> %.4g (%+.1f%%)%n",
                        family.architecture(), n, m.layers(), m.hidden(), aspect, m.heads(), m.ffnHidden(),
                        m.parameterCount(), 100 * error);
                assertTrue(Math.abs(error) < 0.05, "within 5% of " + n + ": " + error);
                assertEquals(family.headDim(), m.headDim());
                assertEquals(0, m.heads() % 8, "heads divisible by TP 8");
                assertEquals(family.kvHeads() == 0 ? m.heads() : family.kvHeads(), m.kvHeads());
                assertEquals(family.ffnRatio() * m.hidden(), m.ffnHidden(), 128);
                assertTrue(aspect >= family.aspectRatio() / 2 && aspect <= 2 * family.aspectRatio(), "aspect " + aspect);
                if (n >= 70e9) { // large models have fine enough granules to keep the aspect ratio closely
                    assertEquals(family.aspectRatio(), aspect, 0.15 * family.aspectRatio());
                }
                assertTrue(Math.abs(error) <= 0.02, "within 2% (1% where the granules allow)");
            }
        }
    }

    @Test
    void withinOnePercentTheAspectRatioDecides() {
        // brute force over the documented candidates: depths up to 400, widths in granules of
        // 8 heads x 128 within 2x of 128 x depth
        for (double n : new double[] {32e9, 70e9}) {
            TransformerSpec chosen = LLAMA_LIKE.sized(n);
            assertTrue(Math.abs(chosen.parameterCount() / n - 1) <= 0.01, "within 1%: " + chosen);
            double chosenSkew = Math.abs(Math.log(chosen.hidden() / (128.0 * chosen.layers())));
            for (int layers = 1; layers <= 400; layers++) {
                for (int hidden = 1024; hidden <= 256 * layers; hidden += 1024) {
                    if (hidden < 64 * layers) {
                        continue;
                    }
                    TransformerSpec other = LLAMA_LIKE.shape(layers, hidden);
                    double skew = Math.abs(Math.log(hidden / (128.0 * layers)));
                    if (Math.abs(Math.log(other.parameterCount() / n)) <= Math.log(1.01)) {
                        assertTrue(skew >= chosenSkew, layers + " x " + hidden + " is as close and truer to the aspect");
                    }
                }
            }
        }
    }
}
