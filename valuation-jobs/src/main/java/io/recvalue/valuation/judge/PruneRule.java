package io.recvalue.valuation.judge;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which valued interactions {@code recvalue prune} removes. Candidates are the training interactions
 * that have a value ({@code by = interaction}), or the items that have one ({@code by = item}, item
 * value = {@code value_sum} of {@code value/items}, the item's total contribution), ordered by value,
 * ties by index:
 *
 * <ul>
 *   <li>{@code drop-lowest p}: removes the {@code ⌊p·n⌋} lowest of the {@code n} candidates;
 *   <li>{@code keep-top p}: keeps the {@code ⌊p·n⌋} highest, removes the rest;
 *   <li>{@code threshold v}: removes the candidates with value {@code < v};
 *   <li>{@code keep-decision}: removes the interactions a discrete method decided to drop
 *       ({@code keep = false} in the values of {@code value --method pg}).
 * </ul>
 * With {@code by = item}, the valued interactions of a removed item are removed.
 *
 * @param kind {@code drop-lowest}, {@code keep-top}, {@code threshold} or {@code keep-decision}
 * @param amount the fraction (drop-lowest, keep-top) or the threshold value
 * @param byItem whether candidates are items
 */
public record PruneRule(String kind, BigDecimal amount, boolean byItem) {
  public static final String DROP_LOWEST = "drop-lowest";
  public static final String KEEP_TOP = "keep-top";
  public static final String THRESHOLD = "threshold";
  public static final String KEEP_DECISION = "keep-decision";

  public PruneRule {
    if (kind.equals(KEEP_DECISION) && byItem) {
      throw new IllegalArgumentException("the keep decision is per interaction; --by item needs a ranked rule"
          + " (--drop-lowest, --keep-top or --threshold)");
    }
  }

  /** The rule that follows a discrete method's keep decision. */
  public static PruneRule keepDecision() {
    return new PruneRule(KEEP_DECISION, BigDecimal.ZERO, false);
  }

  /** {@code 10%} or a fraction in [0, 1] such as {@code 0.1}. */
  public static BigDecimal fraction(String option, String text) {
    String t = text.trim();
    try {
      BigDecimal f = t.endsWith("%") ? new BigDecimal(t.substring(0, t.length() - 1).trim()).movePointLeft(2)
          : new BigDecimal(t);
      if (f.signum() >= 0 && f.compareTo(BigDecimal.ONE) <= 0) {
        return f;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(option + " must be a percentage such as 10% or a fraction in [0, 1], got '"
        + text + "'");
  }

  /** How many of {@code n} candidates are removed, for the ranked kinds. */
  public long removedCount(long n) {
    long share = amount.multiply(BigDecimal.valueOf(n)).setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
    return kind.equals(DROP_LOWEST) ? share : n - share;
  }

  public boolean ranked() {
    return kind.equals(DROP_LOWEST) || kind.equals(KEEP_TOP);
  }

  public String describe() {
    String what = byItem ? "items" : "interactions";
    return switch (kind) {
      case DROP_LOWEST -> "drop the lowest-valued " + percent() + " of the valued " + what;
      case KEEP_TOP -> "keep the highest-valued " + percent() + " of the valued " + what;
      case KEEP_DECISION -> "drop the interactions the values' keep decision drops";
      default -> "drop the valued " + what + " with value below " + amount.toPlainString();
    };
  }

  private String percent() {
    return amount.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rule", kind);
    m.put("amount", amount.doubleValue());
    m.put("by", byItem ? "item" : "interaction");
    m.put("description", describe());
    return m;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s %s by %s", kind, amount.toPlainString(), byItem ? "item" : "interaction");
  }
}
