package io.recvalue.engines;

import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * A Spark plugin that fails the first attempt of chosen tasks, as a lost executor or a flaky disk
 * would: partition 0 of every stage whose id is a multiple of {@value #EVERY_NTH_STAGE}. Spark then
 * runs the task again (attempt 1), which succeeds. Enabled with
 * {@code --conf spark.plugins=io.recvalue.engines.OneTimeTaskFailures} and the jar of this class on
 * the driver's classpath; each injected failure prints one line starting with {@link #MARK}.
 */
public final class OneTimeTaskFailures implements SparkPlugin {
  public static final String MARK = "[injected failure]";
  static final int EVERY_NTH_STAGE = 3;

  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext ctx, Map<String, String> extraConf) {}

      @Override
      public void onTaskStart() {
        TaskContext task = TaskContext.get();
        if (task.attemptNumber() == 0 && task.partitionId() == 0 && task.stageId() % EVERY_NTH_STAGE == 0) {
          String what = "stage " + task.stageId() + " partition 0 attempt 0";
          System.err.println(MARK + " " + what);
          throw new IllegalStateException("injected one-time failure of " + what);
        }
      }
    };
  }
}
