package io.recvalue.cli;

import io.recvalue.core.run.Stage;
import java.util.List;

/** {@code recvalue report}: one self-contained HTML page about a run. */
final class ReportCommand extends StageCommand {
  @Override
  public String name() {
    return "report";
  }

  @Override
  public String summary() {
    return "write DIR/report/report.html: values, evaluation, feature importance, explained items, fit";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: recvalue report --output DIR [--config FILE]... [--set key=value]...",
        "",
        "Writes one self-contained HTML page (plots embedded as PNG images, nothing fetched from",
        "anywhere) from what DIR holds: the value distribution, removal curves and noise detection when",
        "an 'evaluate' output exists, global feature importance, the report.top-items most and least",
        "valuable items with their Shapley attributions, the surrogate's fit (R^2) and the convergence of",
        "the Shapley estimates. Sections whose inputs are missing say which command produces them.",
        "",
        "  --output DIR       a run folder",
        commonOptionsHelp());
  }

  @Override
  List<Stage> stages() {
    return List.of(Pipeline.report());
  }

  @Override
  boolean needsInput() {
    return false;
  }
}
