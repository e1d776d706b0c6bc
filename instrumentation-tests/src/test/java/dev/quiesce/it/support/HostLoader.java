package dev.quiesce.it.support;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The host's classes that module code is compiled against ({@code dev.quiesce.testplugins.host}, in the plugins jar):
 * defined here, a loader that is no module, below the application loader; a module's loader made with this one as
 * parent ({@link Plugins#newLoader(String, ClassLoader)}) gets them from here, as a plugin gets its host's API.
 */
public final class HostLoader extends URLClassLoader {
    private static final String HOST = "dev.quiesce.testplugins.host.";

    public HostLoader() {
        super("host", new URL[] {Plugins.jarUrl()}, HostLoader.class.getClassLoader());
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (!name.startsWith(HOST)) {
            throw new ClassNotFoundException(name + " is not a host class");
        }
        return super.findClass(name);
    }

    /** A new instance of the host class {@code simpleName}, by its constructor for {@code args}' types. */
    public Object newInstance(String simpleName, Class<?>[] types, Object... args) {
        try {
            return loadClass(HOST + simpleName).getConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
