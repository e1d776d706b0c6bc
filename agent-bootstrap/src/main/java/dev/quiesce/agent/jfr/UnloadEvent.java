package dev.quiesce.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** One unload, from the start of draining to the outcome. The module is named by its id, never by a class. */
@Name("dev.quiesce.Unload")
@Label("Module Unload")
@Category("Quiesce")
@Description("A module's unload: drain, teardown and the check that its class loader was collected")
@StackTrace(false)
public final class UnloadEvent extends Event {
    @Label("Module")
    String module;

    @Label("Outcome")
    @Description("COLLECTED, RETAINED or TIMED_OUT")
    String outcome;

    @Label("In Flight at Start")
    @Description("Calls inside the module when draining started")
    long inFlightAtStart;

    @Label("Drain Time")
    @Timespan(Timespan.MILLISECONDS)
    long drainTime;

    @Label("Teardown Time")
    @Timespan(Timespan.MILLISECONDS)
    long teardownTime;

    @Label("Collection Time")
    @Description("Until the class loader was collected, or how long that was waited for")
    @Timespan(Timespan.MILLISECONDS)
    long collectionTime;

    @Label("Refused Calls")
    @Description("Calls refused while the unload ran")
    long refusedCalls;

    @Label("Blockers")
    @Description("Threads or task groups still inside at the timeout")
    int blockers;

    @Label("Problems")
    @Description("Hooks, listeners, leak scans and fixes that failed, and other notes for the operator")
    int problems;
}
