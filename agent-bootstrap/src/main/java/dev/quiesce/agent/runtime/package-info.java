/**
 * What runs inside instrumented code: the per-thread counting cells, the per-module gate, and the calls every
 * rewritten method makes ({@link dev.quiesce.agent.runtime.Gates#entrance}, then {@link
 * dev.quiesce.agent.runtime.Entrance#enter}, and {@link dev.quiesce.agent.runtime.Gates#exit}). Loaded from the
 * bootstrap class path so that code in any class loader, including one whose parent is {@code null}, can call it. The
 * fast path allocates nothing, takes no lock and writes only to the calling thread's own cell.
 */
package dev.quiesce.agent.runtime;
