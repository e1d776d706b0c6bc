package dev.quiesce.agent.instrument;

import dev.quiesce.agent.unload.Module;
import dev.quiesce.agent.unload.ModuleRegistry;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Finds module classes as they are loaded (or retransformed) and rewrites their entry points. A class is a module
 * class if its loader was guarded by the host ({@code Quiesce.guard}), or if it carries {@code @Unloadable} or
 * matches a {@code guard=} pattern, and its loader is not one of the
 * JDK's built-in loaders (those are never collected). The decision is made from the class name and a scan of the
 * constant pool; only candidates are parsed. A class that cannot be rewritten is logged and left as it was; if its
 * module is known by then, the module records it and refuses to unload, since calls into it are not counted.
 */
public final class ModuleTransformer implements ClassFileTransformer {
    private static final System.Logger LOG = System.getLogger("dev.quiesce");
    private static final byte[] UNLOADABLE = ModuleClass.UNLOADABLE.getBytes(StandardCharsets.US_ASCII);

    private final ModuleRegistry registry;
    private final GuardPatterns guard;
    private final ClassLoader platformLoader = ClassLoader.getPlatformClassLoader();
    private final ClassLoader systemLoader = ClassLoader.getSystemClassLoader();
    private final AtomicBoolean guardMatchedBuiltInLogged = new AtomicBoolean();

    public ModuleTransformer(ModuleRegistry registry, GuardPatterns guard) {
        this.registry = registry;
        this.guard = guard;
    }

    /** Whether a class may be a module class: the cheap first look {@link #transform} takes (name, constant pool). */
    public boolean isCandidate(String internalName, byte[] classFile) {
        return guard.matches(internalName) || ConstantPoolScan.containsUtf8(classFile, UNLOADABLE);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classFile) {
        if (loader == null || className == null) {
            return null;
        }
        Module module = null;
        try {
            Module guardedModule = loader == systemLoader || loader == platformLoader ? null
                    : registry.guardedModule(loader);
            if (guardedModule != null) {
                module = guardedModule;
                return rewriteForGuardedLoader(guardedModule, className, classFile);
            }
            if (!isCandidate(className, classFile)) {
                return null;
            }
            ModuleClass info = ModuleClass.read(classFile, className);
            boolean guarded = guard.matches(className);
            if (!guarded && !info.annotated()) {
                return null;
            }
            String name = className.replace('/', '.');
            if (loader == systemLoader || loader == platformLoader) {
                logBuiltInLoader(name, loader, guarded && !info.annotated());
                return null;
            }
            Module found = registry.moduleFor(loader, info.annotated() ? info.moduleName() : null, name);
            module = found;
            info.hooks().forEach(hook -> found.addHook(hook.kind(), name, hook.method()));
            return EntryPointRewriter.rewrite(classFile, found.slot(), info);
        } catch (Throwable e) {
            String name = className.replace('/', '.');
            if (module != null) {
                module.couldNotInstrument(name, e);
            }
            LOG.log(System.Logger.Level.WARNING, "quiesce: could not instrument class " + name + "; it runs as it"
                    + " was, and its calls are not counted" + (module == null ? "" : ", so module '" + module.id()
                    + "' refuses to unload") + ": " + e, e);
            return null;
        }
    }

    /** Rewrites a class of a loader the host guarded ({@code Quiesce.guard}): every such class is a module class. */
    private static byte[] rewriteForGuardedLoader(Module module, String className, byte[] classFile) {
        ModuleClass info = ModuleClass.read(classFile, className);
        String name = className.replace('/', '.');
        info.hooks().forEach(hook -> module.addHook(hook.kind(), name, hook.method()));
        return EntryPointRewriter.rewrite(classFile, module.slot(), info);
    }

    private void logBuiltInLoader(String className, ClassLoader loader, boolean onlyGuarded) {
        if (onlyGuarded && !guardMatchedBuiltInLogged.compareAndSet(false, true)) {
            return;
        }
        String loaderName = loader == systemLoader ? "the application class loader" : "the platform class loader";
        LOG.log(System.Logger.Level.WARNING, "quiesce: " + className + " is loaded by " + loaderName
                + ", which is never unloaded, so it is not a module and is left as it was. Load it in a class loader of"
                + " its own to make it unloadable."
                + (onlyGuarded ? " (It matched guard=" + guard + "; further such classes are not logged.)" : ""));
    }
}
