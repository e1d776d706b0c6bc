package dev.quiesce.agent.control;

import dev.quiesce.Blocker;
import dev.quiesce.UnloadRefusedException;
import dev.quiesce.agent.unload.AgentBackend;
import java.time.Duration;
import java.util.List;

/**
 * The MXBean behind {@code dev.quiesce:type=ModuleControl}. Refusals reach JMX clients as plain
 * {@link IllegalStateException}s, a class every client can deserialize.
 */
public final class ModuleControl implements ModuleControlMXBean {
    private final AgentBackend backend;

    public ModuleControl(AgentBackend backend) {
        this.backend = backend;
    }

    @Override
    public ModuleStatus[] getModules() {
        return backend.modules().stream().map(ModuleStatus::of).toArray(ModuleStatus[]::new);
    }

    @Override
    public UnloadResult unload(String module, long timeoutMillis) {
        requireName(module);
        Duration timeout = AgentBackend.checkedTimeout("timeoutMillis", timeoutMillis,
                Duration.ofMillis(timeoutMillis));
        try {
            return UnloadResult.of(backend.unload(module, timeout));
        } catch (UnloadRefusedException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    @Override
    public String[] callsInside(String module) {
        return blockers(module).stream().map(Blocker::text).toArray(String[]::new);
    }

    @Override
    public BlockerInfo[] blockersInside(String module) {
        return BlockerInfo.of(blockers(module));
    }

    private List<Blocker> blockers(String module) {
        requireName(module);
        try {
            return backend.blockersInside(module);
        } catch (UnloadRefusedException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    private static void requireName(String module) {
        if (module == null || module.isBlank()) {
            throw new IllegalArgumentException("module must name a module; see the Modules attribute");
        }
    }
}
