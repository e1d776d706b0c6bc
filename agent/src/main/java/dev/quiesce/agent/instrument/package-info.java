/**
 * The instrumentation: a class file transformer that takes a cheap look at each class's constant pool, and rewrites
 * the entry points of module classes with ASM (shaded into the agent jar) so that each call counts itself in and
 * out through {@link dev.quiesce.agent.runtime.Gates}. Loaded by the agent's own class loader, never the bootstrap
 * one, so the host never sees ASM.
 *
 * <p>Why ASM and not ByteBuddy's {@code Advice}: a constructor that throws must count out too, which needs an
 * exception handler after the {@code super(...)} call; {@code Advice} refuses {@code onThrowable} on constructors
 * (byte-buddy#1420). ASM's {@code AdviceAdapter} finds the {@code super(...)} call for us, and a plain
 * {@code ClassFileTransformer} starts in milliseconds where an {@code AgentBuilder} takes most of a second.
 */
package dev.quiesce.agent.instrument;
