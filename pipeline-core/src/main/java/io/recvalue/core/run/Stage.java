package io.recvalue.core.run;

/**
 * One stage of the pipeline ({@code ingest}, {@code train}, {@code value}, ...). A stage reads the
 * tables earlier stages left under the run's output folder, writes its own folder through a
 * {@link StageOutput}, and records counts, timings and diagnostics in its manifest section.
 *
 * <p>One name per stage everywhere: the CLI subcommand, the config section, the output folder and
 * the Spark job group are all {@link #name()}.
 */
public interface Stage {
  String name();

  /**
   * Builds the stage's settings from the configuration, so that inconsistent settings (valid key by
   * key, wrong together) fail before Spark starts.
   *
   * @throws io.recvalue.core.config.ConfigException naming the keys
   */
  default void validate(io.recvalue.core.config.RecvalueConfig config) {}

  /** Runs the stage; throws on failure, leaving the previous output of the stage in place. */
  void run(StageContext context) throws Exception;
}
