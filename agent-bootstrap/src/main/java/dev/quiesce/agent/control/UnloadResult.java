package dev.quiesce.agent.control;

import dev.quiesce.UnloadReport;

/** An unload report as the MXBean returns it (a composite of open types). */
public final class UnloadResult {
    private final String module;
    private final String outcome;
    private final long inFlightAtStart;
    private final long drainMillis;
    private final long teardownMillis;
    private final long collectMillis;
    private final BlockerInfo[] blockers;
    private final String[] fixes;
    private final String[] leaks;
    private final String[] problems;
    private final String summary;

    public UnloadResult(String module, String outcome, long inFlightAtStart, long drainMillis, long teardownMillis,
                        long collectMillis, BlockerInfo[] blockers, String[] fixes, String[] leaks, String[] problems,
                        String summary) {
        this.module = module;
        this.outcome = outcome;
        this.inFlightAtStart = inFlightAtStart;
        this.drainMillis = drainMillis;
        this.teardownMillis = teardownMillis;
        this.collectMillis = collectMillis;
        this.blockers = blockers.clone();
        this.fixes = fixes.clone();
        this.leaks = leaks.clone();
        this.problems = problems.clone();
        this.summary = summary;
    }

    static UnloadResult of(UnloadReport report) {
        return new UnloadResult(report.module(), report.outcome().name(), report.inFlightAtStart(),
                report.drainMillis(), report.teardownMillis(), report.collectMillis(),
                BlockerInfo.of(report.blockers()), report.fixes().toArray(String[]::new),
                report.leaks().toArray(String[]::new), report.problems().toArray(String[]::new), report.summary());
    }

    public String getModule() {
        return module;
    }

    /** {@code COLLECTED}, {@code RETAINED} or {@code TIMED_OUT}. */
    public String getOutcome() {
        return outcome;
    }

    public long getInFlightAtStart() {
        return inFlightAtStart;
    }

    public long getDrainMillis() {
        return drainMillis;
    }

    public long getTeardownMillis() {
        return teardownMillis;
    }

    public long getCollectMillis() {
        return collectMillis;
    }

    /**
     * On {@code TIMED_OUT}: what was still inside, each thread with its name, id, state and stack, and a group for the
     * tasks not started and one for the calls of virtual threads.
     */
    public BlockerInfo[] getBlockers() {
        return blockers.clone();
    }

    /** The leak fixes the agent applied after the teardown. */
    public String[] getFixes() {
        return fixes.clone();
    }

    /** On {@code RETAINED}: what the leak scan found holding the class loader, and how to fix each. */
    public String[] getLeaks() {
        return leaks.clone();
    }

    public String[] getProblems() {
        return problems.clone();
    }

    public String getSummary() {
        return summary;
    }
}
