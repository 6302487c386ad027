package io.recvalue.cli;

import io.recvalue.core.run.Console;
import io.recvalue.core.run.Stage;
import java.util.List;

/** {@code recvalue value}: a value for every training interaction, and per item and per user. */
final class ValueCommand extends StageCommand {
  @Override
  public String name() {
    return "value";
  }

  @Override
  public String summary() {
    return "value every training interaction (influence | blockdiag | ep) and sum per item and user";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: recvalue value --output DIR [--method influence|blockdiag|ep] [--config FILE]... [--set key=value]...",
        "",
        "Gives every training interaction in DIR/ingest/train a value: how much it lowers (positive)",
        "or raises (negative) the validation loss of the model in DIR/train, to first order. influence",
        "solves H s = g by preconditioned conjugate gradient (value.cg-tol, value.cg-max-iter);",
        "blockdiag uses the block diagonal of H only (fast, coarse); ep runs two ALS phases nudged by",
        "+/- beta times the validation loss from the trained model (value.ep-beta, value.ep-sweeps). Writes DIR/values,",
        "DIR/item_values, DIR/user_values (Parquet) and DIR/item_values.arrow, DIR/user_values.arrow.",
        "",
        "  --output DIR       the folder earlier 'ingest' and 'train' runs wrote",
        "  --method M         influence (default), blockdiag or ep; the same as --set value.method=M",
        commonOptionsHelp());
  }

  @Override
  public int run(List<String> args, Console console) throws Exception {
    return super.run(OptionAliases.rewrite(args, "--method", "value.method"), console);
  }

  @Override
  List<Stage> stages() {
    return List.of(Pipeline.value());
  }

  @Override
  boolean needsInput() {
    return false;
  }
}
