package dev.quiesce.agent.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One module's carried work: tasks submitted from inside a call of the module ({@link CarriedCalls}) that have not
 * started counted on their own thread yet, nor been released. Two monotone counts, carried-in and carried-out.
 *
 * <p>Implementation notes.
 *
 * <p><b>The hand-off.</b> A task T is carried by a call C of thread S: S, counted inside the module, increments
 * carried-in, then publishes T (a volatile write in {@link Carry}), then hands T to the executor, and only later
 * counts C out (program order). On the worker W, T's start wins the carry's compare-and-set, counts W in on W's own
 * cell (a volatile write, {@link Gate#enterCarried}, no refusal), then increments carried-out; T counts W out when it
 * finishes. A task that is cancelled, rejected or dropped before it starts wins the compare-and-set the other way
 * and increments carried-out instead, and never runs counted. Exactly one of the two happens, once.
 *
 * <p><b>Why the sum never under-counts.</b> The drain reads every "out" (each cell's exits, carried-out) before any
 * "in" (each cell's entrances, carried-in), under the gate's lock, all volatile reads. Take T pending or running
 * at the sum; counts are monotone, so it is enough to show that T's, or C's, share of the sum is at least one:
 * <ul>
 * <li>The sum saw T's carried-out. Then W's count-in happens-before it (program order, then the increment's volatile
 *     write read by the sum), so the later read of W's entrances sees it; W's count-out, if seen, means T
 *     finished. And T's carried-in happens-before T's start (the carry's volatile write and its compare-and-set), so
 *     the later read of carried-in sees it: T's share is 1 - 1 + 1 - 0.</li>
 * <li>The sum did not see T's carried-out, but saw its carried-in: T's share is 1, plus W's count-in minus its
 *     count-out, which is never negative because the cell's exits were read first.</li>
 * <li>The sum saw neither. Then it did not see C's count-out either: had it, the carried-in before it in S's program
 *     order would happen-before the later read of carried-in. So C is still counted inside by the sum, by the
 *     argument that covers C (the Dekker pair in {@link Gate} for a call that started the visit, the nested check
 *     for a nested one, this argument again for a carried one: induction on how T's submitter was admitted).</li>
 * </ul>
 * A task is released only by winning the compare-and-set, and a released task that runs anyway runs as a new visit,
 * refused while the module is dying; so a release never lets module code run uncounted. Proved by
 * {@code CarriedSubmissionTest} (jcstress: a submission and the task's start racing a drain) and
 * {@code CarriedReleaseTest} (a start racing a cancel releases once); {@code CarriedInReadFirstTest} and
 * {@code CarriedAfterTheExitTest} are the evidence that reading carried-in before the outs, or carrying after the
 * submitter's count-out, lets a drain see zero under a pending task.
 *
 * <p>Cost: two atomic increments on a counter shared by the module's submitters, and two small objects, per
 * submission; nothing on the per-call path.
 */
final class CarriedCounts {
    private final AtomicLong in = new AtomicLong();
    private final AtomicLong out = new AtomicLong();

    /** The submitter, inside the module, before it publishes the task. */
    void carryIn() {
        in.incrementAndGet();
    }

    /** The task's start after its count-in, or its release: once per carried task. */
    void carryOut() {
        out.incrementAndGet();
    }

    /** Read with the exits, before any entrance. */
    long outSeen() {
        return out.get();
    }

    /** Read with the entrances, after every exit. */
    long inSeen() {
        return in.get();
    }
}
