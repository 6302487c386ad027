package io.recvalue.explain.groups;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CoalitionsTest {
  @Test
  void fewGroupsAreEnumeratedAndSplitIntoDisjointFitAndHeldOutHalves() {
    Coalitions c = Coalitions.plan(6, 128, 64, 256, 1);
    assertTrue(c.exhaustive());
    assertEquals(32, c.fit().length);
    assertEquals(32, c.heldout().length);
    Set<Long> all = new HashSet<>();
    Arrays.stream(c.all()).forEach(all::add);
    assertEquals(64, all.size(), "every coalition exactly once");
    assertArrayEquals(c.fit(), Coalitions.plan(6, 128, 64, 256, 1).fit(), "seeded");
    assertFalse(Arrays.equals(c.fit(), Coalitions.plan(6, 128, 64, 256, 2).fit()), "another seed, another split");
  }

  @Test
  void manyGroupsAreSampledDistinctWithTheFullCoalition() {
    Coalitions c = Coalitions.plan(12, 100, 60, 256, 7);
    assertFalse(c.exhaustive());
    Set<Long> all = new HashSet<>();
    Arrays.stream(c.all()).forEach(all::add);
    assertEquals(c.all().length, all.size(), "distinct");
    assertTrue(c.fit().length >= 100 && c.heldout().length >= 59);
    assertTrue(all.contains(c.full()));
    double members = Arrays.stream(c.all()).mapToDouble(Long::bitCount).average().orElseThrow();
    assertEquals(6.0, members, 0.6, "each group in with probability 1/2");
  }
}
