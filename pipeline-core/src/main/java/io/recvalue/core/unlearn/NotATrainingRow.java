package io.recvalue.core.unlearn;

/** A removed pair that is not a row of the training table: the update changes nothing. */
public final class NotATrainingRow extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final int userIdx;
  private final int itemIdx;

  NotATrainingRow(int userIdx, int itemIdx) {
    super("removed pair (user_idx " + userIdx + ", item_idx " + itemIdx + ") is not a training row; nothing was changed");
    this.userIdx = userIdx;
    this.itemIdx = itemIdx;
  }

  public int userIdx() {
    return userIdx;
  }

  public int itemIdx() {
    return itemIdx;
  }
}
