package dev.quiesce.agent.unload;

import dev.quiesce.Blocker;
import dev.quiesce.ModuleInfo;
import dev.quiesce.ModuleListener;
import dev.quiesce.Teardown;
import dev.quiesce.UnloadReport;
import dev.quiesce.spi.Backend;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The agent behind {@link dev.quiesce.Quiesce}. */
public final class AgentBackend implements Backend {
    private final ModuleRegistry registry;
    private final Unloader unloader;

    public AgentBackend(ModuleRegistry registry, Unloader unloader) {
        this.registry = registry;
        this.unloader = unloader;
    }

    @Override
    public List<ModuleInfo> modules() {
        return registry.modules();
    }


    @Override
    public Optional<ModuleInfo> moduleOf(ClassLoader loader) {
        return registry.moduleOf(loader);
    }

    @Override
    public UnloadReport unload(String module, Duration drainTimeout) {
        return unloader.unload(module, checkedTimeout("drainTimeout", drainTimeout, drainTimeout));
    }

    @Override
    public String guard(ClassLoader loader, String name) {
        return registry.guard(loader, name);
    }

    @Override
    public void onTearDown(String module, Runnable teardown) {
        unloader.onTearDown(module, teardown);
    }

    @Override
    public UnloadReport tearDown(String module, Duration drainTimeout, Runnable teardown) {
        return unloader.tearDown(module, checkedTimeout("drainTimeout", drainTimeout, drainTimeout), teardown);
    }

    @Override
    public Teardown beginTearDown(String module, Duration drainTimeout) {
        return unloader.beginTearDown(module, checkedTimeout("drainTimeout", drainTimeout, drainTimeout));
    }

    @Override
    public UnloadReport checkCollected(String module) {
        return unloader.checkCollected(module);
    }

    /** What an unload of a live module would wait for now; see {@link Unloader#blockersInside}. */
    public List<Blocker> blockersInside(String module) {
        return unloader.blockersInside(module);
    }

    @Override
    public void addListener(ModuleListener listener) {
        unloader.addListener(listener);
    }

    @Override
    public void removeListener(ModuleListener listener) {
        unloader.removeListener(listener);
    }

    /**
     * The one check of a drain timeout, for the API (through this backend) and the MXBean: {@code name} and
     * {@code shown} say it as the caller's parameter does ({@code drainTimeout} a {@link Duration},
     * {@code timeoutMillis} a {@code long}).
     *
     * @throws IllegalArgumentException if {@code timeout} is null or negative
     */
    public static Duration checkedTimeout(String name, Object shown, Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive, was " + shown);
        }
        return timeout;
    }
}
