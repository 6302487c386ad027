package io.recvalue.explain.report;

import io.recvalue.core.run.Stage;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageOutput;
import io.recvalue.valuation.output.ValueLayout;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Stage {@code report}: one self-contained HTML page per run, {@code <output>/report/report.html}
 * (plots embedded as base64 PNG images drawn with Java2D, no external resources), built from what
 * the run folder holds: value distribution, removal curves and noise detection (when an
 * {@code evaluate} output exists), global feature importance, the most and least valuable items with
 * their attributions, surrogate fit and Shapley convergence. A section whose inputs are absent says so;
 * a run folder of the old layout ({@link ValueLayout#rejectOldLayout}) is refused.
 */
public final class ReportJob implements Stage {
  public static final String NAME = "report";
  public static final String FILE = "report.html";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run(StageContext context) throws Exception {
    Configuration hadoop = context.spark().sparkContext().hadoopConfiguration();
    ValueLayout.rejectOldLayout(context.outputDir(), hadoop);
    RunFolder run = new RunFolder(context.spark(), context.outputDir());
    String html = new ReportSections(run, context.config().getInt("report.top-items")).render();
    StageOutput out = new StageOutput(context.outputDir(), NAME, hadoop);
    try {
      Path file = new Path(out.workPath(), FILE);
      try (OutputStream os = file.getFileSystem(hadoop).create(file, true)) {
        os.write(html.getBytes(StandardCharsets.UTF_8));
      }
      out.commit();
    } catch (Exception e) {
      out.abort();
      throw e;
    }
    context.manifest().stage(NAME).put("file", new Path(out.finalPath(), FILE).toString());
    context.manifest().stage(NAME).put("bytes", html.getBytes(StandardCharsets.UTF_8).length);
    context.console().progress(NAME, "wrote %s (%,d bytes)", new Path(out.finalPath(), FILE), html.length());
  }
}
