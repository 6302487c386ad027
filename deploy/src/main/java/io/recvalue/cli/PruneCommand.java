package io.recvalue.cli;

import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.RunManifest;
import io.recvalue.core.run.SparkSessions;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageRunner;
import io.recvalue.valuation.judge.PruneJob;
import io.recvalue.valuation.judge.PruneRule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/** {@code recvalue prune}: the input log without its low-value interactions, in its own format. */
final class PruneCommand implements Command {
  private static final Set<String> VALUED = Set.of("--values", "--input", "--output", "--drop-lowest",
      "--keep-top", "--threshold", "--by", "--config", "--set");

  @Override
  public String name() {
    return "prune";
  }

  @Override
  public String summary() {
    return "write the log without its lowest-valued interactions, in its own format and columns";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: recvalue prune --values DIR --input PATH --output DIR",
        "                      (--drop-lowest P | --keep-top P | --threshold V) [--by interaction|item]",
        "                      [--config FILE]... [--set key=value]...",
        "",
        "Reads the log at PATH (the one the values were computed from, read with the same input.*",
        "settings), matches its rows to DIR/values by the original user and item ids, and writes",
        "OUTPUT/pruned/ in the log's own format (CSV: the same header, delimiter and lines; Parquet: the",
        "same columns), OUTPUT/removed/ (Parquet: what was removed, with its value) and counts in",
        "OUTPUT/manifest.json. Rows that have no value (validation and test rows, quarantined rows) are",
        "always kept, and counted.",
        "",
        "  --values DIR       the output folder of 'recvalue value' (or its values/ folder)",
        "  --input PATH       the interaction log",
        "  --output DIR       where pruned/ and removed/ go (never inside the input, never over it)",
        "  --drop-lowest P    drop the lowest-valued P (10% or 0.1) of the valued interactions or items",
        "  --keep-top P       keep the highest-valued P, drop the other valued ones",
        "  --threshold V      drop the valued interactions (or items) with value below V",
        "  --by W             interaction (default) or item (the item's value is the sum of its values)",
        StageCommand.commonOptionsHelp());
  }

  @Override
  public int run(List<String> args, Console console) throws Exception {
    CliArgs a = CliArgs.parse(args, VALUED, Set.of("--help"));
    if (a.flag("--help")) {
      console.summary("%s", help());
      return ExitCodes.OK;
    }
    a.requireNoPositional("prune");
    String values = a.require("--values");
    String input = a.require("--input");
    String output = a.require("--output");
    PruneRule rule = rule(a);
    PathSafety.checkOutputIsNotInput(input, output);
    PathSafety.checkInputIsNotReplaced(input, output, "prune", List.of(PruneJob.PRUNED, PruneJob.REMOVED));
    RecvalueConfig config = a.config();
    PathSafety.checkAllowed(config, java.util.Map.of("--values", values, "--input", input, "--output", output));
    PruneJob job = new PruneJob(values, rule);
    job.validate(config);
    console.progress(name(), "%s; configuration hash %s", rule.describe(), config.hash().substring(0, 12));
    SparkSession spark = SparkSessions.create(name(), config, output);
    RunManifest manifest = new RunManifest(name(), args, config);
    manifest.put("input", input);
    StageContext context = new StageContext(spark, config, output, Optional.of(input), manifest, console);
    StageRunner.run(context, List.of(job));
    manifest.finish("succeeded");
    manifest.write(output, spark.sparkContext().hadoopConfiguration());
    Map<String, Object> c = job.counts();
    console.summary("");
    console.summary("recvalue prune: succeeded (%s)", rule.describe());
    console.summary("  input        %s: %s rows (%s valued, %s without a value, kept)", input,
        c.get("input_rows"), c.get("valued_rows"), c.get("unvalued_rows_kept"));
    console.summary("  removed      %s rows -> %s/%s", c.get("removed_rows"), output, PruneJob.REMOVED);
    console.summary("  pruned log   %s rows, %s -> %s/%s", c.get("output_rows"), c.get("input_format"), output,
        PruneJob.PRUNED);
    return ExitCodes.OK;
  }

  static PruneRule rule(CliArgs a) {
    List<String> given = new ArrayList<>();
    for (String o : List.of("--drop-lowest", "--keep-top", "--threshold")) {
      if (a.value(o).isPresent()) {
        given.add(o);
      }
    }
    if (given.size() != 1) {
      throw new UsageException("give exactly one of --drop-lowest, --keep-top, --threshold"
          + (given.isEmpty() ? "" : " (got " + String.join(", ", given) + ")"));
    }
    String by = a.value("--by").orElse("interaction");
    if (!by.equals("interaction") && !by.equals("item")) {
      throw new UsageException("--by must be interaction or item, got '" + by + "'");
    }
    String option = given.get(0);
    String text = a.value(option).get();
    try {
      BigDecimal amount = option.equals("--threshold") ? new BigDecimal(text.trim())
          : PruneRule.fraction(option, text);
      return new PruneRule(option.substring(2), amount, by.equals("item"));
    } catch (NumberFormatException e) {
      throw new UsageException("--threshold must be a number, got '" + text + "'");
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
