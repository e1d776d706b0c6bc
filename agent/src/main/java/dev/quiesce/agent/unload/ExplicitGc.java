package dev.quiesce.agent.unload;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/** Whether {@code System.gc()} does anything in this JVM: {@code -XX:+DisableExplicitGC} turns it into a no-op. */
final class ExplicitGc {
    private ExplicitGc() {
    }

    /** True if the VM option is set; false if it is not, or if this JVM cannot tell (not HotSpot). */
    static boolean disabledByVm() {
        try {
            return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("DisableExplicitGC").getValue());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
