package io.recvalue.valuation.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.ConfigSchema;
import io.recvalue.core.config.RecvalueConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The registry: every caller finds methods by id; unknown ids fail with the key, the value and the
 * known ids; the configuration schema offers exactly the registered methods; each method checks its
 * own settings before anything runs.
 */
class ValuationMethodsTest {
  @Test
  void findsEveryMethodByItsIdIgnoringCaseAndBlanks() {
    for (ValuationMethod m : ValuationMethods.all()) {
      assertEquals(m, ValuationMethods.get("value.method", " " + m.id().toUpperCase() + " "));
    }
    assertEquals(List.of("influence", "blockdiag", "ep"), ValuationMethods.ids().subList(0, 3));
  }

  @Test
  void anUnknownMethodIsRefusedNamingTheKeyTheValueAndTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ValuationMethods.get("value.method", "shapley"));
    assertEquals("value.method must be one of " + String.join(", ", ValuationMethods.ids()) + "; got 'shapley'",
        e.getMessage());
    IllegalArgumentException list = assertThrows(IllegalArgumentException.class,
        () -> ValuationMethods.list("evaluate.methods", "influence, loo"));
    assertEquals("evaluate.methods must be one of " + String.join(", ", ValuationMethods.ids()) + "; got ' loo'",
        list.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> ValuationMethods.list("verify-loo.methods", " , "));
    assertEquals("verify-loo.methods names no method; known: " + String.join(", ", ValuationMethods.ids()),
        empty.getMessage());
  }

  @Test
  void listsKeepTheirOrderDropRepeatsAndAllIsEveryMethod() {
    assertEquals(List.of("ep", "influence"),
        ValuationMethods.list("k", "ep,influence,,ep").stream().map(ValuationMethod::id).toList());
    assertEquals(ValuationMethods.all(), ValuationMethods.list("k", " ALL "));
  }

  @Test
  void theSchemaOffersExactlyTheRegisteredMethods() {
    assertEquals(ValuationMethods.ids(), ConfigSchema.find("value.method").orElseThrow().choices());
  }

  @Test
  void eachMethodChecksItsOwnSettings() {
    RecvalueConfig bpr = ConfigLoader.load(List.of(), List.of("ingest.feedback=implicit",
        "value.validation-objective=bpr"));
    ValuationMethods.get("k", "influence").validate(bpr);
    IllegalArgumentException ep = assertThrows(IllegalArgumentException.class,
        () -> ValuationMethods.get("k", "ep").validate(bpr));
    assertEquals("value.method=ep needs a quadratic validation objective; value.validation-objective=bpr is not"
        + " (use squared, or value.method=influence)", ep.getMessage());
    RecvalueConfig explicitBpr = ConfigLoader.load(List.of(), List.of("value.validation-objective=bpr"));
    IllegalArgumentException influence = assertThrows(IllegalArgumentException.class,
        () -> ValuationMethods.get("k", "influence").validate(explicitBpr));
    assertEquals("value.validation-objective=bpr needs ingest.feedback=implicit; explicit ratings are valued"
        + " against mse", influence.getMessage());
  }
}
