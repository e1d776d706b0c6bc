package dev.quiesce.pf4j;

import dev.quiesce.ModuleListener;
import dev.quiesce.Quiesce;
import java.lang.ref.WeakReference;

/**
 * Tells a {@link PluginQuiescer} of its plugins' modules torn down outside the manager by a teardown other code
 * brought ({@code Quiesce.tearDown} or {@code beginTearDown} of a plugin's module). An unload the agent starts on its
 * own (the CLI's or the MXBean's {@code unload}, {@code Quiesce.unload}) runs the plugin's {@link PluginTeardown}
 * instead, which has unloaded the plugin by the time this hears of it, so this does nothing then. Holds the quiescer
 * weakly, so a host that drops its plugin manager is not kept alive by the agent's listener list; removes itself
 * once the quiescer is gone.
 */
final class UnloadedElsewhere implements ModuleListener {
    private final WeakReference<PluginQuiescer> quiescer;

    private UnloadedElsewhere(PluginQuiescer quiescer) {
        this.quiescer = new WeakReference<>(quiescer);
    }

    static void register(PluginQuiescer quiescer) {
        Quiesce.addListener(new UnloadedElsewhere(quiescer));
    }

    @Override
    public void unloaded(String module) {
        PluginQuiescer target = quiescer.get();
        if (target == null) {
            Quiesce.removeListener(this);
        } else {
            target.unloadedElsewhere(module);
        }
    }
}
