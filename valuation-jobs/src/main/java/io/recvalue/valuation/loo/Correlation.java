package io.recvalue.valuation.loo;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Pearson and Spearman correlation of two equally long samples, by commons-math3: Spearman is the
 * Pearson correlation of the ranks, ties sharing their average rank ({@link TiesStrategy#AVERAGE}) and
 * NaN ranked above every number ({@link NaNStrategy#MAXIMAL}). NaN where the correlation is not
 * defined: samples of different lengths or shorter than two, or a constant sample.
 */
public final class Correlation {
  private static final SpearmansCorrelation SPEARMAN =
      new SpearmansCorrelation(new NaturalRanking(NaNStrategy.MAXIMAL, TiesStrategy.AVERAGE));

  private Correlation() {}

  public static double pearson(double[] a, double[] b) {
    return defined(a, b) ? new PearsonsCorrelation().correlation(a, b) : Double.NaN;
  }

  public static double spearman(double[] a, double[] b) {
    return defined(a, b) ? SPEARMAN.correlation(a, b) : Double.NaN;
  }

  private static boolean defined(double[] a, double[] b) {
    return a.length == b.length && a.length >= 2;
  }
}
