package io.recvalue.cli;

import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.RecvalueConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE} and {@code --set KEY=VALUE} (both repeatable): the settings layered over the
 * packaged defaults ({@code conf/defaults.properties}), files first, in order, then {@code --set}.
 */
final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE", order = 80,
      description = "A settings file (key = value lines) layered over the defaults; repeatable, later files win.")
  private List<Path> files = new ArrayList<>();

  @Option(names = "--set", paramLabel = "KEY=VALUE", order = 81,
      description = "One setting, over the files; repeatable, later ones win. Every key is in conf/README.md.")
  private List<String> settings = new ArrayList<>();

  /** The files given with {@code --config}, in order. */
  List<Path> files() {
    return files;
  }

  /** The defaults, then the {@code --config} files, then {@code --set}. */
  RecvalueConfig load() {
    return load(files, List.of());
  }

  /**
   * The defaults, then {@code files}, then {@code --set}, then the values of options that stand for a
   * key ({@code --method}), which win over {@code --set}.
   */
  RecvalueConfig load(List<Path> files, List<ConfigOverride> options) {
    ConfigLoader loader = new ConfigLoader();
    files.forEach(loader::addFile);
    loader.addOverrides(settings);
    options.forEach(o -> loader.addOverride(o.key(), o.value(), o.option()));
    return loader.load();
  }
}
