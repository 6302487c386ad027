package io.recvalue.cli;

import io.recvalue.core.run.RecvalueVersion;
import picocli.CommandLine.IVersionProvider;

/** What {@code recvalue --version} prints: recvalue's version, then the Spark and Java it runs on. */
final class VersionLines implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"recvalue " + RecvalueVersion.get(),
        "Spark " + sparkVersion() + ", Java " + System.getProperty("java.version")};
  }

  /** The version of the Spark on the classpath (Scala's {@code org.apache.spark.SPARK_VERSION}). */
  static String sparkVersion() {
    return org.apache.spark.package$.MODULE$.SPARK_VERSION();
  }
}
