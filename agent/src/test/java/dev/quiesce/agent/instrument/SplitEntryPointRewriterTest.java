package dev.quiesce.agent.instrument;

/**
 * {@link EntryPointRewriterTest} on classes split as they load ({@link BodySplit}): the same counts on every path,
 * since the wrappers count what the methods counted and the copies are reached only from inside.
 */
class SplitEntryPointRewriterTest extends EntryPointRewriterTest {
    @Override
    boolean split() {
        return true;
    }
}
