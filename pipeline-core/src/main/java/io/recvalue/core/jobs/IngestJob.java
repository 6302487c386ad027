package io.recvalue.core.jobs;

import io.recvalue.core.config.ConfigException;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.ingest.DuplicatePolicy;
import io.recvalue.core.ingest.FeedbackMode;
import io.recvalue.core.ingest.IngestResult;
import io.recvalue.core.ingest.IngestSettings;
import io.recvalue.core.ingest.Ingestor;
import io.recvalue.core.ingest.InputFormat;
import io.recvalue.core.ingest.SplitMethod;
import io.recvalue.core.ingest.TimestampFormat;
import io.recvalue.core.ingest.TrailingWindow;
import io.recvalue.core.run.RunDate;
import io.recvalue.core.run.Stage;
import io.recvalue.core.run.StageContext;
import java.util.Map;

/**
 * Stage {@code ingest}: the interaction log → {@code <output>/ingest/} (validated, quarantined,
 * deduplicated, indexed, split). Config sections {@code input.*}, {@code ingest.*}, {@code split.*}.
 */
public final class IngestJob implements Stage {
  public static final String NAME = "ingest";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void validate(RecvalueConfig config) {
    ConfigException.checkSettings(NAME, () -> settings(config));
    ConfigException.checkSettings(NAME, () -> window(config));
  }

  @Override
  public void run(StageContext context) {
    IngestSettings settings = settings(context.config());
    TrailingWindow window = window(context.config());
    if (window.enabled()) {
      context.manifest().stage(NAME).put("window", window.describe());
      context.console().progress(NAME, "trailing window: %s", window.describe());
    }
    IngestResult result =
        Ingestor.run(context.spark(), settings, window, context.requireInput(), context.outputDir());
    Map<String, Object> counts = result.toMap();
    context.manifest().stage(NAME).putAll(counts);
    context.console().progress(NAME, "%s", counts);
  }

  /** The trailing window of {@code input.window-days} days ending on the run's date (off when 0). */
  public static TrailingWindow window(RecvalueConfig c) {
    int days = c.getInt("input.window-days");
    return days == 0 ? TrailingWindow.NONE
        : new TrailingWindow(days, c.getString("input.date-partition-col"), RunDate.of(c));
  }

  /** Maps the {@code input.*}, {@code ingest.*} and {@code split.*} keys onto the ingest settings. */
  public static IngestSettings settings(RecvalueConfig c) {
    return new IngestSettings(
        InputFormat.parse("input.format", c.getString("input.format")),
        c.getString("input.csv-delimiter"),
        c.getString("input.user-col"),
        c.getString("input.item-col"),
        c.getString("input.rating-col"),
        c.getString("input.weight-col"),
        c.getString("input.timestamp-col"),
        TimestampFormat.parse("input.timestamp-format", c.getString("input.timestamp-format")),
        FeedbackMode.parse("ingest.feedback", c.getString("ingest.feedback")),
        c.getOptionalDouble("ingest.rating-min").orElse(null),
        c.getOptionalDouble("ingest.rating-max").orElse(null),
        c.getDouble("ingest.max-bad-fraction"),
        DuplicatePolicy.parse("ingest.duplicates", c.getString("ingest.duplicates")),
        c.getInt("ingest.kcore"),
        SplitMethod.parse("split.method", c.getString("split.method")),
        c.getInt("split.test-per-user"),
        c.getInt("split.validation-per-user"),
        c.getInt("split.min-train-per-user"),
        c.getLong("run.seed"));
  }
}
