package dev.quiesce.agent.unload;

import dev.quiesce.ModuleInfo;
import dev.quiesce.agent.runtime.Gate;
import dev.quiesce.agent.runtime.GateCounts;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One module: a class loader (held weakly), its gate, the slot its bytecode names, and its hooks. Nothing here
 * holds the loader or its classes strongly, so dropping the module from the registry leaves the loader collectable.
 */
public final class UnloadableModule {
    private final String id;
    private final String name;
    private final int slot;
    private final Gate gate;
    private final LoaderRef loaderRef;
    private final String loaderDescription;
    private final String loaderName;
    final Hooks hooks = new Hooks();
    /** Set once, under the registry's lock, if the host made the loader a module ({@code Quiesce.guard}). */
    private volatile boolean guarded;
    /** Set once, under the registry's lock: guarded, or an {@code @Unloadable} class of the loader was seen. */
    private volatile boolean wholeLoader;
    final UninstrumentedClasses uninstrumented = new UninstrumentedClasses();
    /**
     * Set under the registry's lock, and widened there, if the module's classes were loaded before their calls were
     * counted (before an attach, or before the loader became a whole-loader module); else null.
     */
    private volatile UncountedCalls uncountedCalls;
    /**
     * Set once, under the registry's lock, when the loader's classes from before it became a whole-loader module are
     * handed to a retransformation ({@link ModuleRegistry#discoveryStarting}); open once that is over. Else null.
     */
    private volatile CountDownLatch discovery;
    /**
     * The host's teardown ({@code Quiesce.onTearDown}): set once under the registry's lock while the module is live
     * and no unload of it runs; taken by the unload that runs it, or dropped as the module is retired. Else null.
     */
    private final AtomicReference<Runnable> hostTeardown = new AtomicReference<>();
    /** The classes of a module found by {@code guard=} patterns (binary names); a whole-loader module needs none. */
    private final Set<String> classNames = ConcurrentHashMap.newKeySet();

    /** The weak reference to a module's loader; enqueued when the loader is collected. */
    static final class LoaderRef extends WeakReference<ClassLoader> {
        final int slot;

        LoaderRef(ClassLoader loader, ReferenceQueue<ClassLoader> queue, int slot) {
            super(loader, queue);
            this.slot = slot;
        }
    }

    UnloadableModule(String id, String name, int slot, Gate gate, ClassLoader loader,
                     ReferenceQueue<ClassLoader> collected) {
        this.id = id;
        this.name = name;
        this.slot = slot;
        this.gate = gate;
        this.loaderRef = new LoaderRef(loader, collected, slot);
        this.loaderDescription = describe(loader);
        this.loaderName = loader.getName();
    }

    public String id() {
        return id;
    }

    /** The name its classes give (or its loader's), without the generation suffix of {@link #id}. */
    public String name() {
        return name;
    }

    /** The slot compiled into the module's rewritten bytecode. */
    public int slot() {
        return slot;
    }

    public Gate gate() {
        return gate;
    }

    /** Records a hook found while instrumenting one of the module's classes. */
    public void addHook(HookKind kind, String className, String methodName) {
        hooks.add(kind, className, methodName);
    }

    /** Records a class of the module whose rewrite failed: it runs uncounted, so the module refuses to unload. */
    public void couldNotInstrument(String className, Throwable cause) {
        uninstrumented.add(className, cause);
    }

    /** The loader, or null once collected. Keep the result in a local of a short-lived frame only. */
    ClassLoader loader() {
        return loaderRef.get();
    }

    /** The loader's name, or null: what stack frames of the module's classes show as their class loader. */
    String loaderName() {
        return loaderName;
    }

    /** Calls that may have started uncounted; null if every class of the module was rewritten as it loaded. */
    UncountedCalls uncountedCalls() {
        return uncountedCalls;
    }

    /** Adds classes that may have calls running uncounted; under the registry's lock. */
    void expectUncountedCalls(Set<String> classNames) {
        UncountedCalls known = uncountedCalls;
        uncountedCalls = known == null ? new UncountedCalls(classNames, loaderName) : known.with(classNames);
    }

    /** Claims the retransformation of the loader's earlier classes; true once per module. Under the registry's lock. */
    boolean claimDiscovery() {
        if (discovery != null) {
            return false;
        }
        discovery = new CountDownLatch(1);
        return true;
    }

    void discoveryDone() {
        discovery.countDown();
    }

    /**
     * Waits until the classes the loader defined before it became a whole-loader module are retransformed, the
     * timeout passes, or the calling thread is interrupted (its interrupt status is kept).
     *
     * @return whether none is being retransformed
     */
    boolean awaitDiscovery(long timeoutNanos) {
        CountDownLatch running = discovery;
        try {
            return running == null || running.await(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether the classes the loader defined before it became a whole-loader module are still being retransformed. */
    boolean discovering() {
        CountDownLatch running = discovery;
        return running != null && running.getCount() > 0;
    }

    /** Sets the host's teardown; false if one is set already (it is kept). */
    boolean setHostTeardown(Runnable teardown) {
        return hostTeardown.compareAndSet(null, teardown);
    }

    /** The host's teardown, or null; the module no longer holds it afterwards. */
    Runnable takeHostTeardown() {
        return hostTeardown.getAndSet(null);
    }

    /** Whether every class of the loader is a module class, because the host guarded the loader. */
    boolean guarded() {
        return guarded;
    }

    void markGuarded() {
        guarded = true;
        wholeLoader = true;
    }

    /**
     * Whether every class the loader defines is module code: it was guarded, or one of its classes is annotated. A
     * module found by {@code guard=} patterns alone has only the matching classes.
     */
    boolean wholeLoader() {
        return wholeLoader;
    }

    void markWholeLoader() {
        wholeLoader = true;
    }

    /** A class found by a {@code guard=} pattern, rewritten as this module's code. Under the registry's lock. */
    void addClass(String className) {
        classNames.add(className);
    }

    /**
     * Whether {@code type} is this module's code, rewritten for its gate: a class its loader defined (not a hidden
     * one, which no transformer sees, such as a lambda's), and one of its classes unless the whole loader is. Any
     * thread; holds nothing strongly. The gate asks it of a virtual thread's frames ({@code Gate.members}).
     */
    boolean isModuleClass(Class<?> type) {
        return !type.isHidden() && loaderRef.refersTo(type.getClassLoader())
                && (wholeLoader || classNames.contains(type.getName()));
    }

    LoaderRef loaderRef() {
        return loaderRef;
    }

    boolean isLoadedBy(ClassLoader loader) {
        return loaderRef.refersTo(loader);
    }

    ModuleInfo info() {
        GateCounts counts = gate.counts();
        return new ModuleInfo(id, name, gate.state(), Math.max(0, counts.entrances() - counts.exits()
                + counts.carried()), counts.entrances(), counts.exits(), counts.refused(), loaderDescription,
                uninstrumented.list());
    }

    static String describe(ClassLoader loader) {
        String name = loader.getName();
        String type = loader.getClass().getName();
        String identity = type + "@" + Integer.toHexString(System.identityHashCode(loader));
        return name == null ? identity : "'" + name + "' " + identity;
    }
}
