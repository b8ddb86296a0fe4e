/**
 * Run options for a benchmark that runs once and prints its own figures: these benchmarks time a
 * whole job (a million sentences, a snapshot import, a drain) against a baseline they run
 * themselves in the same process, so tinybench's repetitions would only repeat minutes of work.
 * Their functions are async: tinybench calls a plain function once more to learn whether it is.
 */
export const ONCE = { iterations: 1, time: 0, warmup: false, throws: true };

/** A whole job may take many minutes at full size. */
export const JOB_TIMEOUT_MS = 3_600_000;
