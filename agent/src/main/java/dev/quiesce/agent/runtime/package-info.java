/**
 * What runs inside instrumented code: the per-thread counting cells, the per-module gate, and the two static entry
 * points every rewritten method calls ({@link dev.quiesce.agent.runtime.Gates#enter} and
 * {@link dev.quiesce.agent.runtime.Gates#exit}). Loaded from the bootstrap class path so that code in any class
 * loader, including one whose parent is {@code null}, can call it. The fast path allocates nothing, takes no lock and
 * writes only to the calling thread's own cell.
 */
package dev.quiesce.agent.runtime;
