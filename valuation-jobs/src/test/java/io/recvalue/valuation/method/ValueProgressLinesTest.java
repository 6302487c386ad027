package io.recvalue.valuation.method;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recvalue.core.als.TrainingHistory;
import io.recvalue.core.run.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The value stage's progress lines, as a person watching the console reads them. */
class ValueProgressLinesTest {
  @Test
  void oneLinePerConjugateGradientIterationAndPerEpPhaseSweep() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Console console = new Console(new PrintStream(err, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    ValueProgressLines lines = new ValueProgressLines(Progress.of(console, "value"), 100, 1e-6, 10);
    lines.iterationDone(3, 1.2345e-3, 2.07);
    lines.phaseSweepDone("minus", new TrainingHistory.Iteration(2, 512.25, 1e-4, Double.NaN, 0.25));
    assertEquals("[value] CG iteration 3/100: relative residual 1.235e-03 (stops at 1.0e-06), 2.1 s\n"
        + "[value] EP phase minus, sweep 2/10: objective 5.122500e+02, relative change 1.000e-04, 0.3 s\n",
        err.toString(StandardCharsets.UTF_8));
  }
}
