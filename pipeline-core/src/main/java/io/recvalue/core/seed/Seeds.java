package io.recvalue.core.seed;

import java.nio.charset.StandardCharsets;

/**
 * Derives every random seed of a run from one root seed and a stable key.
 *
 * <p>No random choice in the pipeline may depend on partition order or on a global generator:
 * a seed is always {@code derive(rootSeed, purpose, entityKey...)}, so the same input and root seed
 * give the same output on 1 or 100 partitions. The mixing function is SplitMix64's finaliser applied
 * to a running combination of the key parts (strings are folded through a 64-bit FNV-1a hash).
 */
public final class Seeds {
  private Seeds() {}

  /** SplitMix64 finaliser: a bijective, well-mixing map of 64-bit values. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Stable 64-bit FNV-1a hash of a string (UTF-8). */
  public static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** Seed for a purpose (e.g. {@code "als.init.user"}) under a root seed. */
  public static long derive(long root, String purpose) {
    return mix(root * 0x9e3779b97f4a7c15L + hash(purpose));
  }

  /** Seed for one entity (a user index, an item index, ...) of a purpose under a root seed. */
  public static long derive(long root, String purpose, long entity) {
    return mix(derive(root, purpose) + mix(entity + 0x632be59bd9b4e019L));
  }

  /** A uniform double in [0, 1) that is a pure function of its arguments. */
  public static double uniform(long root, String purpose, long entity) {
    return (derive(root, purpose, entity) >>> 11) * 0x1.0p-53;
  }
}
