package dev.quiesce.agent.instrument;

import dev.quiesce.agent.unload.AgentLog;
import dev.quiesce.agent.unload.UnloadableModule;
import dev.quiesce.agent.unload.ModuleRegistry;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes module code of the classes a loader defined before it became a whole-loader module: a plugin host that
 * loads an unannotated {@code Util} before the {@code @Unloadable Plugin} defined {@code Util} unrewritten. When the
 * first such class loads, the loader's other classes are retransformed (the rewrite adds no method or field), on a
 * thread of the agent's own, right after: never from inside {@code transform}, which runs under the JVM's class
 * loading locks (New Relic's agent queues its retransformations to a thread the same way). An unload requested
 * before it is over waits for it, then refuses if it is still running by the drain timeout ({@code Unloader}).
 *
 * <p>Invariant: once the retransformation is over, every call into those classes is counted or is found on a thread
 * stack. New calls run the rewritten bytecode; calls that were already running (a frame keeps the bytecode it
 * started with) are the attach's uncounted calls, so the registry is told their classes before the
 * retransformation starts, and an unload waits for them by the same stack scan ({@code UncountedCalls}). A class
 * that cannot be retransformed, or rewritten, is recorded on the module, which then refuses to unload. Proved by
 * {@code DiscoveryTest}: a call held in the helper after and across the discovery, and a helper that cannot be
 * rewritten.
 *
 * <p>Not covered: a class whose loading had passed the transformer (before the loader was a module) but was not yet
 * defined when the retransformation listed the loader's classes. Only classes defined concurrently with the first
 * {@code @Unloadable} class, by another thread of the same loader, can be in that window.
 */
final class EarlierClasses {
    private final Instrumentation instrumentation;
    private final ModuleRegistry registry;

    EarlierClasses(Instrumentation instrumentation, ModuleRegistry registry) {
        this.instrumentation = instrumentation;
        this.registry = registry;
    }

    /**
     * {@code className}, being defined by {@code loader} (not retransformed), made it the whole-loader module
     * {@code module}: starts retransforming the loader's other classes, once per module. Cheap: it only starts a
     * thread.
     */
    void discovered(ClassLoader loader, UnloadableModule module, String className) {
        if (!registry.discoveryStarting(module)) {
            return;
        }
        try {
            Thread thread = new Thread(new Run(loader, module, className), "quiesce-discovery " + module.id());
            thread.setDaemon(true);
            thread.setContextClassLoader(null);
            thread.start();
        } catch (Throwable e) {
            failed(module, className, e);
        }
    }

    /** The thread's task: a class, not a lambda, so that starting it from {@code transform} spins no call site. */
    private final class Run implements Runnable {
        private final ClassLoader loader;
        private final UnloadableModule module;
        private final String className;

        Run(ClassLoader loader, UnloadableModule module, String className) {
            this.loader = loader;
            this.module = module;
            this.className = className;
        }

        @Override
        public void run() {
            try {
                retransformEarlierClasses(loader, module, className);
            } catch (Throwable e) {
                failed(module, className, e);
            }
        }
    }

    private void retransformEarlierClasses(ClassLoader loader, UnloadableModule module, String className) {
        List<Class<?>> earlier = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Class<?> type : instrumentation.getInitiatedClasses(loader)) {
            if (type.getClassLoader() == loader && !type.getName().equals(className) && !type.isHidden()
                    && !type.isArray() && instrumentation.isModifiableClass(type)) {
                earlier.add(type);
                names.add(type.getName());
            }
        }
        if (!earlier.isEmpty()) {
            registry.expectUncountedCalls(loader, names);
            Retransformer.retransform(instrumentation, earlier,
                    (type, cause) -> module.couldNotInstrument(type.getName(), cause));
            AgentLog.LOG.log(System.Logger.Level.INFO, "quiesce: module ''{0}'': retransformed {1} class(es) its"
                    + " loader defined before {2}", module.id(), earlier.size(), className);
        }
        registry.discoveryDone(module);
    }

    private void failed(UnloadableModule module, String className, Throwable e) {
        module.couldNotInstrument("the classes defined before " + className, e);
        registry.discoveryDone(module);
        AgentLog.LOG.log(System.Logger.Level.WARNING, "quiesce: could not retransform the classes the loader of"
                + " module '" + module.id() + "' defined before " + className + "; their calls are not counted, so"
                + " the module refuses to unload: " + e, e);
    }
}
