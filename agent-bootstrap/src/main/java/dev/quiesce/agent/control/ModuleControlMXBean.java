package dev.quiesce.agent.control;

/**
 * {@code dev.quiesce:type=ModuleControl}: list modules and unload one, from jconsole, VisualVM or any JMX client.
 * Only open types cross the wire, so a client needs no Quiesce classes. The bean also sends a notification for each
 * step of an unload (see {@link UnloadNotifications}).
 */
public interface ModuleControlMXBean {
    /** Object name under which the bean is registered in the platform MBean server. */
    String OBJECT_NAME = "dev.quiesce:type=ModuleControl";

    /** One entry per module: live ones, then recently unloaded ones. */
    ModuleStatus[] getModules();

    /**
     * Unloads a module, waiting up to {@code timeoutMillis} for the calls in flight, as {@code Quiesce.unload} does
     * (running the host's teardown if it registered one with {@code Quiesce.onTearDown}).
     *
     * @throws IllegalArgumentException if {@code timeoutMillis} is negative
     * @throws IllegalStateException    if the unload is refused (unknown module, already draining, ...)
     */
    UnloadResult unload(String module, long timeoutMillis);

    /**
     * The threads inside a live module now, each with its stack: what an unload of it waits for.
     *
     * @throws IllegalStateException if there is no such live module
     */
    String[] callsInside(String module);

    /**
     * What an unload of a live module would wait for now: each thread inside, with its name, id, state and stack,
     * and the tasks it handed to an executor that have not started; {@link #callsInside} as open data.
     *
     * @throws IllegalStateException if there is no such live module
     */
    BlockerInfo[] blockersInside(String module);
}
