package dev.quiesce.agent.unload;

import dev.quiesce.ModuleInfo;
import dev.quiesce.ModuleState;
import dev.quiesce.agent.runtime.Gate;
import dev.quiesce.agent.runtime.Gates;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Every module the agent has discovered: live ones by id, unloaded ones until their loader is collected (their
 * gates keep refusing calls from any class they still define), and a short history of unloaded modules for status.
 * A module's slot is released once its loader is collected: no class that names the slot exists then.
 *
 * <p>The heap analyzer ({@code dev.quiesce.analyzer.DumpedRegistry}) reads {@code unloadedNotCollected} and the
 * {@link UnloadableModule} fields {@code id}, {@code name} and {@code loaderRef} from heap dumps by name: rename them
 * together.
 */
public final class ModuleRegistry {
    private static final int HISTORY = 64;

    private final ReferenceQueue<ClassLoader> collected = new ReferenceQueue<>();
    private final Map<String, UnloadableModule> live = new LinkedHashMap<>();
    private final List<UnloadableModule> unloadedNotCollected = new ArrayList<>();
    private final Map<String, Integer> generations = new HashMap<>();
    private final Deque<ModuleInfo> history = new ArrayDeque<>();
    /** During an attach only: loaders whose classes were loaded before it, with those classes' names. */
    private final Map<ClassLoader, Set<String>> preAttachClasses = new WeakHashMap<>();
    private boolean attaching;

    /**
     * The module of a class being instrumented: the loader's module, created on its first class. The first class
     * names it; a class that names another module is counted in the loader's module and the conflict logged.
     *
     * An annotated class makes every class the loader defines from then on module code
     * ({@link #wholeLoaderModule}).
     *
     * @param annotated     whether the class carries {@code @Unloadable} (else it matched a {@code guard=} pattern)
     * @param requestedName the {@code @Unloadable} value, or null/empty to use the loader's name
     */
    public synchronized UnloadableModule moduleFor(ClassLoader loader, boolean annotated, String requestedName,
                                         String className) {
        UnloadableModule module = moduleFor(loader, requestedName, className);
        if (annotated) {
            module.markWholeLoader();
        } else {
            module.addClass(className);
        }
        return module;
    }

    private UnloadableModule moduleFor(ClassLoader loader, String requestedName, String className) {
        releaseCollectedSlots();
        UnloadableModule existing = find(loader);
        if (existing != null) {
            if (requestedName != null && !requestedName.isEmpty() && !requestedName.equals(existing.name())) {
                AgentLog.LOG.log(System.Logger.Level.WARNING, "quiesce: class {0} names module ''{1}'' but its class loader"
                        + " already holds module ''{2}'': one loader is one module, so it is counted in ''{2}''."
                        + " Give all @Unloadable classes of a loader the same name.",
                        className, requestedName, existing.id());
            }
            return existing;
        }
        String name = requestedName != null && !requestedName.isEmpty() ? requestedName : nameOf(loader);
        UnloadableModule module = newModule(loader, name);
        Set<String> preAttach = preAttachClasses.get(loader);
        if (preAttach != null) {
            module.expectUncountedCalls(preAttach);
        }
        AgentLog.LOG.log(System.Logger.Level.INFO, "quiesce: module ''{0}'' discovered in {1}", module.id(),
                UnloadableModule.describe(loader));
        return module;
    }

    /**
     * Makes a loader a module before its first class loads ({@code Quiesce.guard}): every class it defines from now
     * on is rewritten for this module. Returns the module's id.
     *
     * @throws IllegalArgumentException if the loader is a built-in one
     * @throws IllegalStateException    if the loader is already a module
     */
    public synchronized String guard(ClassLoader loader, String name) {
        if (loader == ClassLoader.getSystemClassLoader() || loader == ClassLoader.getPlatformClassLoader()) {
            throw new IllegalArgumentException("cannot guard " + UnloadableModule.describe(loader) + ": it is one of"
                    + " the JDK's built-in class loaders, which are never unloaded. Load the module in a class loader"
                    + " of its own");
        }
        releaseCollectedSlots();
        UnloadableModule existing = find(loader);
        if (existing != null) {
            throw new IllegalStateException("cannot guard " + UnloadableModule.describe(loader) + " as module '" + name
                    + "': it already is module '" + existing.id() + "' (" + (existing.guarded() ? "guarded before"
                    : "it defined a module class before") + "). Guard each new class loader once, before its first"
                    + " class loads");
        }
        UnloadableModule module = newModule(loader, name);
        module.markGuarded();
        AgentLog.LOG.log(System.Logger.Level.INFO, "quiesce: module ''{0}'' guarded: every class of {1}", module.id(),
                UnloadableModule.describe(loader));
        return module.id();
    }

    /**
     * The module whose every class is module code, of a guarded loader or one that defined an {@code @Unloadable}
     * class, live or unloaded (its new classes are then refused like the others); null if there is none.
     */
    public synchronized UnloadableModule wholeLoaderModule(ClassLoader loader) {
        UnloadableModule module = find(loader);
        return module != null && module.wholeLoader() ? module : null;
    }

    /**
     * A class has just made this module's loader a whole-loader module as it loaded: the classes the loader defined
     * before it were not rewritten. Returns true once per module, to the caller that must then retransform them
     * (expecting uncounted calls in them first) and call {@link #discoveryDone}; until then an unload of the module
     * waits, then refuses ({@code Unloader}). False if the module is not whole-loader or that was claimed already.
     */
    public synchronized boolean discoveryStarting(UnloadableModule module) {
        return module.wholeLoader() && module.claimDiscovery();
    }

    /** The retransformation {@link #discoveryStarting} claimed is over, however it ended: unloads may start. */
    public synchronized void discoveryDone(UnloadableModule module) {
        module.discoveryDone();
    }

    /** A new live module of this name, as the next generation of the name. */
    private UnloadableModule newModule(ClassLoader loader, String name) {
        int generation = generations.merge(name, 1, Integer::sum);
        String id = generation == 1 ? name : name + "#" + generation;
        Gate gate = new Gate(id);
        int slot = Gates.register(gate);
        UnloadableModule module = new UnloadableModule(id, name, slot, gate, loader, collected);
        gate.members(module::isModuleClass);
        live.put(id, module);
        return module;
    }

    /**
     * An attach is about to retransform these classes of this loader, loaded before it: calls into them may be
     * running uncounted, so the loader's module (now, or once the retransformation discovers it) must look for them
     * before teardown. Call before retransforming, then {@link #attachDone()}.
     */
    public synchronized void expectUncountedCalls(ClassLoader loader, Set<String> classNames) {
        UnloadableModule existing = find(loader);
        if (existing != null) {
            existing.expectUncountedCalls(classNames);
        } else {
            preAttachClasses.put(loader, Set.copyOf(classNames));
        }
    }

    /**
     * An attach begins: until {@link #attachDone()}, the calls that started before it are not known yet (the classes
     * they run are still being found and retransformed), so no unload may start ({@link #attaching()}). Call before
     * the host can reach the agent.
     */
    public synchronized void attachStarting() {
        attaching = true;
    }

    /** The attach's retransformation is over (or failed): modules discovered from now on had no class before it. */
    public synchronized void attachDone() {
        preAttachClasses.clear();
        attaching = false;
    }

    /** Whether an attach is still finding and retransforming the classes loaded before it. */
    synchronized boolean attaching() {
        return attaching;
    }

    /** Every module whose gate may still see calls: live ones, and unloaded ones whose loader is not collected. */
    public synchronized List<ModuleInfo> withGates() {
        releaseCollectedSlots();
        List<ModuleInfo> all = new ArrayList<>();
        live.values().forEach(m -> all.add(m.info()));
        unloadedNotCollected.forEach(m -> all.add(m.info()));
        return all;
    }

    synchronized Optional<UnloadableModule> live(String id) {
        return Optional.ofNullable(live.get(id));
    }

    synchronized List<String> liveIds() {
        return List.copyOf(live.keySet());
    }

    /** Whether a module with this id is among the recently unloaded ones. */
    synchronized boolean wasUnloaded(String id) {
        return history.stream().anyMatch(m -> m.id().equals(id));
    }

    /** Live modules first, then the most recently unloaded ones. */
    public synchronized List<ModuleInfo> modules() {
        releaseCollectedSlots();
        List<ModuleInfo> all = new ArrayList<>();
        live.values().forEach(m -> all.add(m.info()));
        all.addAll(history);
        return all;
    }

    synchronized Optional<ModuleInfo> moduleOf(ClassLoader loader) {
        return live.values().stream().filter(m -> m.isLoadedBy(loader)).findFirst().map(UnloadableModule::info);
    }

    /**
     * Moves an unloaded module out of the live set; its gate keeps refusing until the loader is collected. Drops the
     * host's teardown if no unload ran it, so that the agent holds nothing of the host's for an unloaded module.
     */
    synchronized void retire(UnloadableModule module) {
        module.takeHostTeardown();
        live.remove(module.id());
        if (!module.loaderRef().refersTo(null)) {
            unloadedNotCollected.add(module); // else its reference is already off the queue: nothing would remove it
        }
        history.addFirst(module.info());
        while (history.size() > HISTORY) {
            history.removeLast();
        }
    }

    /** Releases the slots of unloaded modules whose loaders have been collected since. */
    synchronized void releaseCollectedSlots() {
        for (Reference<? extends ClassLoader> ref; (ref = collected.poll()) != null; ) {
            UnloadableModule.LoaderRef loaderRef = (UnloadableModule.LoaderRef) ref;
            unloadedNotCollected.removeIf(m -> m.loaderRef() == loaderRef);
            live.values().removeIf(m -> {
                if (m.loaderRef() != loaderRef || m.gate().state() != ModuleState.ACTIVE) {
                    return false; // a running unload moves its module on and retires it itself
                }
                AgentLog.LOG.log(System.Logger.Level.INFO, "quiesce: the class loader of module ''{0}'' was collected"
                        + " without an unload; the module is gone", m.id());
                m.gate().markCollected();
                history.addFirst(m.info());
                return true;
            });
            Gates.release(loaderRef.slot);
        }
    }

    private UnloadableModule find(ClassLoader loader) {
        for (UnloadableModule module : live.values()) {
            if (module.isLoadedBy(loader)) {
                return module;
            }
        }
        for (UnloadableModule module : unloadedNotCollected) {
            if (module.isLoadedBy(loader)) {
                return module;
            }
        }
        return null;
    }

    private static String nameOf(ClassLoader loader) {
        String name = loader.getName();
        return name != null && !name.isBlank() ? name
                : "module-" + Integer.toHexString(System.identityHashCode(loader));
    }
}
