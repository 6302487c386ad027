package io.recvalue.cli;

import io.recvalue.core.run.Stage;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code recvalue report}: one self-contained HTML page about a run. */
@Command(name = "report",
    description = {"Write DIR/report/report.html: values, evaluation, feature importance, explained items, fit.",
        "",
        "Writes one self-contained HTML page (plots embedded as PNG images, nothing fetched from anywhere) from"
            + " what DIR holds: the value distribution, removal curves and noise detection when an 'evaluate'"
            + " output exists, global feature importance, the report.top-items most and least valuable items with"
            + " their Shapley attributions, the surrogate's fit (R^2) and the convergence of the Shapley estimates."
            + " Sections whose inputs are missing say which command produces them."},
    footer = {"", RecvalueCommand.SPARK_OPTIONS})
final class ReportCommand extends StageCommand {
  @Option(names = "--output", required = true, paramLabel = "DIR", order = 2, description = "A run folder.")
  String output;

  @Override
  String output() {
    return output;
  }

  @Override
  List<Stage> stages() {
    return List.of(Pipeline.report());
  }
}
