package dev.quiesce.agent.instrument;

import dev.quiesce.agent.unload.AgentLog;
import dev.quiesce.agent.unload.UnloadableModule;
import dev.quiesce.agent.unload.ModuleRegistry;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Finds module classes as they are loaded (or retransformed) and rewrites every method of them. A class is a module
 * class if its loader is a module whose every class is module code (the host guarded it with {@code Quiesce.guard},
 * or one of its classes carries {@code @Unloadable}: annotated or not, inner, anonymous, a lambda's host), or if
 * the class carries {@code @Unloadable} or matches a {@code guard=} pattern; never if its loader is one of the JDK's
 * built-in loaders (those are never collected). For a loader that is no module yet, the decision is made from the
 * class name and a scan of the constant pool, and only candidates are parsed, so a class of no module costs what it
 * did. The class that makes a loader a whole-loader module as it loads has the loader's earlier classes
 * retransformed right after ({@link EarlierClasses}). A class that cannot be rewritten is logged and left as it was;
 * if its module is known by then, the module records it and refuses to unload, since calls into it are not counted.
 */
public final class ModuleTransformer implements ClassFileTransformer {
    private static final byte[] UNLOADABLE = ModuleClass.UNLOADABLE.getBytes(StandardCharsets.US_ASCII);

    private final ModuleRegistry registry;
    private final GuardPatterns guard;
    private final EarlierClasses earlierClasses;
    private final ClassLoader platformLoader = ClassLoader.getPlatformClassLoader();
    private final ClassLoader systemLoader = ClassLoader.getSystemClassLoader();
    private final AtomicBoolean guardMatchedBuiltInLogged = new AtomicBoolean();
    private final SplitClasses splitClasses = new SplitClasses();

    public ModuleTransformer(ModuleRegistry registry, GuardPatterns guard, Instrumentation instrumentation) {
        this.registry = registry;
        this.guard = guard;
        this.earlierClasses = new EarlierClasses(instrumentation, registry);
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
        UnloadableModule module = null;
        try {
            UnloadableModule known = loader == systemLoader || loader == platformLoader ? null
                    : registry.wholeLoaderModule(loader);
            if (known == null && !isCandidate(className, classFile)) {
                return null;
            }
            ModuleClass info = ModuleClass.read(classFile, className);
            String name = className.replace('/', '.');
            if (known != null) {
                module = info.annotated() ? registry.moduleFor(loader, true, info.moduleName(), name) : known;
            } else {
                boolean guarded = guard.matches(className);
                if (!guarded && !info.annotated()) {
                    return null;
                }
                if (loader == systemLoader || loader == platformLoader) {
                    logBuiltInLoader(name, loader, guarded && !info.annotated());
                    return null;
                }
                module = registry.moduleFor(loader, info.annotated(), info.annotated() ? info.moduleName() : null,
                        name);
                if (info.annotated() && classBeingRedefined == null) {
                    earlierClasses.discovered(loader, module, name); // an attach retransforms them itself
                }
            }
            UnloadableModule found = module;
            info.hooks().forEach(hook -> found.addHook(hook.kind(), name, hook.method()));
            BodySplit split = BodySplit.of(classFile, info,
                    classBeingRedefined == null || splitClasses.contains(loader, className));
            byte[] rewritten = EntryPointRewriter.rewrite(classFile, found.slot(), info, split);
            if (classBeingRedefined == null && split.any()) {
                splitClasses.add(loader, className);
            }
            return rewritten;
        } catch (Throwable e) {
            String name = className.replace('/', '.');
            if (module != null) {
                module.couldNotInstrument(name, e);
            }
            AgentLog.LOG.log(System.Logger.Level.WARNING, "quiesce: could not instrument class " + name + "; it runs as it"
                    + " was, and its calls are not counted" + (module == null ? "" : ", so module '" + module.id()
                    + "' refuses to unload") + ": " + e, e);
            return null;
        }
    }

    private void logBuiltInLoader(String className, ClassLoader loader, boolean onlyGuarded) {
        if (onlyGuarded && !guardMatchedBuiltInLogged.compareAndSet(false, true)) {
            return;
        }
        String loaderName = loader == systemLoader ? "the application class loader" : "the platform class loader";
        AgentLog.LOG.log(System.Logger.Level.WARNING, "quiesce: " + className + " is loaded by " + loaderName
                + ", which is never unloaded, so it is not a module and is left as it was. Load it in a class loader of"
                + " its own to make it unloadable."
                + (onlyGuarded ? " (It matched guard=" + guard + "; further such classes are not logged.)" : ""));
    }
}
