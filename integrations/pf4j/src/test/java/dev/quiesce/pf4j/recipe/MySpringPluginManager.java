package dev.quiesce.pf4j.recipe;

import dev.quiesce.pf4j.PluginQuiescer;
import java.nio.file.Path;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.pf4j.spring.SpringPluginManager;

/**
 * The README's recipe on pf4j-spring's {@link SpringPluginManager}: the same overrides as {@link MyPluginManager}.
 * Test code only: {@code quiescer()} is the one line the README leaves out.
 */
public class MySpringPluginManager extends SpringPluginManager {
    private final PluginQuiescer quiescer = new PluginQuiescer(this);

    public MySpringPluginManager(Path... pluginsRoots) { super(pluginsRoots); }
    @Override protected PluginWrapper createPluginWrapper(PluginDescriptor d, Path path, ClassLoader loader) {
        return super.createPluginWrapper(d, path, quiescer.guard(d, loader));
    }
    @Override protected PluginState stopPlugin(String id, boolean stopDependents) {
        return quiescer.stopPlugin(id, stopDependents, super::stopPlugin);
    }
    @Override public void stopPlugins() { quiescer.stopPlugins(super::stopPlugin); }
    @Override public boolean unloadPlugin(String id) { quiescer.plugin(id); return super.unloadPlugin(id); }
    @Override protected boolean unloadPlugin(String id, boolean unloadDependents, boolean resolveDependencies) {
        return quiescer.unloadPlugin(id, unloadDependents, resolveDependencies, super::unloadPlugin);
    }
    @Override public PluginState startPlugin(String id) {
        return quiescer.startPlugin(id, super::startPlugin, super::unloadPlugin);
    }
    @Override public void startPlugins() { quiescer.reloadTornDown(super::unloadPlugin); super.startPlugins(); }

    public PluginQuiescer quiescer() {
        return quiescer;
    }
}
