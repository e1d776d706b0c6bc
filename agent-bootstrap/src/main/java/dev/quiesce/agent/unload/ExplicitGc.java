package dev.quiesce.agent.unload;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Whether {@code System.gc()} does anything in this JVM: {@code -XX:+DisableExplicitGC} turns it into a no-op. The
 * option cannot change while the JVM runs, so it is read once, at the first unload that needs it.
 */
final class ExplicitGc {
    private static final boolean DISABLED_BY_VM = readOption();

    private ExplicitGc() {
    }

    /** True if the VM option is set; false if it is not, or if this JVM cannot tell (not HotSpot). */
    static boolean disabledByVm() {
        return DISABLED_BY_VM;
    }

    private static boolean readOption() {
        try {
            return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("DisableExplicitGC").getValue());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
