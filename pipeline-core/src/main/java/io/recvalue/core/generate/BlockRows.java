package io.recvalue.core.generate;

import io.recvalue.core.seed.Seeds;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The rows of a range of generation blocks, produced one at a time (nothing is held but the current
 * row and, for small catalogues, the item factors). Block {@code b} holds the global rows
 * {@code [b·B, min((b+1)·B, N))} and draws them, in order, from a {@link SplittableRandom} seeded by
 * {@code Seeds.derive(seed, "generate.block", b)}: a row depends on the settings and its block only,
 * never on which partition or task produces it.
 *
 * <p>One row (see {@link SyntheticLog} for the model):
 * <ol>
 *   <li>user {@code u} from the user-activity power law;
 *   <li>noise flag: true with probability {@code noise};
 *   <li>item: for implicit noise, uniform over all items; otherwise draw {@code i} from the
 *       popularity power law and accept it with probability {@code σ(β x_u·y_i)}, up to 64 draws
 *       (the last one is kept): {@code P(i | u) ∝ pop(i) σ(β x_u·y_i)};
 *   <li>explicit rating: {@code clamp(round(3 + 1.2 s + 0.5 ε), 1, 5)} with {@code s = x_u·y_i},
 *       {@code ε ~ N(0, 1)}; a noise row instead gets a rating drawn uniformly from the other four
 *       values, so every noise row really differs from its clean rating;
 *   <li>timestamp: {@code START + ⌊r·SPAN/N⌋} for global row {@code r}, so time runs along the log;
 *   <li>clean score: what the planted model expects before noise and rounding, {@code 3 + 1.2 s}
 *       (implicit: {@code s}), written for every row, noise rows included.
 * </ol>
 */
final class BlockRows implements Iterator<Row> {
  private static final int MAX_DRAWS = 64;

  private final GeneratorSettings s;
  private final PowerLaw userLaw;
  private final PowerLaw itemLaw;
  private final PlantedModel model;
  private final long lastBlock;
  private final double[] x;
  private final double[] scratch;
  private long block;
  private long row;
  private long blockEnd;
  private SplittableRandom rnd;

  /** The rows of blocks {@code [firstBlock, lastBlock)}. */
  BlockRows(GeneratorSettings s, long firstBlock, long lastBlock) {
    this.s = s;
    this.userLaw = new PowerLaw(s.users(), s.userExponent());
    this.itemLaw = new PowerLaw(s.items(), s.itemExponent());
    this.model = new PlantedModel(s.seed(), s.rank());
    this.lastBlock = lastBlock;
    this.x = new double[s.rank()];
    this.scratch = new double[s.rank()];
    this.block = firstBlock - 1;
    this.row = firstBlock * (long) s.blockRows();
    this.blockEnd = row;
  }

  @Override
  public boolean hasNext() {
    if (row < blockEnd) {
      return true;
    }
    if (block + 1 >= lastBlock) {
      return false;
    }
    block++;
    row = block * (long) s.blockRows();
    blockEnd = Math.min(row + s.blockRows(), s.interactions());
    rnd = new SplittableRandom(Seeds.derive(s.seed(), "generate.block", block));
    return row < blockEnd;
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    int u = userLaw.index(rnd.nextDouble());
    model.user(u, x);
    boolean noise = rnd.nextDouble() < s.noise();
    int item;
    double score = 0;
    if (noise && s.implicit()) {
      item = rnd.nextInt(s.items());
      score = model.score(x, item, s.items(), scratch);
    } else {
      item = 0;
      for (int draw = 0; draw < MAX_DRAWS; draw++) {
        item = itemLaw.index(rnd.nextDouble());
        score = model.score(x, item, s.items(), scratch);
        if (rnd.nextDouble() < 1 / (1 + Math.exp(-s.preference() * score))) {
          break;
        }
      }
    }
    long ts = GeneratorSettings.START_EPOCH_SECONDS
        + Math.floorDiv(row * GeneratorSettings.SPAN_SECONDS, s.interactions());
    row++;
    if (s.implicit()) {
      return RowFactory.create((long) u, (long) item, ts, noise ? 1 : 0, score);
    }
    int clean = (int) Math.max(GeneratorSettings.RATING_MIN, Math.min(GeneratorSettings.RATING_MAX,
        Math.round(3 + 1.2 * score + 0.5 * PlantedModel.gaussian(rnd))));
    int rating = clean;
    if (noise) {
      int span = GeneratorSettings.RATING_MAX - GeneratorSettings.RATING_MIN;
      rating = GeneratorSettings.RATING_MIN + rnd.nextInt(span);
      if (rating >= clean) {
        rating++;
      }
    }
    return RowFactory.create((long) u, (long) item, rating, ts, noise ? 1 : 0, 3 + 1.2 * score);
  }
}
