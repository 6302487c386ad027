package io.recvalue.cli;

import io.recvalue.core.run.Console;
import io.recvalue.core.run.Stage;
import java.util.ArrayList;
import java.util.List;

/** {@code recvalue value}: a value for every training interaction, and per item and per user. */
final class ValueCommand extends StageCommand {
  @Override
  public String name() {
    return "value";
  }

  @Override
  public String summary() {
    return "value every training interaction (influence | blockdiag) and sum per item and user";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: recvalue value --output DIR [--method influence|blockdiag] [--config FILE]... [--set key=value]...",
        "",
        "Gives every training interaction in DIR/ingest/train a value: how much it lowers (positive)",
        "or raises (negative) the validation loss of the model in DIR/train, to first order. influence",
        "solves H s = g by preconditioned conjugate gradient (value.cg-tol, value.cg-max-iter);",
        "blockdiag uses the block diagonal of H only (fast, coarse). Writes DIR/values,",
        "DIR/item_values, DIR/user_values (Parquet) and DIR/item_values.arrow, DIR/user_values.arrow.",
        "",
        "  --output DIR       the folder earlier 'ingest' and 'train' runs wrote",
        "  --method M         influence (default) or blockdiag; the same as --set value.method=M",
        commonOptionsHelp());
  }

  @Override
  public int run(List<String> args, Console console) throws Exception {
    List<String> rewritten = new ArrayList<>();
    for (int n = 0; n < args.size(); n++) {
      String a = args.get(n);
      if (a.equals("--method")) {
        if (n + 1 >= args.size()) {
          throw new UsageException("option --method needs a value");
        }
        rewritten.add("--set");
        rewritten.add("value.method=" + args.get(++n));
      } else if (a.startsWith("--method=")) {
        rewritten.add("--set");
        rewritten.add("value.method=" + a.substring("--method=".length()));
      } else {
        rewritten.add(a);
      }
    }
    return super.run(rewritten, console);
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
