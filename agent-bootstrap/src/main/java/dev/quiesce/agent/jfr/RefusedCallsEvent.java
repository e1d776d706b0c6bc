package dev.quiesce.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** Calls refused by one module since the previous event for it: one event per module and period in a storm. */
@Name("dev.quiesce.RefusedCalls")
@Label("Refused Calls")
@Category("Quiesce")
@Description("Calls refused because their module was draining or unloaded, counted since the previous event")
@Period("1 s")
@StackTrace(false)
public final class RefusedCallsEvent extends Event {
    @Label("Module")
    String module;

    @Label("State")
    String state;

    @Label("Refused Calls")
    long refusedCalls;
}
