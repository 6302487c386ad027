package io.recvalue.valuation.method;

import io.recvalue.core.run.Console;
import java.io.Serializable;

/** Where a method's progress lines go: a stage's console, or nowhere. */
@FunctionalInterface
public interface Progress extends Serializable {
  /** Progress that prints nothing. */
  Progress NONE = (format, args) -> { };

  /** One progress line ({@link String#format} syntax). */
  void line(String format, Object... args);

  /** Lines on {@code console} under {@code [stage]}. */
  static Progress of(Console console, String stage) {
    return (format, args) -> console.progress(stage, format, args);
  }
}
