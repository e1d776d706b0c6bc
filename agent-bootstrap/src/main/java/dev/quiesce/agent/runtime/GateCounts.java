package dev.quiesce.agent.runtime;

/**
 * One sum of a gate's counts, for a status report ({@link Gate#counts}): calls that entered and left since the
 * module was found (outermost calls of platform threads; every call of a virtual thread), calls refused, and carried
 * work in flight (tasks not yet started and threads not yet ended). Read outs first, so never fewer in than out.
 */
public record GateCounts(long entrances, long exits, long refused, long carried) {
}
