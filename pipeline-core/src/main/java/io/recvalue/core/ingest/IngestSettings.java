package io.recvalue.core.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every option of the ingest stage, immutable and validated when built: a bad value fails here, before
 * Spark does any work, with a message that names the setting and the value.
 *
 * <p>Optional columns ({@code ratingColumn}, {@code weightColumn}, {@code timestampColumn}) are
 * {@code null} when the log has none (a blank name counts as none). Optional rating bounds are
 * {@code null} when unbounded. Split sizes are counts per user. Use {@link #defaults()} or
 * {@link #builder()}; {@link #toMap()} gives the resolved values for the run manifest.
 *
 * @param format how to read the input files
 * @param csvDelimiter the CSV field separator (one character)
 * @param userColumn the column holding the user id
 * @param itemColumn the column holding the item id
 * @param ratingColumn the rating (explicit) or count (implicit) column, or null
 * @param weightColumn the per-interaction weight column, or null (weight 1)
 * @param timestampColumn the timestamp column, or null
 * @param timestampFormat how timestamp values are read
 * @param feedback explicit ratings or implicit counts
 * @param ratingMin smallest valid rating (inclusive), or null
 * @param ratingMax largest valid rating (inclusive), or null
 * @param maxBadFraction the run fails when quarantined rows / rows read exceeds this
 * @param duplicatePolicy how repeated (user, item) pairs are merged
 * @param kcore minimum interactions per user and per item (iterated), 0 for no filter
 * @param splitMethod time or random split, or auto
 * @param testPerUser interactions per user held out for test
 * @param validationPerUser interactions per user held out for validation
 * @param minTrainPerUser users with fewer than test + validation + this keep everything in train
 * @param seed the root seed (the random split derives its draws from it)
 */
public record IngestSettings(
    InputFormat format,
    String csvDelimiter,
    String userColumn,
    String itemColumn,
    String ratingColumn,
    String weightColumn,
    String timestampColumn,
    TimestampFormat timestampFormat,
    FeedbackMode feedback,
    Double ratingMin,
    Double ratingMax,
    double maxBadFraction,
    DuplicatePolicy duplicatePolicy,
    int kcore,
    SplitMethod splitMethod,
    int testPerUser,
    int validationPerUser,
    int minTrainPerUser,
    long seed) {

  public IngestSettings {
    require(format != null, "format", null, "must be set");
    require(csvDelimiter != null && csvDelimiter.length() == 1, "csvDelimiter", csvDelimiter,
        "must be exactly one character");
    require(userColumn != null && !userColumn.isBlank(), "userColumn", userColumn, "must name a column");
    require(itemColumn != null && !itemColumn.isBlank(), "itemColumn", itemColumn, "must name a column");
    ratingColumn = blankToNull(ratingColumn);
    weightColumn = blankToNull(weightColumn);
    timestampColumn = blankToNull(timestampColumn);
    requireDistinct(userColumn, itemColumn, ratingColumn, weightColumn, timestampColumn);
    require(timestampFormat != null, "timestampFormat", null, "must be set");
    require(feedback != null, "feedback", null, "must be set");
    require(feedback != FeedbackMode.EXPLICIT || ratingColumn != null, "ratingColumn", null,
        "must be set when feedback=explicit");
    require(ratingMin == null || Double.isFinite(ratingMin), "ratingMin", ratingMin, "must be finite");
    require(ratingMax == null || Double.isFinite(ratingMax), "ratingMax", ratingMax, "must be finite");
    require(ratingMin == null || ratingMax == null || ratingMin <= ratingMax, "ratingMax", ratingMax,
        "must be >= ratingMin=" + ratingMin);
    require(maxBadFraction >= 0 && maxBadFraction <= 1, "maxBadFraction", maxBadFraction,
        "must be in [0, 1]");
    require(duplicatePolicy != null, "duplicatePolicy", null, "must be set");
    require(duplicatePolicy != DuplicatePolicy.LATEST || timestampColumn != null, "duplicatePolicy",
        "latest", "needs a timestamp column, but timestampColumn is not set; use mean or sum, or set"
            + " timestampColumn");
    require(kcore >= 0, "kcore", kcore, "must be >= 0 (0 turns the filter off)");
    require(splitMethod != null, "splitMethod", null, "must be set");
    require(splitMethod != SplitMethod.TIME || timestampColumn != null, "splitMethod", "time",
        "needs a timestamp column, but timestampColumn is not set; use random or auto");
    require(testPerUser >= 0, "testPerUser", testPerUser, "must be >= 0");
    require(validationPerUser >= 0, "validationPerUser", validationPerUser, "must be >= 0");
    require(minTrainPerUser >= 1, "minTrainPerUser", minTrainPerUser, "must be >= 1");
  }

  /** The defaults: MovieTweetings-style columns, explicit ratings, latest duplicate, 1 test + 1 validation. */
  public static IngestSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether the log has timestamps. */
  public boolean hasTimestamps() {
    return timestampColumn != null;
  }

  /** The split method after resolving {@code auto}: time when there are timestamps, else random. */
  public SplitMethod effectiveSplitMethod() {
    if (splitMethod != SplitMethod.AUTO) {
      return splitMethod;
    }
    return hasTimestamps() ? SplitMethod.TIME : SplitMethod.RANDOM;
  }

  /** The resolved values, in declaration order, for logs and the run manifest. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", format.toString());
    m.put("csvDelimiter", csvDelimiter);
    m.put("userColumn", userColumn);
    m.put("itemColumn", itemColumn);
    m.put("ratingColumn", ratingColumn);
    m.put("weightColumn", weightColumn);
    m.put("timestampColumn", timestampColumn);
    m.put("timestampFormat", timestampFormat.toString());
    m.put("feedback", feedback.toString());
    m.put("ratingMin", ratingMin);
    m.put("ratingMax", ratingMax);
    m.put("maxBadFraction", maxBadFraction);
    m.put("duplicatePolicy", duplicatePolicy.toString());
    m.put("kcore", kcore);
    m.put("splitMethod", splitMethod.toString());
    m.put("effectiveSplitMethod", effectiveSplitMethod().toString());
    m.put("testPerUser", testPerUser);
    m.put("validationPerUser", validationPerUser);
    m.put("minTrainPerUser", minTrainPerUser);
    m.put("seed", seed);
    return m;
  }

  private static void require(boolean ok, String setting, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("ingest setting " + setting + "=" + quote(value) + " " + rule);
    }
  }

  /** No two roles may read the same column. */
  private static void requireDistinct(String... columns) {
    String[] roles = {"userColumn", "itemColumn", "ratingColumn", "weightColumn", "timestampColumn"};
    for (int i = 0; i < columns.length; i++) {
      for (int j = 0; j < i; j++) {
        require(columns[i] == null || !columns[i].equals(columns[j]), roles[i], columns[i],
            "is already used as " + roles[j]);
      }
    }
  }

  private static String quote(Object value) {
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Mutable builder; {@link #build()} validates. Defaults are those of {@link #defaults()}. */
  public static final class Builder {
    private InputFormat format = InputFormat.AUTO;
    private String csvDelimiter = ",";
    private String userColumn = "user_id";
    private String itemColumn = "item_id";
    private String ratingColumn = "rating";
    private String weightColumn = null;
    private String timestampColumn = "timestamp";
    private TimestampFormat timestampFormat = TimestampFormat.AUTO;
    private FeedbackMode feedback = FeedbackMode.EXPLICIT;
    private Double ratingMin = null;
    private Double ratingMax = null;
    private double maxBadFraction = 0.01;
    private DuplicatePolicy duplicatePolicy = DuplicatePolicy.LATEST;
    private int kcore = 0;
    private SplitMethod splitMethod = SplitMethod.AUTO;
    private int testPerUser = 1;
    private int validationPerUser = 1;
    private int minTrainPerUser = 1;
    private long seed = 42L;

    private Builder() {}

    private Builder(IngestSettings s) {
      format = s.format; csvDelimiter = s.csvDelimiter; userColumn = s.userColumn;
      itemColumn = s.itemColumn; ratingColumn = s.ratingColumn; weightColumn = s.weightColumn;
      timestampColumn = s.timestampColumn; timestampFormat = s.timestampFormat; feedback = s.feedback;
      ratingMin = s.ratingMin; ratingMax = s.ratingMax; maxBadFraction = s.maxBadFraction;
      duplicatePolicy = s.duplicatePolicy; kcore = s.kcore; splitMethod = s.splitMethod;
      testPerUser = s.testPerUser; validationPerUser = s.validationPerUser;
      minTrainPerUser = s.minTrainPerUser; seed = s.seed;
    }

    public Builder format(InputFormat v) { format = v; return this; }
    public Builder csvDelimiter(String v) { csvDelimiter = v; return this; }
    public Builder userColumn(String v) { userColumn = v; return this; }
    public Builder itemColumn(String v) { itemColumn = v; return this; }
    public Builder ratingColumn(String v) { ratingColumn = v; return this; }
    public Builder weightColumn(String v) { weightColumn = v; return this; }
    public Builder timestampColumn(String v) { timestampColumn = v; return this; }
    public Builder timestampFormat(TimestampFormat v) { timestampFormat = v; return this; }
    public Builder feedback(FeedbackMode v) { feedback = v; return this; }
    public Builder ratingMin(Double v) { ratingMin = v; return this; }
    public Builder ratingMax(Double v) { ratingMax = v; return this; }
    public Builder maxBadFraction(double v) { maxBadFraction = v; return this; }
    public Builder duplicatePolicy(DuplicatePolicy v) { duplicatePolicy = v; return this; }
    public Builder kcore(int v) { kcore = v; return this; }
    public Builder splitMethod(SplitMethod v) { splitMethod = v; return this; }
    public Builder testPerUser(int v) { testPerUser = v; return this; }
    public Builder validationPerUser(int v) { validationPerUser = v; return this; }
    public Builder minTrainPerUser(int v) { minTrainPerUser = v; return this; }
    public Builder seed(long v) { seed = v; return this; }

    public IngestSettings build() {
      return new IngestSettings(format, csvDelimiter, userColumn, itemColumn, ratingColumn,
          weightColumn, timestampColumn, timestampFormat, feedback, ratingMin, ratingMax,
          maxBadFraction, duplicatePolicy, kcore, splitMethod, testPerUser, validationPerUser,
          minTrainPerUser, seed);
    }
  }
}
