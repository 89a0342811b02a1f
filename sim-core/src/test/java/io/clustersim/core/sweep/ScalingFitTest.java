package io.clustersim.core.sweep;

import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fits recover the coefficients of curves generated from the laws. */
class ScalingFitTest {

    static final double[] X = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};

    @Test
    void amdahlRecoversTheSerialFraction() {
        double sigma = 0.02;
        double[] s = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            s[i] = 1 / (sigma + (1 - sigma) / X[i]);
        }
        ScalingFit.Amdahl a = ScalingFit.amdahl(X, s);
        assertEquals(sigma, a.sigma(), 1e-8);
        assertEquals(0, a.rmsRelativeError(), 1e-8);
        assertEquals(50, a.maxSpeedup(), 1e-4);
    }

    @Test
    void uslRecoversContentionAndCoherencyWithHonestErrors() {
        double sigma = 0.03, kappa = 2e-4;
        Well19937c random = new Well19937c(11);
        double[] s = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            double exact = X[i] / (1 + sigma * (X[i] - 1) + kappa * X[i] * (X[i] - 1));
            s[i] = i == 0 ? 1 : exact * (1 + 0.01 * random.nextGaussian()); // 1% noise
        }
        ScalingFit.Usl u = ScalingFit.usl(X, s);
        assertTrue(Math.abs(u.sigma() - sigma) < 4 * u.sigmaError() + 1e-3, u.toString());
        assertTrue(Math.abs(u.kappa() - kappa) < 4 * u.kappaError() + 1e-5, u.toString());
        assertTrue(u.sigmaError() > 0 && u.kappaError() > 0);
        assertTrue(u.rmsRelativeError() < 0.02, u.toString());
        // the peak of x / (1 + σ(x−1) + κx(x−1)) is at sqrt((1 − σ)/κ) ≈ 69.6
        assertEquals(Math.sqrt((1 - u.sigma()) / u.kappa()), u.peakScale(), 1e-9);
        assertTrue(u.peakScale() > 50 && u.peakScale() < 95, "peak " + u.peakScale());
        // Amdahl cannot bend down: its fit of the same curve is visibly worse
        assertTrue(ScalingFit.amdahl(X, s).rmsRelativeError() > 3 * u.rmsRelativeError());
    }

    @Test
    void linearScalingFitsZero() {
        ScalingFit.Usl u = ScalingFit.usl(X, X.clone());
        assertEquals(0, u.sigma(), 1e-9);
        assertEquals(0, u.kappa(), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, u.peakScale());
    }
}
