package io.recvalue.valuation.loo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.math.Planted;
import io.recvalue.valuation.spark.ValidationKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link LeaveOneOut#onExecutors}: the retrains come back in the order of their tasks however Spark
 * schedules them, and while they run the progress lines count the retrains done, never backwards and
 * never past the total.
 */
@SparkTest
class RetrainProgressTest {
  private static final int RETRAINS = 8;
  private static final Pattern LINE = Pattern.compile("retrains: (\\d+) of (\\d+) done, \\d+ s");

  @Test
  void resultsKeepTheTaskOrderAndProgressCountsTheRetrainsDone() {
    LooProblem p = NewtonRetrainTest.problem(Planted.explicit(20, 10, 3, 0.5, 0.3, 0.2, 7), false, ValidationKind.MSE);
    List<int[]> tasks = new ArrayList<>();
    for (int t = 0; t < RETRAINS; t++) {
      tasks.add(new int[] {RETRAINS - 1 - t});
    }
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    // Each retrain takes 0.5 s, so even run all at once they outlast several 0.1 s progress intervals.
    List<LooProblem.Retrain> r = LeaveOneOut.onExecutors(SparkTestSession.get(), p, tasks, (problem, removed) -> {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new LooProblem.Retrain(removed[0], 1, true, 0);
    }, (format, args) -> lines.add(String.format(format, args)), 100);

    assertEquals(RETRAINS, r.size());
    for (int t = 0; t < RETRAINS; t++) {
      assertEquals(tasks.get(t)[0], r.get(t).change(), "retrain " + t);
    }
    assertFalse(lines.isEmpty(), "no progress line while the retrains ran");
    long last = -1;
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      assertTrue(m.matches(), line);
      long done = Long.parseLong(m.group(1));
      assertEquals(RETRAINS, Integer.parseInt(m.group(2)), line);
      assertTrue(done > last && done <= RETRAINS, lines.toString());
      last = done;
    }
  }
}
