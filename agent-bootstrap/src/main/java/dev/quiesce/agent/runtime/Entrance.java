package dev.quiesce.agent.runtime;

/**
 * What {@link Gates#entrance} finds for the calling thread: its {@link Cell}, whose {@link #enter} counts the call
 * in, or {@link #NESTED} if the thread is inside the module already, whose {@link #enter} counts nothing and
 * returns {@code null}. Rewritten code calls {@code Gates.entrance(SLOT).enter()}: the choice is a receiver type
 * at a call site of the module's own method, so a method only ever called from inside the module has a call site
 * that only ever sees {@link #NESTED}, and the JIT, profiling receiver types per call site, compiles it to the
 * lookup alone, with no path that writes memory (a branch inside {@link Gates} would be profiled once for every
 * caller, and keep the count-in's fence on every nested call's path). The exit is the entrance's {@link #exit} for
 * the same reason: a branch on the cell inside {@link Gates#exit} is profiled once for all callers, so every nested
 * site compiled its counting path too (C2's PrintInlining on guarded Gson: 52 call sites cut off by its node budget
 * with {@code Gates.exit} called, 1 with the entrance's exit; benchmarks/results/2026-12-02-inlining).
 */
public interface Entrance {
    /** The entrance of a thread already inside the module: admitted in any state, counted nowhere. */
    Entrance NESTED = new Entrance() {
        @Override
        public Cell enter() {
            return null;
        }

        @Override
        public Cell enterInitializer() {
            return null;
        }

        @Override
        public void exit() {
        }
    };

    /**
     * Counts the call in and returns the cell for {@link Gates#exit}, or {@code null} for {@link #NESTED}; see
     * {@link Cell#enter} for the contract.
     *
     * @throws dev.quiesce.ModuleUnloadedException if the module is dying and the caller is not inside it
     */
    Cell enter();

    /**
     * {@link #enter} for a static initialiser; see {@link Cell#enterInitializer}.
     *
     * @throws dev.quiesce.ModuleUnloadedException if the module is tearing down or unloaded and the caller is not
     *                                             inside it
     */
    Cell enterInitializer();

    /** Counts out what {@link #enter} counted in: {@link Gates#exit} of this cell; nothing for {@link #NESTED}. */
    void exit();
}
