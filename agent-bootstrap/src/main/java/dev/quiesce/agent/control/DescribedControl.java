package dev.quiesce.agent.control;

import java.util.Map;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardEmitterMBean;

/**
 * The control MXBean as consoles show it: descriptions for the bean, its attribute and operations, and parameter
 * names ({@code module}, {@code timeoutMillis}) in place of {@code p0} and {@code p1} on jconsole's Operations tab.
 * Notifications come from {@link UnloadNotifications}.
 */
final class DescribedControl extends StandardEmitterMBean {
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            WireNames.MODULES, "Every module: live ones, then recently unloaded ones, with calls in flight and counts",
            WireNames.UNLOAD, "Unloads a module: refuses new calls, waits up to timeoutMillis for the calls in flight,"
                    + " tears it down, and checks that its class loader is collected. Returns the report (outcome"
                    + " COLLECTED, RETAINED or TIMED_OUT).",
            WireNames.CALLS_INSIDE, "The threads inside a module now, with their stacks: what an unload of it waits"
                    + " for",
            WireNames.BLOCKERS_INSIDE, "callsInside as open data: each thread's name, id, state and stack",
            "module", "the module's name, as in the Modules attribute, e.g. billing or billing#2",
            "timeoutMillis", "how long to wait for the calls in flight, in milliseconds; on timeout the module stays"
                    + " in service untouched");

    DescribedControl(ModuleControl control, UnloadNotifications notifications) throws NotCompliantMBeanException {
        super(control, ModuleControlMXBean.class, true, notifications);
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        return "Quiesce: safe unloading of class-loader modules. Unload steps are sent as notifications.";
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        return DESCRIPTIONS.getOrDefault(info.getName(), info.getDescription());
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        return DESCRIPTIONS.getOrDefault(info.getName(), info.getDescription());
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return sequence == 0 ? "module" : "timeoutMillis";
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return DESCRIPTIONS.get(getParameterName(op, param, sequence));
    }

    @Override
    protected int getImpact(MBeanOperationInfo info) {
        return WireNames.UNLOAD.equals(info.getName()) ? MBeanOperationInfo.ACTION : MBeanOperationInfo.INFO;
    }
}
