package dev.quiesce.agent.control;

import dev.quiesce.UnloadReport;
import dev.quiesce.agent.unload.UnloadEvents;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * Sends a JMX notification for each step of an unload, for jconsole's Notifications tab and any JMX client. The
 * type says which step ({@code dev.quiesce.draining}, {@code .drained}, {@code .tornDown}, then {@code .collected},
 * {@code .retained} or {@code .timedOut}); the message says it in words; the user data is a composite of open types:
 * {@code module}, {@code state} (the module's state after the step), {@code inFlight} (calls inside at the step; on
 * {@code timedOut}, the number of blockers: threads still inside, and task groups) and {@code millis} (how long the
 * step took); {@code timedOut}'s also has {@code blockers}, the report's, each a {@link BlockerInfo} composite (a
 * thread with its name, id, state and stack, or a group: the tasks handed to an executor that have not started, or
 * the calls of virtual threads). Listeners are called on the unloading thread.
 */
public final class UnloadNotifications extends NotificationBroadcasterSupport implements UnloadEvents {
    public static final String DRAINING = "dev.quiesce.draining";
    public static final String DRAINED = "dev.quiesce.drained";
    public static final String TORN_DOWN = "dev.quiesce.tornDown";
    public static final String COLLECTED = "dev.quiesce.collected";
    public static final String RETAINED = "dev.quiesce.retained";
    public static final String TIMED_OUT = "dev.quiesce.timedOut";

    private static final String[] ITEMS = {WireNames.MODULE, WireNames.STATE, WireNames.IN_FLIGHT, WireNames.MILLIS};
    private static final String[] TIMED_OUT_ITEMS = {WireNames.MODULE, WireNames.STATE, WireNames.IN_FLIGHT,
        WireNames.MILLIS, WireNames.BLOCKERS};
    private static final CompositeType STEP = stepType("dev.quiesce.UnloadStep", ITEMS);
    private static final CompositeType TIMED_OUT_STEP = stepType("dev.quiesce.UnloadTimedOut", TIMED_OUT_ITEMS);

    private final ObjectName source;
    private final AtomicLong sequence = new AtomicLong();

    UnloadNotifications(ObjectName source) {
        super(new MBeanNotificationInfo(new String[] {DRAINING, DRAINED, TORN_DOWN, COLLECTED, RETAINED, TIMED_OUT},
                Notification.class.getName(), "A step of a module's unload; user data: " + String.join(", ", ITEMS)
                + " (on timedOut, and " + WireNames.BLOCKERS + ")"));
        this.source = source;
    }

    @Override
    public void draining(String module, long inFlight) {
        send(DRAINING, module, WireNames.DRAINING, inFlight, 0, "module '" + module + "' is draining: new calls are"
                + " refused; waiting for " + inFlight + " call(s) in flight");
    }

    @Override
    public void drained(String module, long drainMillis) {
        send(DRAINED, module, WireNames.TEARING_DOWN, 0, drainMillis, "module '" + module + "' drained in "
                + drainMillis + " ms: no call is inside; tearing down");
    }

    @Override
    public void tornDown(String module, long teardownMillis) {
        send(TORN_DOWN, module, WireNames.UNLOADED, 0, teardownMillis, "module '" + module + "' torn down in "
                + teardownMillis + " ms; checking that its class loader is collected");
    }

    @Override
    public void finished(UnloadReport report, long refusedCalls) {
        switch (report.outcome()) {
            case COLLECTED -> send(COLLECTED, report.module(), WireNames.UNLOADED, 0, report.collectMillis(),
                    report.summary());
            case RETAINED -> send(RETAINED, report.module(), WireNames.UNLOADED, 0, report.collectMillis(),
                    report.summary());
            case TIMED_OUT -> send(TIMED_OUT, report.summary(), TIMED_OUT_STEP, TIMED_OUT_ITEMS, report.module(),
                    WireNames.ACTIVE, (long) report.blockers().size(), report.drainMillis(),
                    BlockerInfo.openData(report.blockers()));
        }
    }

    private void send(String type, String module, String state, long inFlight, long millis, String message) {
        send(type, message, STEP, ITEMS, module, state, inFlight, millis);
    }

    private void send(String type, String message, CompositeType userData, String[] items, Object... values) {
        Notification notification = new Notification(type, source, sequence.incrementAndGet(), message);
        try {
            notification.setUserData(new CompositeDataSupport(userData, items, values));
        } catch (OpenDataException e) {
            throw new IllegalStateException("the unload step does not fit its composite type", e);
        }
        sendNotification(notification);
    }

    /** The user data's type: {@link #ITEMS}, and on {@code timedOut} the blockers too. */
    private static CompositeType stepType(String name, String[] items) {
        String[] descriptions = {"the module's id", "the module's state after the step", "calls inside at the step"
            + " (on timedOut: the number of blockers, threads still inside and task groups)",
            "how long the step took, in milliseconds", "what was still inside at the timeout, as in the unload result"};
        try {
            OpenType<?>[] types = {SimpleType.STRING, SimpleType.STRING, SimpleType.LONG, SimpleType.LONG,
                ArrayType.getArrayType(BlockerInfo.TYPE)};
            return new CompositeType(name, "A step of a module's unload", items,
                    Arrays.copyOf(descriptions, items.length), Arrays.copyOf(types, items.length));
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
