package dev.quiesce.it.forked;

import dev.quiesce.ModuleInfo;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadRefusedException;
import dev.quiesce.it.support.HugeClass;
import dev.quiesce.it.support.Plugins;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;

/**
 * A plugin loader that defines {@link HugeClass#HELPER} (no annotation, too large to rewrite) and calls it before
 * its first {@code @Unloadable} class loads; prints what the module says once that class made it one: the refused
 * unload ({@code refused ...}) and {@code info ...}. In a fresh JVM: the module stays loaded for good.
 */
public final class EarlierHelperMain {
    static final String PLUGIN = "dev.quiesce.testplugins.discovery.Plugin";

    private EarlierHelperMain() {
    }

    public static void main(String[] args) throws Exception {
        URL[] urls = {Plugins.jar().toUri().toURL()};
        URLClassLoader loader = new URLClassLoader("huge-helper", urls, EarlierHelperMain.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                if (!name.equals(HugeClass.HELPER)) {
                    return super.findClass(name);
                }
                byte[] bytes = HugeClass.bytes(HugeClass.HELPER, false);
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        Class<?> helper = loader.loadClass(HugeClass.HELPER);
        System.out.println("count " + helper.getMethod("count").invoke(null));
        System.out.println("module before " + Quiesce.moduleOf(loader).isPresent());
        loader.loadClass(PLUGIN);
        String id = Quiesce.moduleOf(loader).map(ModuleInfo::id).orElseThrow();
        try {
            System.out.println("outcome " + Quiesce.unload(id, Duration.ofSeconds(10)).outcome());
        } catch (UnloadRefusedException e) {
            System.out.println("refused " + e.getMessage());
        }
        ModuleInfo info = Quiesce.module(id).orElseThrow();
        System.out.println("info " + info.id() + " " + info.state() + " uninstrumented " + info.uninstrumented());
    }
}
