package io.recvalue.core.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that starts Spark (the shared {@link SparkTestSession} or a cluster of its own).
 * {@code mvn test -DexcludedGroups=spark} leaves these out and runs the pure tests alone, the fast
 * inner loop; {@code mvn verify} runs everything.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(SparkTest.TAG)
public @interface SparkTest {
  /** The JUnit tag. */
  String TAG = "spark";
}
