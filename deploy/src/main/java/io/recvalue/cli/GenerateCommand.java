package io.recvalue.cli;

import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.generate.GeneratorSettings;
import io.recvalue.core.generate.SyntheticLog;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.RunManifest;
import io.recvalue.core.run.SparkSessions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/** {@code recvalue generate}: a synthetic log with planted preferences and marked noise. */
final class GenerateCommand implements Command {
  private static final Set<String> VALUED = Set.of("--interactions", "--users", "--items", "--rank",
      "--noise", "--output", "--feedback", "--format", "--seed", "--partitions", "--item-exponent",
      "--user-exponent", "--config", "--set");

  @Override
  public String name() {
    return "generate";
  }

  @Override
  public String summary() {
    return "generate a synthetic log with planted low-rank preferences and marked noise";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: recvalue generate --interactions N --users U --items I --output DIR [--rank K] [--noise F]",
        "                         [--feedback explicit|implicit] [--format csv|parquet] [--seed S]",
        "                         [--partitions P] [--item-exponent X] [--user-exponent X]",
        "",
        "Writes DIR/interactions/ (part-NNNNN.csv or .parquet: user_id, item_id, rating (explicit, 1..5),",
        "timestamp, is_noise) and DIR/recvalue.properties, the settings to read it with:",
        "  recvalue ingest --input DIR/interactions --output RUN --config DIR/recvalue.properties",
        "Users and items carry rank-K Gaussian factors; user activity and item popularity follow power",
        "laws; a user picks item i with probability proportional to popularity(i) * sigmoid(2 x_u.y_i);",
        "a fraction F of the rows is planted noise (explicit: a wrong rating drawn uniformly; implicit: a",
        "random item), marked is_noise = 1. Rows are generated inside Spark tasks, block by block from",
        "seeds derived from S, so memory stays bounded and the same options give the same bytes; the rows",
        "do not depend on --partitions.",
        "",
        "  --interactions N   rows (1e6 and 1_000_000 are accepted)",
        "  --users U, --items I   catalogue sizes",
        "  --rank K           planted rank (default 10)",
        "  --noise F          fraction of noise rows in [0, 1) (default 0)",
        "  --feedback M       explicit (default) or implicit",
        "  --format F         csv (default) or parquet",
        "  --seed S           root seed (default run.seed)",
        "  --partitions P     output files / Spark tasks (default: one per 10^6 rows, at least the cores)",
        "  --item-exponent X  popularity power-law exponent (default 0.8)",
        "  --user-exponent X  activity power-law exponent (default 0.5)",
        "  --config FILE, --set key=value   as for 'run' (run.seed, spark.*)");
  }

  @Override
  public int run(List<String> args, Console console) throws Exception {
    CliArgs a = CliArgs.parse(args, VALUED, Set.of("--help"));
    if (a.flag("--help")) {
      console.summary("%s", help());
      return ExitCodes.OK;
    }
    a.requireNoPositional("generate");
    RecvalueConfig config = a.config();
    String output = a.require("--output");
    PathSafety.checkAllowed(config, java.util.Map.of("--output", output));
    GeneratorSettings s;
    try {
      s = new GeneratorSettings(number(a.require("--interactions"), "--interactions"),
          (int) number(a.require("--users"), "--users"), (int) number(a.require("--items"), "--items"),
          (int) number(a.value("--rank").orElse("10"), "--rank"), decimal(a.value("--noise").orElse("0"), "--noise"),
          feedback(a.value("--feedback").orElse("explicit")), a.value("--format").orElse("csv"),
          a.value("--seed").map(v -> number(v, "--seed")).orElse(config.getLong("run.seed")),
          (int) number(a.value("--partitions").orElse("0"), "--partitions"), 100_000,
          decimal(a.value("--item-exponent").orElse("0.8"), "--item-exponent"),
          decimal(a.value("--user-exponent").orElse("0.5"), "--user-exponent"), 2.0);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    SparkSession spark = SparkSessions.create(name(), config, output);
    RunManifest manifest = new RunManifest(name(), args, config);
    manifest.stage(name()).putAll(s.toMap());
    console.progress(name(), "%s", s.toMap());
    SyntheticLog.Result r = SyntheticLog.write(spark, s, output);
    manifest.stage(name()).putAll(r.toMap());
    manifest.stage(name()).put("wall_seconds", r.seconds());
    manifest.finish("succeeded");
    manifest.write(output, spark.sparkContext().hadoopConfiguration());
    console.summary("");
    console.summary("recvalue generate: succeeded in %.1f s", r.seconds());
    console.summary("  log          %s (%d %s files, %,d rows)", r.logPath(), r.files().size(), s.format(), s.interactions());
    console.summary("  settings     %s", r.propertiesPath());
    console.summary("  next         recvalue ingest --input %s --output RUN --config %s", r.logPath(), r.propertiesPath());
    return ExitCodes.OK;
  }

  private static boolean feedback(String v) {
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
