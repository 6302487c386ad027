package io.recvalue.cli;

import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.generate.GeneratorSettings;
import io.recvalue.core.generate.SyntheticLog;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.RunManifest;
import io.recvalue.core.run.SparkSessions;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code recvalue generate}: a synthetic log with planted preferences and marked noise. */
@Command(name = "generate",
    description = {"Generate a synthetic log with planted low-rank preferences and marked noise.",
        "",
        "Writes DIR/interactions/ (part-NNNNN.csv or .parquet: user_id, item_id, rating (explicit, 1..5),"
            + " timestamp, is_noise, clean_score) and DIR/recvalue.properties, the settings to read it with:",
        "  recvalue ingest --input DIR/interactions --output RUN --config DIR/recvalue.properties",
        "Users and items carry rank-K Gaussian factors; user activity and item popularity follow power laws; a"
            + " user picks item i with probability proportional to popularity(i) * sigmoid(2 x_u.y_i); a fraction"
            + " F of the rows is planted noise (explicit: a wrong rating drawn uniformly; implicit: a random item),"
            + " marked is_noise = 1; clean_score is what the planted model expects of the row before noise and"
            + " rounding (3 + 1.2 x_u.y_i; implicit: x_u.y_i), the oracle of noise detection. Rows are generated inside Spark tasks, block by block from seeds derived from"
            + " S, so memory stays bounded and the same options give the same bytes; the rows do not depend on"
            + " --partitions."},
    footer = {"", RecvalueCommand.SPARK_OPTIONS})
final class GenerateCommand implements Subcommand {
  private static final String NAME = "generate";

  @Mixin
  HelpOption help;

  @Option(names = "--interactions", required = true, paramLabel = "N", order = 1,
      description = "Rows (1e6 and 1_000_000 are accepted).")
  String interactions;

  @Option(names = "--users", required = true, paramLabel = "U", order = 2, description = "Number of users.")
  String users;

  @Option(names = "--items", required = true, paramLabel = "I", order = 3, description = "Number of items.")
  String items;

  @Option(names = "--output", required = true, paramLabel = "DIR", order = 4, description = "Where the log goes.")
  String output;

  @Option(names = "--rank", paramLabel = "K", order = 10, defaultValue = "10",
      description = "Planted rank (default ${DEFAULT-VALUE}).")
  String rank;

  @Option(names = "--noise", paramLabel = "F", order = 11, defaultValue = "0",
      description = "Fraction of noise rows, in [0, 1) (default ${DEFAULT-VALUE}).")
  String noise;

  @Option(names = "--feedback", paramLabel = "M", order = 12, defaultValue = "explicit",
      description = "explicit or implicit (default ${DEFAULT-VALUE}).")
  String feedback;

  @Option(names = "--format", paramLabel = "F", order = 13, defaultValue = "csv",
      description = "csv or parquet (default ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--seed", paramLabel = "S", order = 14, description = "Root seed (default: run.seed).")
  String seed;

  @Option(names = "--partitions", paramLabel = "P", order = 15, defaultValue = "0",
      description = "Output files and Spark tasks; 0 is one per 10^6 rows, at least the cores (default ${DEFAULT-VALUE}).")
  String partitions;

  @Option(names = "--item-exponent", paramLabel = "X", order = 16, defaultValue = "0.8",
      description = "Exponent of the item popularity power law (default ${DEFAULT-VALUE}).")
  String itemExponent;

  @Option(names = "--user-exponent", paramLabel = "X", order = 17, defaultValue = "0.5",
      description = "Exponent of the user activity power law (default ${DEFAULT-VALUE}).")
  String userExponent;

  @Mixin
  ConfigOptions configOptions;

  @Mixin
  CheckOption check;

  @Override
  public int run(Console console, List<String> arguments) throws Exception {
    RecvalueConfig config = configOptions.load();
    PathSafety.checkAllowed(config, Map.of("--output", output));
    GeneratorSettings s = settings(config);
    ConfigReport.print(console, NAME, config);
    console.progress(NAME, "%s", s.toMap());
    if (check.requested) {
      console.summary("recvalue %s: arguments, configuration and paths are valid; nothing was run", NAME);
      return ExitCodes.OK;
    }
    SparkSession spark = SparkSessions.create(NAME, config, output);
    RunManifest manifest = new RunManifest(NAME, arguments, config);
    manifest.stage(NAME).putAll(s.toMap());
    SyntheticLog.Result r = SyntheticLog.write(spark, s, output);
    manifest.stage(NAME).putAll(r.toMap());
    manifest.stage(NAME).put("wall_seconds", r.seconds());
    manifest.finish("succeeded");
    manifest.write(output, spark.sparkContext().hadoopConfiguration());
    console.summary("");
    console.summary("recvalue generate: succeeded in %.1f s", r.seconds());
    console.summary("  log          %s (%d %s files, %,d rows)", r.logPath(), r.files().size(), s.format(), s.interactions());
    console.summary("  settings     %s", r.propertiesPath());
    console.summary("  next         recvalue ingest --input %s --output RUN --config %s", r.logPath(), r.propertiesPath());
    return ExitCodes.OK;
  }

  private GeneratorSettings settings(RecvalueConfig config) {
    try {
      return new GeneratorSettings(number(interactions, "--interactions"), (int) number(users, "--users"),
          (int) number(items, "--items"), (int) number(rank, "--rank"), decimal(noise, "--noise"),
          implicit(feedback), format, seed == null ? config.getLong("run.seed") : number(seed, "--seed"),
          (int) number(partitions, "--partitions"), 100_000, decimal(itemExponent, "--item-exponent"),
          decimal(userExponent, "--user-exponent"), 2.0);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static boolean implicit(String v) {
    if (!v.equals("explicit") && !v.equals("implicit")) {
      throw new UsageException("--feedback must be explicit or implicit, got '" + v + "'");
    }
    return v.equals("implicit");
  }

  /** An integer, also written {@code 1e6} or {@code 1_000_000}. */
  static long number(String v, String option) {
    try {
      return new BigDecimal(v.replace("_", "").trim()).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new UsageException(option + " must be an integer, got '" + v + "'");
    }
  }

  private static double decimal(String v, String option) {
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(option + " must be a number, got '" + v + "'");
    }
  }
}
