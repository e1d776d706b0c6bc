package dev.quiesce.agent.control;

import dev.quiesce.Blocker;
import java.util.List;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * A {@link Blocker} as the MXBean shows it (a composite of open types), in {@code blockersInside}, the unload
 * result's {@code blockers} and the {@code timedOut} notification's: a thread inside the module, or, with no thread,
 * a group (the tasks it handed to an executor that have not started, or the calls of virtual threads inside it).
 * {@link #getText} is the form {@code callsInside} gives.
 */
public final class BlockerInfo {
    private static final String[] ITEMS = {WireNames.THREAD, WireNames.THREAD_ID, WireNames.THREAD_STATE,
        WireNames.INSIDE, WireNames.HEADLINE, WireNames.FRAMES, WireNames.MORE_FRAMES, WireNames.TEXT};
    /**
     * The composite type the MXBean mapping derives from the getters, spelled out for the notification's user data,
     * which the mapping does not reach; {@code WireNamesTest} checks that the two are equal.
     */
    static final CompositeType TYPE = type();

    private final Blocker blocker;

    public BlockerInfo(Blocker blocker) {
        this.blocker = blocker;
    }

    /** The thread's name; null for a group. */
    public String getThread() {
        return blocker.thread();
    }

    /** The thread's id; -1 for a group. */
    public long getThreadId() {
        return blocker.threadId();
    }

    /** The thread's state when it was described ({@code RUNNABLE}, {@code WAITING}, ...); null for a group. */
    public String getThreadState() {
        return blocker.threadState();
    }

    /** How it is inside the module; for a group, how many and what to do about them. */
    public String getInside() {
        return blocker.inside();
    }

    /** The first line of {@link #getText}: who, and how it is inside. */
    public String getHeadline() {
        return blocker.headline();
    }

    /** The thread's stack, innermost first, as {@code StackTraceElement.toString()} writes each frame, at most 64. */
    public String[] getFrames() {
        return blocker.frames().toArray(String[]::new);
    }

    /** Frames of the thread's stack left out of {@link #getFrames}. */
    public int getMoreFrames() {
        return blocker.moreFrames();
    }

    /** The headline, then the stack, one {@code \tat} line per frame. */
    public String getText() {
        return blocker.text();
    }

    static BlockerInfo[] of(List<Blocker> blockers) {
        return blockers.stream().map(BlockerInfo::new).toArray(BlockerInfo[]::new);
    }

    /** The blockers as {@link #TYPE}'s composites, for user data the MXBean mapping does not convert. */
    static CompositeData[] openData(List<Blocker> blockers) {
        CompositeData[] data = new CompositeData[blockers.size()];
        for (int i = 0; i < data.length; i++) {
            Blocker b = blockers.get(i);
            try {
                data[i] = new CompositeDataSupport(TYPE, ITEMS, new Object[] {b.thread(), b.threadId(),
                    b.threadState(), b.inside(), b.headline(), b.frames().toArray(String[]::new), b.moreFrames(),
                    b.text()});
            } catch (OpenDataException e) {
                throw new IllegalStateException("a blocker does not fit its composite type", e);
            }
        }
        return data;
    }

    private static CompositeType type() {
        try {
            OpenType<?>[] types = {SimpleType.STRING, SimpleType.LONG, SimpleType.STRING, SimpleType.STRING,
                SimpleType.STRING, ArrayType.getArrayType(SimpleType.STRING), SimpleType.INTEGER, SimpleType.STRING};
            return new CompositeType(BlockerInfo.class.getName(), BlockerInfo.class.getName(), ITEMS, ITEMS, types);
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
