package io.recvalue.explain.shapley;

/**
 * A cooperative game: {@code n} players and a worth {@code v(S)} for every coalition {@code S}. What
 * {@link ExactShapley} enumerates and {@link PermutationShapley} samples; the interventional game of a
 * surrogate ({@link InterventionalGame}) and the fold-in game of one recommendation are two of them.
 *
 * <p>A permutation sample only needs the worths along one chain {@code ∅ ⊂ {π_1} ⊂ {π_1, π_2} ⊂ … ⊂ F},
 * which {@link #walk} computes; a game may do that incrementally, and a game of more than 63 players
 * (which bit masks cannot address) must.
 */
public interface CoalitionGame {
  /** Players, numbered {@code 0 .. players()-1}. */
  int players();

  /**
   * {@code v(S)} for the coalition whose members are the set bits of {@code mask} (player {@code f} is
   * bit {@code f}); only games of at most 63 players must support it.
   */
  double value(long mask);

  /**
   * {@code v(S)} for the coalition of the players with {@code members[f]}: any number of players. The
   * default reads the members as a bit mask (at most 63 players).
   */
  default double value(boolean[] members) {
    long mask = 0L;
    for (int f = 0; f < members.length; f++) {
      if (members[f]) {
        if (f > 62) {
          throw new IllegalArgumentException("a game of " + members.length + " players needs value(boolean[])");
        }
        mask |= 1L << f;
      }
    }
    return value(mask);
  }

  /** {@code v(∅)}. */
  default double emptyValue() {
    return value(0L);
  }

  /** {@code v(F)}, the worth of all players together. */
  default double fullValue() {
    return value(fullMask(players()));
  }

  /**
   * Adds the players to the empty coalition in the order of {@code order} (read backwards when
   * {@code reversed}) and writes each one's marginal change into {@code credit[player]}: the credits of
   * one walk telescope from {@link #emptyValue()} to {@link #fullValue()}. The default computes each
   * prefix with {@link #value(long)}.
   */
  default void walk(int[] order, boolean reversed, double[] credit) {
    int n = order.length;
    long mask = 0L;
    double previous = emptyValue();
    for (int k = 0; k < n; k++) {
      int f = order[reversed ? n - 1 - k : k];
      mask |= 1L << f;
      double current = k == n - 1 ? fullValue() : value(mask);
      credit[f] = current - previous;
      previous = current;
    }
  }

  /** The mask of all {@code n ≤ 63} players. */
  static long fullMask(int n) {
    if (n < 0 || n > 63) {
      throw new IllegalArgumentException("bit masks address 0 to 63 players, got " + n);
    }
    return n == 63 ? Long.MAX_VALUE : (1L << n) - 1;
  }
}
