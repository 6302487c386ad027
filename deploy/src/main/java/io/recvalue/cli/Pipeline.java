package io.recvalue.cli;

import io.recvalue.core.jobs.IngestJob;
import io.recvalue.core.jobs.TrainJob;
import io.recvalue.core.run.Stage;
import io.recvalue.explain.jobs.ExplainJob;
import io.recvalue.explain.report.ReportJob;
import io.recvalue.explain.user.ExplainUserJob;
import io.recvalue.valuation.jobs.ValueInteractionsJob;
import java.util.List;
import java.util.stream.Collectors;

/** The stages of the pipeline, in the order data flows through them. */
final class Pipeline {
  private Pipeline() {}

  static Stage ingest() {
    return new IngestJob();
  }

  static Stage train() {
    return new TrainJob();
  }

  static Stage value() {
    return new ValueInteractionsJob();
  }

  static Stage explain() {
    return new ExplainJob();
  }

  static Stage explainUser() {
    return new ExplainUserJob();
  }

  static Stage report() {
    return new ReportJob();
  }

  /** Every stage, in order: what {@code run} and {@code demo} execute. */
  static List<Stage> all() {
    return List.of(ingest(), train(), value(), explain(), explainUser(), report());
  }

  static List<String> names(List<Stage> stages) {
    return stages.stream().map(Stage::name).collect(Collectors.toList());
  }
}
