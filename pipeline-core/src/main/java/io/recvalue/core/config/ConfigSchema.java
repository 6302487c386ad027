package io.recvalue.core.config;

import static io.recvalue.core.config.ConfigKey.boolKey;
import static io.recvalue.core.config.ConfigKey.dateKey;
import static io.recvalue.core.config.ConfigKey.doubleKey;
import static io.recvalue.core.config.ConfigKey.enumKey;
import static io.recvalue.core.config.ConfigKey.intKey;
import static io.recvalue.core.config.ConfigKey.longKey;
import static io.recvalue.core.config.ConfigKey.optionalDoubleKey;
import static io.recvalue.core.config.ConfigKey.stringKey;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every configuration key recvalue knows, with its type, range and meaning. The defaults live in
 * {@code conf/defaults.properties} (packaged in the jar); a test checks that the file, this schema
 * and {@code conf/README.md} list the same keys.
 *
 * <p>Keys under {@code spark.} are not validated here: they are handed to the Spark session as they
 * are, like {@code spark-submit --conf}.
 */
public final class ConfigSchema {
  /** Prefix of keys passed through to Spark unchanged. */
  public static final String SPARK_PREFIX = "spark.";

  private static final Map<String, ConfigKey> KEYS = new LinkedHashMap<>();

  static {
    add(longKey("run.seed", Long.MIN_VALUE, Long.MAX_VALUE, "",
        "Root seed; every random choice of a run (splits, initialisation, negatives) derives from it."));
    add(stringKey("run.checkpoint-dir",
        "Directory for Spark checkpoints of iterative lineages; empty means <output>/_checkpoints."));
    add(dateKey("run.date",
        "The run's date (UTC when today or empty): names the output partition run_date=YYYY-MM-DD when"
            + " output.partition-by-run-date is on, and ends the trailing input window (input.window-days)."));
    add(boolKey("output.partition-by-run-date",
        "Write the run under <output>/run_date=YYYY-MM-DD/; re-running a date replaces that partition as a"
            + " whole (run, demo) and writes _RUN_STATUS.json in it last. --run-date turns it on."));
    add(stringKey("safety.allowed-path-prefixes",
        "Comma-separated path prefixes (e.g. hdfs://nn/recvalue/,s3a://bucket/logs/) that every input and"
            + " output must lie under; empty allows any path."));

    add(enumKey("input.format", List.of("auto", "csv", "parquet"),
        "Format of the interaction log; auto decides by file extension."));
    add(stringKey("input.user-col", "Column holding the user id (string or number)."));
    add(stringKey("input.item-col", "Column holding the item id (string or number)."));
    add(stringKey("input.rating-col",
        "Column holding the rating (explicit) or count (implicit); empty when the log has none."));
    add(stringKey("input.weight-col",
        "Column holding a per-interaction weight; empty means every weight is 1."));
    add(stringKey("input.timestamp-col",
        "Column holding the interaction time; empty when the log has none (random split)."));
    add(enumKey("input.timestamp-format", List.of("auto", "epoch-seconds", "iso-8601"),
        "How timestamps are written; auto accepts both."));
    add(stringKey("input.csv-delimiter", "Field delimiter of CSV logs."));
    add(intKey("input.window-days", 0, 1_000_000, "days",
        "Trailing window: read only the partitions <col>=YYYY-MM-DD of a date-partitioned log within this many"
            + " days up to run.date (inclusive); 0 reads the whole log."));
    add(stringKey("input.date-partition-col",
        "Name of the date partition folders of the log (date=YYYY-MM-DD) that input.window-days selects."));

    add(enumKey("ingest.feedback", List.of("explicit", "implicit"),
        "explicit: ratings; implicit: counts or clicks with confidence 1 + alpha * r."));
    add(optionalDoubleKey("ingest.rating-min", "rating units",
        "Smallest valid rating; rows below go to quarantine. Empty: no lower bound."));
    add(optionalDoubleKey("ingest.rating-max", "rating units",
        "Largest valid rating; rows above go to quarantine. Empty: no upper bound."));
    add(doubleKey("ingest.max-bad-fraction", 0, 1, "fraction of rows read",
        "The run fails before training when more than this fraction of rows is quarantined."));
    add(enumKey("ingest.duplicates", List.of("latest", "mean", "sum"),
        "How repeated (user, item) pairs are merged."));
    add(intKey("ingest.kcore", 0, 1_000_000, "interactions",
        "Iterative k-core: drop users and items with fewer interactions until none is left; 0 is off."));

    add(enumKey("split.method", List.of("auto", "time", "random"),
        "Per-user split: by time when timestamps exist (auto), or seeded random."));
    add(intKey("split.test-per-user", 0, 1_000_000, "interactions",
        "Interactions per user held out for test (the latest ones in a time split)."));
    add(intKey("split.validation-per-user", 0, 1_000_000, "interactions",
        "Interactions per user held out for validation (the ones before the test ones)."));
    add(intKey("split.min-train-per-user", 1, 1_000_000, "interactions",
        "Users with fewer than test + validation + this many interactions keep all of them in train."));

    add(intKey("train.rank", 1, 1000, "", "Number of latent factors k."));
    add(doubleKey("train.lambda", 0, 1e6, "",
        "Regularisation; each user and item is regularised by lambda times its number of interactions."));
    add(doubleKey("train.alpha", 0, 1e6, "", "Implicit mode: confidence c = 1 + alpha * r."));
    add(intKey("train.max-iter", 1, 100_000, "sweeps", "Largest number of ALS sweeps."));
    add(doubleKey("train.tol", 0, 1, "relative change",
        "Stop when the objective changes by less than this fraction between sweeps."));
    add(intKey("train.blocks", 0, 100_000, "",
        "Number of user blocks and of item blocks; 0 picks max(Spark's default parallelism,"
            + " training rows / train.rows-per-block)."));
    add(longKey("train.rows-per-block", 1, Long.MAX_VALUE, "rows",
        "With train.blocks = 0: the most training rows a block holds on average (a block is built and held"
            + " by one task, so this bounds a task's memory)."));
    add(intKey("train.checkpoint-interval", 1, 100_000, "sweeps",
        "Checkpoint the factor lineage every this many sweeps."));
    add(enumKey("train.solver", List.of("auto", "nd4j", "java"),
        "Backend of the batched k x k solves: nd4j (CPU or CUDA), java, or auto (nd4j when it loads)."));
    add(boolKey("train.compare-mllib",
        "Also train Spark MLlib's ALS with the same settings and report its test metrics beside ours."));
    add(intKey("unlearn.sweeps", 0, 100_000, "sweeps",
        "recvalue unlearn and prune --update-model: full ALS sweeps on the remaining rows from the trained factors"
            + " (the first re-solves the users and items that lost rows exactly); 0: only those users and items are"
            + " re-solved, nothing else changes (the fastest update, for small removals: BENCHMARKS.md section 7)."));
    add(stringKey("unlearn.to",
        "recvalue unlearn and prune --update-model: the run folder the updated model is written to (ingest/ without"
            + " the removed rows, train/); empty: the command's --output folder's unlearn/ sub-folder."));

    add(enumKey("value.method", List.of("influence", "blockdiag", "ep", "pg", "residual"),
        "influence: s = H^-1 g by preconditioned conjugate gradient; blockdiag: s = M^-1 g (fast, coarse);"
            + " ep: equilibrium propagation, two nudged ALS phases warm-started at the trained model (no Hessian);"
            + " pg: keep/drop decisions by a policy learnt with policy gradient (value = keep probability);"
            + " residual: the baseline -|r - x.y| at the trained model (largest losses lowest)."));
    add(enumKey("value.validation-segments", List.of("none", "user-activity", "item-popularity"),
        "Influence and blockdiag: also split every value by segments of the validation loss (ranges of the held-out"
            + " user's activity or item's popularity), one solve per segment; table value/validation_segments."));
    add(intKey("value.validation-segment-count", 2, 20, "segments", "Most validation segments."));
    add(enumKey("value.validation-objective", List.of("auto", "mse", "squared", "bpr"),
        "Validation loss L_V: auto is mse for explicit and squared (positives and sampled negatives) for implicit."));
    add(intKey("value.negatives-per-positive", 1, 1000, "items",
        "Implicit validation objectives: seeded negative items drawn per held-out positive."));
    add(doubleKey("value.cg-tol", 1e-14, 1, "relative residual",
        "Conjugate gradient stops when ||H s - g|| / ||g|| falls below this."));
    add(intKey("value.cg-max-iter", 1, 100_000, "iterations", "Largest number of conjugate gradient iterations."));
    add(doubleKey("value.damping", 0, 1e6, "", "Damping delta: solve (H + delta I) s = g."));
    add(enumKey("value.gauss-newton", List.of("auto", "true", "false"),
        "Curvature of the influence solve: true, the Gauss-Newton matrix (always positive semi-definite);"
            + " false, the exact Hessian (indefinite away from the minimiser, and CG then stops early); auto, the"
            + " exact Hessian when value.polish-steps converged the model, Gauss-Newton otherwise."));
    add(intKey("value.polish-steps", 0, 1000, "Newton steps",
        "Influence: damped Newton steps that converge the trained model to the minimiser of the training"
            + " objective before valuing (CG on the distributed Hessian-vector product); 0 values the trained"
            + " model as it is."));
    add(doubleKey("value.polish-tol", 1e-14, 0.5, "relative gradient",
        "Influence: the polish stops once ||grad F|| is this fraction of its value at the trained model."));
    add(boolKey("value.solve-on-driver",
        "Influence: run the polish's Newton steps and the values' conjugate gradient solve on the driver, on the"
            + " training rows collected there, when they and the solve's vectors take at most 1/16 of the driver's"
            + " heap (a few million rows in a 4 GiB heap); false: always on Spark, a job per CG iteration."));
    add(intKey("value.checkpoint-interval", 0, 100_000, "iterations",
        "Influence: checkpoint the conjugate gradient iterates (the polish's and the values') every this many"
            + " iterations; each checkpoint writes four vectors, a Spark job per table, and the products' shuffle files"
            + " between two checkpoints stay on the scratch disk. 0: by the training rows, 25 up to 10^7 rows and"
            + " floor(2.5e8 / rows) above (2 at 10^8, 1 from 2.5e8)."));
    add(doubleKey("value.ep-beta", 1e-12, 1e6, "",
        "Equilibrium propagation: nudge size beta; the phases minimise F +/- beta L_V."));
    add(intKey("value.ep-sweeps", 1, 100_000, "sweeps",
        "Equilibrium propagation: ALS sweeps of each nudged phase (both phases run exactly this many, and continue to"
            + " value.ep-fallback-sweeps only when the extrapolation is refused)."));
    add(intKey("value.ep-rre-terms", 0, 20, "iterates",
        "Equilibrium propagation: the phases' limits are extrapolated from their last this many iterates (reduced-rank"
            + " extrapolation on the difference of the two phases); 0 or 1: none, the last sweep's factors. At most"
            + " value.ep-sweeps."));
    add(doubleKey("value.ep-rre-max-residual", 0, 1, "share of the last step",
        "Equilibrium propagation: the extrapolation is used only when its combination of the phases' last steps is at"
            + " most this share of the last step (a sequence near its limit cancels most of it); above, the last"
            + " sweep's factors are used, and the manifest says so (ep_rre_used)."));
    add(intKey("value.ep-fallback-sweeps", 0, 100_000, "sweeps",
        "Equilibrium propagation: when the extrapolation is not used, both phases continue to this many sweeps in all"
            + " (the plain estimate of that many sweeps); at most value.ep-sweeps: they stop there."));
    add(boolKey("value.ep-centred",
        "Equilibrium propagation: centred estimate from the +beta and -beta phases (error O(beta^2)); false:"
            + " one-sided against the trained model (one phase, error O(beta))."));
    add(doubleKey("value.pg-drop-fraction", 1e-4, 0.9, "fraction of training interactions",
        "Policy gradient: the drop budget rho; the policy drops this share in expectation, and the keep"
            + " decision drops exactly the lowest-probability share."));
    add(intKey("value.pg-episodes", 2, 4096, "masks",
        "Policy gradient: episodes (keep/drop masks) per iteration; their leave-one-out mean is each one's baseline."));
    add(intKey("value.pg-iterations", 1, 100_000, "iterations", "Policy gradient: most policy iterations."));
    add(doubleKey("value.pg-learning-rate", 1e-6, 10, "", "Policy gradient: Adam's step size on the policy weights."));
    add(intKey("value.pg-patience", 0, 100_000, "iterations",
        "Policy gradient: stop after this many iterations without a better held-out reward; 0 runs every iteration."));
    add(doubleKey("value.pg-heldout-fraction", 0.01, 0.9, "fraction of validation pairs",
        "Policy gradient: share of the validation pairs the reward never sees; they choose the policy returned."));
    add(enumKey("value.pg-episode", List.of("auto", "half-step", "trainer"),
        "Policy gradient: half-step re-solves every user and item of our ALS for all episodes in one pass;"
            + " trainer trains each episode with value.pg-trainer; auto is half-step for als, trainer otherwise."));
    add(enumKey("value.pg-trainer", List.of("als", "mllib"),
        "Policy gradient, trainer episodes: als (our weighted ALS, warm-started) or mllib (Spark MLlib's ALS as a"
            + " black box: 0/1 masks, every episode a cold training)."));
    add(intKey("value.pg-sweeps", 1, 100_000, "sweeps",
        "Policy gradient, trainer episodes: warm-started sweeps per episode (a cold-starting trainer trains fully)."));
    add(stringKey("value.pg-features",
        "Policy gradient: comma-separated built-in features of the policy: residual, abs_residual, residual_z_user,"
            + " residual_z_item, abs_residual_z_user, abs_residual_z_item, log_user_degree, log_item_degree, rating,"
            + " recency."));
    add(stringKey("value.pg-value-features",
        "Policy gradient: comma-separated continuous methods (influence, blockdiag, ep) computed first, whose"
            + " values join the policy's features; empty for none."));
    add(intKey("value.pg-budget-sample", 100, 100_000_000, "interactions",
        "Policy gradient: seeded sample of interactions on which the bias is solved to hold the drop budget."));

    add(intKey("verify-loo.sample", 2, 1_000_000, "interactions",
        "Leave-one-out check: interactions retrained without (half at random, half with the largest |value|)."));
    add(doubleKey("verify-loo.tol", 1e-15, 0.1, "max relative factor change",
        "Leave-one-out check: the trained model and every retrain are converged until one sweep (or Newton"
            + " step) changes no factor by more than this times the largest factor."));
    add(intKey("verify-loo.max-sweeps", 1, 10_000_000, "sweeps",
        "Leave-one-out check: sweep cap of each solve (Newton steps: this, at most 500)."));
    add(enumKey("verify-loo.solver", List.of("newton", "als"),
        "Leave-one-out check (and the evaluate oracle's trained model): converge by damped Newton steps on the"
            + " exact Hessian (a few steps; the stopping step bounds the remaining error) or by weighted ALS"
            + " sweeps (the trainer's algorithm; thousands of sweeps where ALS contracts slowly)."));
    add(stringKey("verify-loo.methods",
        "Leave-one-out check: comma-separated value methods to judge (influence, blockdiag, ep); the first"
            + " ranks the sample and the groups."));
    add(stringKey("verify-loo.group-fractions",
        "Leave-one-out check: comma-separated sizes of the removed groups (random, lowest- and highest-valued),"
            + " as fractions of the training set."));
    add(longKey("verify-loo.max-interactions", 1, Long.MAX_VALUE, "interactions",
        "Leave-one-out check: largest training set accepted (each executor holds all of it)."));

    add(stringKey("explain.item-metadata",
        "CSV of item metadata (year, title, genres) for item features and explain-user; empty for none. A relative"
            + " path is resolved against the folder of the input log when the command has one."));
    add(stringKey("explain.metadata-item-col", "Item id column of the metadata (ids as in the log)."));
    add(stringKey("explain.metadata-year-col", "Year column of the metadata; empty for none."));
    add(stringKey("explain.metadata-title-col",
        "Title column of the metadata, shown by explain-user and the report; empty for none."));
    add(stringKey("explain.metadata-genres-col", "Genres or tags column of the metadata; empty for none."));
    add(stringKey("explain.metadata-genres-separator", "What separates genres within the genres column."));
    add(intKey("explain.max-genres", 0, 1000, "genres",
        "The most frequent genres that become indicator features."));
    add(enumKey("explain.target", List.of("value-rank", "abs-value-rank", "value-asinh", "value-sum", "value-mean"),
        "What the surrogate is fitted to: the value's percentile rank in [0, 1] among the level's rows (ties"
            + " averaged), the same rank of |value| (how much a row matters, either way), asinh(value / median |value|), or the value itself; the item value is the sum of its"
            + " interactions' values (value-mean: their mean). The interaction level uses the same transform of"
            + " the interaction's value."));
    add(enumKey("explain.surrogate", List.of("gbt", "random-forest"),
        "Surrogate regressor from features to value: Spark MLlib gradient-boosted trees or random forest."));
    add(intKey("explain.surrogate-trees", 1, 10_000, "trees", "Boosting iterations (gbt) or trees (random-forest)."));
    add(intKey("explain.surrogate-depth", 1, 30, "levels", "Depth of each surrogate tree."));
    add(doubleKey("explain.surrogate-step", 1e-6, 1, "", "Learning rate of the gradient-boosted trees."));
    add(doubleKey("explain.holdout-fraction", 0.01, 0.9, "fraction of rows",
        "Rows held out (seeded by their ids) to measure the surrogate's fidelity (R^2, Spearman, top-decile precision)."));
    add(doubleKey("explain.min-spearman", -1, 1, "",
        "Warn in the console, manifest and report when the Spearman rank correlation between the surrogate's"
            + " prediction and its target on the held-out rows is below this."));
    add(intKey("explain.background-size", 1, 100_000, "rows",
        "Background sample of the interventional Shapley game (seeded)."));
    add(enumKey("explain.shapley", List.of("permutation", "tree"),
        "How the Shapley values of the surrogate are computed: Monte Carlo permutation sampling with standard errors, "
            + "or exactly by walking the surrogate's trees once per background row (interventional Tree SHAP; no sampling error)."));
    add(doubleKey("explain.tolerance", 0, 1, "max SE / range",
        "Monte Carlo Shapley stops when the largest standard error over the range of attributions is this small."));
    add(intKey("explain.max-permutations", 2, 100_000_000, "permutations",
        "Permutation cap per explained row; must be at least 2 x explain.background-size (one round)."));
    add(boolKey("explain.interactions",
        "Also explain every training interaction's value (interaction features; costs one Shapley estimate per interaction)."));
    add(boolKey("explain.groups",
        "Explain the validation loss by groups of interactions (genres, user activity, time windows): Shapley values"
            + " of a game whose utility is the validation loss after warm-started re-solves with groups down-weighted."));
    add(enumKey("explain.groups.by", List.of("auto", "genre", "user-activity", "item-popularity", "time"),
        "How interactions are grouped: the item's genre (metadata), ranges of the user's activity or the item's"
            + " popularity, or time windows; auto: genre with metadata, else time with timestamps, else user activity."));
    add(intKey("explain.groups.count", 2, 30, "groups", "Most groups (players of the group game)."));
    add(doubleKey("explain.groups.down-weight", 1e-6, 1, "fraction of weight",
        "rho: a group outside a coalition keeps 1 - rho of its weight in the re-solve (1: removed)."));
    add(intKey("explain.groups.sweeps", 1, 100, "sweeps", "Warm-started ALS sweeps per re-solve of a coalition."));
    add(intKey("explain.groups.fit-coalitions", 2, 100_000, "re-solves",
        "Re-solved coalitions the learnt (linear plus pairwise) utility surrogate is fitted on."));
    add(intKey("explain.groups.heldout-coalitions", 2, 100_000, "re-solves",
        "Re-solved coalitions held out to measure the surrogate's linear datamodeling score, when coalitions are sampled."));
    add(intKey("explain.groups.enumerate-up-to", 0, 1 << 16, "coalitions",
        "Re-solve every coalition (exact group Shapley values) when 2^count is at most this."));
    add(doubleKey("explain.groups.ridge", 0, 1e6, "", "Ridge of the learnt utility surrogate, per coalition."));
    add(intKey("explain.groups.broadcast-mb", 1, 1 << 20, "MiB",
        "Budget of one side's broadcast factors per batch of re-solved coalitions."));
    add(doubleKey("explain.groups.min-lds", -1, 1, "",
        "Warn when the learnt surrogate's linear datamodeling score (Spearman on held-out re-solves) is below this."));
    add(intKey("report.top-items", 1, 1000, "items", "Most and least valuable items shown with their attributions in the report."));

    add(stringKey("explain-user.users",
        "recvalue explain-user: comma-separated user ids (as in the log) whose recommendations are explained; empty:"
            + " the ids in explain-user.users-file, else a seeded sample of explain-user.sample users."));
    add(stringKey("explain-user.users-file",
        "recvalue explain-user: a text file of user ids, one per line (blank lines and lines starting with # are"
            + " skipped), on any Hadoop filesystem."));
    add(intKey("explain-user.sample", 0, 1_000_000, "users",
        "Users whose recommendations explain-user (and so run and demo) explains when none are named: a sample"
            + " seeded by run.seed; 0 explains none."));
    add(stringKey("explain-user.item",
        "recvalue explain-user: the item id (as in the log) explained for each user; empty explains the user's top"
            + " recommendations."));
    add(intKey("explain-user.top", 1, 1000, "items",
        "recvalue explain-user: how many of each user's top recommendations are explained, when explain-user.item is"
            + " empty; at most explain-user.list-size."));
    add(intKey("explain-user.list-size", 1, 100_000, "items",
        "The N of a user's top-N list (their training items left out): a counterfactual set must push the explained"
            + " item out of it."));
    add(intKey("explain-user.max-exact-events", 1, 12, "players",
        "Event games of at most this many players are solved exactly by enumerating every subset of events; larger"
            + " ones are sampled by antithetic permutations."));
    add(doubleKey("explain-user.tolerance", 0, 1, "max SE / range",
        "Permutation sampling of an event game stops when the largest standard error over the range of the"
            + " attributions is this small."));
    add(intKey("explain-user.max-permutations", 64, 1_000_000_000, "permutations",
        "Permutation cap per explained recommendation (an antithetic pair counts two; checked every 64)."));
    add(doubleKey("explain-user.pruning-tolerance", 0, 0.99, "fraction of the score",
        "Sampled event games only: group the older events into one player at the newest split where their exact"
            + " two-player share is at most this fraction of the score (TimeSHAP's temporal pruning); 0 is off."));
    add(intKey("explain-user.counterfactual-budget", 1, 1_000_000_000, "re-solves",
        "Fold-in re-solves of the exhaustive search for the smallest counterfactual set (sets of 1, 2, ... events);"
            + " when the next size does not fit, the search continues greedily by attribution."));
    add(intKey("explain-user.counterfactual-max-events", 1, 100_000, "events",
        "Largest counterfactual set tried."));

    add(doubleKey("evaluate.removal-step", 1e-6, 1, "fraction of training interactions",
        "recvalue evaluate: removal curves remove 0, this, twice this, ... of the training interactions."));
    add(doubleKey("evaluate.max-removal", 0, 0.99, "fraction of training interactions",
        "recvalue evaluate: largest fraction removed by the removal curves; 0 skips the curves."));
    add(intKey("evaluate.random-seeds", 0, 1000, "orders",
        "recvalue evaluate: random removal orders, the baseline of the removal curves."));
    add(doubleKey("evaluate.noise-fraction", 0, 0.9, "fraction of training interactions",
        "recvalue evaluate: fraction corrupted for noise detection (ROC-AUC); 0 skips it."));
    add(intKey("evaluate.oracle-sample", 0, 100_000, "interactions",
        "recvalue evaluate: noise detection also leaves out this many interactions (half corrupted, half clean) one"
            + " at a time and reports the ROC-AUC of their actual change of validation loss (row loo_oracle, the most"
            + " a value can reach); 0 skips it. Uses verify-loo.tol, verify-loo.max-sweeps, verify-loo.max-interactions."));
    add(stringKey("evaluate.methods",
        "recvalue evaluate: value methods to judge, comma-separated, or all (every value method)."));
    add(enumKey("evaluate.trainer", List.of("als", "mllib"),
        "recvalue evaluate: the trainer of every retraining (removal curves, the corrupted log): als, our weighted"
            + " ALS; mllib, Spark MLlib's ALS as a black box (0/1 masks, cold starts, float factors)."));
  }

  private ConfigSchema() {}

  private static void add(ConfigKey key) {
    KEYS.put(key.name(), key);
  }

  /** All keys, in documentation order. */
  public static Collection<ConfigKey> keys() {
    return KEYS.values();
  }

  public static Optional<ConfigKey> find(String name) {
    return Optional.ofNullable(KEYS.get(name));
  }

  /** The known key closest to a misspelt one (edit distance ≤ 3), for "did you mean". */
  public static Optional<String> closest(String name) {
    String best = null;
    int bestDistance = 4;
    for (String k : KEYS.keySet()) {
      int d = editDistance(name, k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return Optional.ofNullable(best);
  }

  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
