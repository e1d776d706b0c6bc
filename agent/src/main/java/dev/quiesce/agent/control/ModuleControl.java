package dev.quiesce.agent.control;

import dev.quiesce.Quiesce;
import dev.quiesce.UnloadRefusedException;
import java.time.Duration;

/**
 * The MXBean behind {@code dev.quiesce:type=ModuleControl}. Refusals reach JMX clients as plain
 * {@link IllegalStateException}s, a class every client can deserialize.
 */
public final class ModuleControl implements ModuleControlMXBean {

    @Override
    public ModuleStatus[] getModules() {
        return Quiesce.modules().stream().map(ModuleStatus::of).toArray(ModuleStatus[]::new);
    }

    @Override
    public UnloadResult unload(String module, long timeoutMillis) {
        if (module == null || module.isBlank()) {
            throw new IllegalArgumentException("module must name a module; see the Modules attribute");
        }
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeoutMillis must be zero or positive, was " + timeoutMillis);
        }
        try {
            return UnloadResult.of(Quiesce.unload(module, Duration.ofMillis(timeoutMillis)));
        } catch (UnloadRefusedException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }
}
