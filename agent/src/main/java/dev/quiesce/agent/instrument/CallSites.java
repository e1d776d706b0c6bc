package dev.quiesce.agent.instrument;

import org.objectweb.asm.MethodVisitor;

/** The call-site rewriting every method of a module class gets, counted entry point or not. */
final class CallSites {
    private CallSites() {
    }

    /**
     * Carried submissions and thread starts ({@link CallSiteRewriter}), then fork/join waits and hand-overs
     * ({@link ForkJoinRewriter}).
     */
    static MethodVisitor rewriting(MethodVisitor next, int slot, boolean dynamic) {
        return new CallSiteRewriter(new ForkJoinRewriter(next, slot, dynamic), slot, dynamic);
    }
}
