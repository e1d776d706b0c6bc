package dev.quiesce.pf4j;

import java.nio.file.Path;
import java.util.List;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * A drop-in {@link DefaultPluginManager} whose plugins are Quiesce modules: {@link #stopPlugin} refuses new calls
 * into the plugin's extensions, waits for the calls in flight (up to {@link PluginQuiescer#setDrainTimeout}, 30 s
 * by default) and only then runs {@code Plugin.stop()}; {@link #unloadPlugin} then checks that the plugin's class
 * loader was collected, and keeps the report ({@link PluginQuiescer#report}). Plugins need no change. Needs the
 * Quiesce agent ({@code -javaagent:quiesce-agent.jar}).
 *
 * <p>Differences from PF4J: a stop whose drain times out leaves the plugin {@code STARTED} and returns
 * {@code STARTED}; a stopped plugin's old class loader is dead, so {@link #startPlugin} loads it again from its path
 * as a new generation; {@link #unloadPlugin(String)} of an unknown id throws {@link UnknownPluginException} (PF4J
 * returns false); dependents are stopped and unloaded deepest first.
 */
public class QuiescePluginManager extends DefaultPluginManager {
    private final PluginQuiescer quiescer = new PluginQuiescer(this);

    public QuiescePluginManager() {
        super();
    }

    public QuiescePluginManager(Path... pluginsRoots) {
        super(pluginsRoots);
    }

    public QuiescePluginManager(List<Path> pluginsRoots) {
        super(pluginsRoots);
    }

    /** The drain timeout, the module of each plugin and the reports of stops and unloads. */
    public PluginQuiescer quiescer() {
        return quiescer;
    }

    @Override
    protected PluginWrapper createPluginWrapper(PluginDescriptor descriptor, Path pluginPath, ClassLoader loader) {
        return super.createPluginWrapper(descriptor, pluginPath, quiescer.guard(descriptor, loader));
    }

    @Override
    protected PluginState stopPlugin(String pluginId, boolean stopDependents) {
        return quiescer.stopPlugin(pluginId, stopDependents, super::stopPlugin);
    }

    @Override
    public void stopPlugins() {
        quiescer.stopPlugins(super::stopPlugin);
    }

    @Override
    public boolean unloadPlugin(String pluginId) {
        quiescer.plugin(pluginId);
        return super.unloadPlugin(pluginId);
    }

    @Override
    protected boolean unloadPlugin(String pluginId, boolean unloadDependents, boolean resolveDependencies) {
        return quiescer.unloadPlugin(pluginId, unloadDependents, resolveDependencies, super::unloadPlugin);
    }

    @Override
    public PluginState startPlugin(String pluginId) {
        return quiescer.startPlugin(pluginId, super::startPlugin, super::unloadPlugin);
    }

    @Override
    public void startPlugins() {
        quiescer.reloadTornDown(super::unloadPlugin);
        super.startPlugins();
    }
}
