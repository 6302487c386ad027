package io.recvalue.core.linalg;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses a {@link BatchedSpdSolver} by name: {@code java}, {@code nd4j}, or {@code auto}. Every k×k
 * solve goes through a solver chosen here: the ALS half-steps ({@code train.solver}), the influence
 * valuation's block-diagonal preconditioners ({@code auto}) and the leave-one-out check ({@code java},
 * the oracle). Both backends implement the whole interface (one-shot and factor-once solves), so the
 * rule behind {@code auto} can change without touching a caller.
 *
 * <p>{@code auto} uses ND4J only where it can pay off: when the jar was built with ND4J's CUDA backend
 * ({@code mvn -Pcuda package}) and ND4J loads and passes a self-check against the Java solver. On the
 * CPU it uses the Java Cholesky: measured at ranks 10, 32, 64 and 128, ND4J's batched
 * {@code linear_solve} was slower than the Java solver at every rank and batch size, and a whole
 * Jester-medium sweep took 1.6× as long (the crossover table: {@code benchmarks/linalg.md}, from
 * {@code SolverMicroBenchmark crossover} in the test sources). The reason for the choice is logged.
 *
 * <p>One instance per name and JVM, created on first use, so that ND4J is initialised lazily inside
 * each executor and never serialised from the driver: Spark closures carry the name, not the solver.
 * Callers that ship work to executors should resolve {@code auto} once on the driver with
 * {@link #resolve(String)} and ship the concrete name, so every JVM runs the backend the manifest reports.
 */
public final class SolverBackends {
  public static final String AUTO = "auto";
  public static final String ND4J = "nd4j";
  public static final String JAVA = "java";

  private static final Logger LOG = LoggerFactory.getLogger(SolverBackends.class);
  private static final Map<String, BatchedSpdSolver> INSTANCES = new ConcurrentHashMap<>();

  private SolverBackends() {}

  /** The solver for {@code name} ({@code auto|nd4j|java}), created once per JVM. */
  public static BatchedSpdSolver create(String name) {
    return INSTANCES.computeIfAbsent(resolve(name), SolverBackends::instantiate);
  }

  /** The concrete backend name ({@code nd4j} or {@code java}) that {@code name} stands for here. */
  public static String resolve(String name) {
    validate(name);
    if (!AUTO.equals(name)) {
      return name;
    }
    return AUTO_CHOICE.get();
  }

  /** Throws {@link IllegalArgumentException} naming the value unless it is {@code auto|nd4j|java}. */
  public static void validate(String name) {
    if (!AUTO.equals(name) && !ND4J.equals(name) && !JAVA.equals(name)) {
      throw new IllegalArgumentException("solverBackend must be one of auto|nd4j|java, got '" + name + "'");
    }
  }

  private static BatchedSpdSolver instantiate(String concrete) {
    return ND4J.equals(concrete) ? new Nd4jBatchedSolver() : new JavaCholeskySolver();
  }

  /** {@code auto} is decided once per JVM. */
  private static final class AutoChoice {
    private volatile String choice;

    synchronized String get() {
      if (choice == null) {
        choice = decide();
      }
      return choice;
    }

    private static String decide() {
      if (!cudaBackendPresent()) {
        LOG.info("solver backend auto -> java: no ND4J CUDA backend in this build, and on the CPU the Java"
            + " Cholesky is faster than ND4J for k x k systems");
        return JAVA;
      }
      try {
        BatchedSpdSolver nd4j = INSTANCES.computeIfAbsent(ND4J, SolverBackends::instantiate);
        String failure = SelfCheck.run(nd4j, new JavaCholeskySolver());
        if (failure == null) {
          LOG.info("solver backend auto -> nd4j: ND4J loaded and passed the self-check ({})", nd4j.describe());
          return ND4J;
        }
        LOG.warn("solver backend auto -> java: ND4J self-check failed: {}", failure);
      } catch (Throwable t) { // native libraries missing, wrong platform, ...
        LOG.warn("solver backend auto -> java: ND4J could not be loaded: {}", t.toString());
      }
      return JAVA;
    }
  }

  /** Whether ND4J's CUDA backend is on the classpath (a {@code -Pcuda} build), without loading ND4J. */
  static boolean cudaBackendPresent() {
    try {
      Class.forName("org.nd4j.linalg.jcublas.JCublasBackend", false, SolverBackends.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static final AutoChoice AUTO_CHOICE = new AutoChoice();
}
