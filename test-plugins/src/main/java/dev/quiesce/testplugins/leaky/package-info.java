/**
 * Modules that leak their class loader, one way each: {@code start()} (called by the host) leaves the holder
 * behind, and no {@code @OnUnload} hook cleans it up. The agent's leak scan must name each, and its fixes free them.
 * {@code StraySerialization} fills a JDK cache that holds nothing, and must be collected with no fix.
 */
package dev.quiesce.testplugins.leaky;
