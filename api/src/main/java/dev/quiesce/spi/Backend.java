package dev.quiesce.spi;

import dev.quiesce.ModuleInfo;
import dev.quiesce.ModuleListener;
import dev.quiesce.Teardown;
import dev.quiesce.UnloadReport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the agent provides behind {@link dev.quiesce.Quiesce}. Internal: implemented by the agent only, which checks
 * each {@code drainTimeout} (null or negative: {@link IllegalArgumentException}).
 */
public interface Backend {
    List<ModuleInfo> modules();

    Optional<ModuleInfo> moduleOf(ClassLoader loader);

    UnloadReport unload(String module, Duration drainTimeout);

    String guard(ClassLoader loader, String name);

    void onTearDown(String module, Runnable teardown);

    UnloadReport tearDown(String module, Duration drainTimeout, Runnable teardown);

    Teardown beginTearDown(String module, Duration drainTimeout);

    UnloadReport checkCollected(String module);

    void addListener(ModuleListener listener);

    void removeListener(ModuleListener listener);
}
