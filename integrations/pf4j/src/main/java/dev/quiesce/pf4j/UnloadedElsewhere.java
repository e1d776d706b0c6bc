package dev.quiesce.pf4j;

import dev.quiesce.ModuleListener;
import dev.quiesce.Quiesce;
import java.lang.ref.WeakReference;

/**
 * Tells a {@link PluginQuiescer} of its plugins' modules unloaded outside the manager (the CLI's or the MXBean's
 * {@code unload}, or {@code Quiesce.unload}). Holds the quiescer weakly, so a host that drops its plugin manager is
 * not kept alive by the agent's listener list; removes itself once the quiescer is gone.
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
