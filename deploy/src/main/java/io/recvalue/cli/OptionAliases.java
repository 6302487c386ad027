package io.recvalue.cli;

import java.util.ArrayList;
import java.util.List;

/** Rewrites a command's own option ({@code --method M} or {@code --method=M}) into {@code --set key=M}. */
final class OptionAliases {
  private OptionAliases() {}

  static List<String> rewrite(List<String> args, String option, String key) {
    List<String> rewritten = new ArrayList<>();
    for (int n = 0; n < args.size(); n++) {
      String a = args.get(n);
      if (a.equals(option)) {
        if (n + 1 >= args.size()) {
          throw new UsageException("option " + option + " needs a value");
        }
        rewritten.add("--set");
        rewritten.add(key + "=" + args.get(++n));
      } else if (a.startsWith(option + "=")) {
        rewritten.add("--set");
        rewritten.add(key + "=" + a.substring(option.length() + 1));
      } else {
        rewritten.add(a);
      }
    }
    return rewritten;
  }
}
