package dev.quiesce.pf4j;

import java.lang.ref.WeakReference;

/**
 * The host's teardown of one plugin generation's module ({@code Quiesce.onTearDown}): an unload the agent starts
 * (the CLI's or the MXBean's {@code unload}, {@code Quiesce.unload}) runs it once drained, and it stops and unloads
 * the plugin through its manager ({@link PluginQuiescer#unloadForAgent}). It holds the quiescer weakly and the
 * plugin only by id, so the agent's registration keeps neither a dropped manager nor the plugin's loader alive.
 */
final class PluginTeardown implements Runnable {
    private final WeakReference<PluginQuiescer> quiescer;
    private final String pluginId;
    private final String module;

    PluginTeardown(PluginQuiescer quiescer, String pluginId, String module) {
        this.quiescer = new WeakReference<>(quiescer);
        this.pluginId = pluginId;
        this.module = module;
    }

    @Override
    public void run() {
        PluginQuiescer target = quiescer.get();
        if (target != null) {
            target.unloadForAgent(pluginId, module);
        }
    }
}
