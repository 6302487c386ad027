package io.recvalue.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recvalue.core.testing.TestData;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The version recvalue reports is the one the build was made from: the parent POM's, not a copy. */
class RecvalueVersionTest {
  @Test
  void isTheProjectVersionOfTheBuild() throws Exception {
    String pom = Files.readString(TestData.projectRoot().resolve("pom.xml"));
    Matcher m = Pattern.compile("<artifactId>recvalue-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
    assertEquals(true, m.find(), "the parent POM declares its version");
    assertEquals(m.group(1), RecvalueVersion.get());
  }
}
