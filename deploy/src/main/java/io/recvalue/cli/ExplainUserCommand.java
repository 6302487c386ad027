package io.recvalue.cli;

import io.recvalue.core.run.Stage;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code recvalue explain-user}: why a user is recommended an item, by their own past events. */
@Command(name = "explain-user",
    description = {"Explain a user's recommendations by their past interactions: exact event-level Shapley values and"
        + " a counterfactual set.",
        "",
        "For each user (--user U, --users FILE, or a seeded sample of explain-user.sample users) and each of their"
            + " top --top recommendations (or the item --item I), the score of the item is explained by the user's"
            + " training interactions (events): with the trained item factors fixed, the user's factor is refolded"
            + " from any subset of events (their own ridge regression, the run's lambda, weights and confidences),"
            + " and each event's Shapley value in that game says how much of the score it carries. Up to"
            + " explain-user.max-exact-events events the values are exact (every subset solved); above, antithetic"
            + " permutation samples with a standard error each, until max SE / range <= explain-user.tolerance."
            + " Also the fewest events whose removal drops the item out of the user's top explain-user.list-size,"
            + " verified by re-solving. Writes DIR/explain-user/{recommendations,events,counterfactuals} (Parquet):"
            + " per event its title and genres (explain.item-metadata), rating, recency, attribution with SE,"
            + " Hu-Koren-Volinsky share, leave-one-out drop and its own data value from 'recvalue value'. 'recvalue"
            + " report' shows a section per explained user."},
    footer = {"", RecvalueCommand.SPARK_OPTIONS})
final class ExplainUserCommand extends StageCommand {
  @Option(names = "--input", paramLabel = "PATH", order = 1,
      description = "Optional: the log, only to locate a relative explain.item-metadata (read from its folder).")
  String input;

  @Option(names = "--output", required = true, paramLabel = "DIR", order = 2,
      description = "The folder earlier 'ingest' and 'train' runs wrote (and 'value', for the events' data values).")
  String output;

  // The options below stand for keys and are applied through ConfigKeyOptions.
  @Option(names = "--user", paramLabel = "U", order = 10, descriptionKey = "explain-user.users")
  String user;

  @Option(names = "--users", paramLabel = "FILE", order = 11, descriptionKey = "explain-user.users-file")
  String users;

  @Option(names = "--sample", paramLabel = "N", order = 12, descriptionKey = "explain-user.sample")
  String sample;

  @Option(names = "--item", paramLabel = "I", order = 13, descriptionKey = "explain-user.item")
  String item;

  @Option(names = "--top", paramLabel = "N", order = 14, descriptionKey = "explain-user.top")
  String top;

  @Override
  String output() {
    return output;
  }

  @Override
  Optional<String> input(String outputDir) {
    return Optional.ofNullable(input);
  }

  @Override
  List<Stage> stages() {
    return List.of(Pipeline.explainUser());
  }
}
