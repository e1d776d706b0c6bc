package dev.quiesce.agent.leaks;

/** Tells whether an object belongs to a module: it is the module's loader, or a class or instance of its classes. */
record ModuleObjects(ClassLoader loader) {

    boolean owns(Object object) {
        if (object == null) {
            return false;
        }
        if (object == loader) {
            return true;
        }
        Class<?> type = object instanceof Class<?> c ? c : object.getClass();
        return type.getClassLoader() == loader;
    }

    /** The class name of a module object, for a report line. */
    static String name(Object object) {
        return object instanceof Class<?> c ? c.getName() : object.getClass().getName();
    }

    /** "a com.acme.Thing", or "null". */
    static String describe(Object object) {
        return object == null ? "null" : "a " + name(object);
    }
}
