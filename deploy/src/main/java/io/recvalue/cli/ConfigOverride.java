package io.recvalue.cli;

/**
 * One configuration value given on the command line by an option other than {@code --set}.
 *
 * @param key the configuration key, {@code value.method}
 * @param value its value as given
 * @param option the option that gave it, {@code --method}: configuration errors name it
 */
record ConfigOverride(String key, String value, String option) {}
