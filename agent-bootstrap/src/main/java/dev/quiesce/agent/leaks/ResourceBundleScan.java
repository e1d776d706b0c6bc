package dev.quiesce.agent.leaks;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * Bundles of the module's classes in {@code ResourceBundle}'s cache, among the entries loaded for the module's
 * loader. The cache holds each bundle through a soft reference, so it holds the loader softly: {@code System.gc()}
 * does not clear it. A {@code .properties} bundle is a JDK class and holds nothing. The fix is
 * {@link ResourceBundle#clearCache(ClassLoader)}, which removes that loader's entries and no one else's.
 */
final class ResourceBundleScan {
    private ResourceBundleScan() {
    }

    static List<Leak> find(ModuleObjects module) throws ReflectiveOperationException {
        // No gate: if nothing initialised ResourceBundle yet (java.util.logging does), doing it here only creates
        // its empty cache, in java.base.
        Map<?, ?> cache = (Map<?, ?>) JdkInternals.field(ResourceBundle.class, "cacheList").get(null);
        Field moduleRef = JdkInternals.field(JdkInternals.type("java.util.ResourceBundle$CacheKey"), "moduleRef");
        Set<String> bundles = new LinkedHashSet<>();
        for (Map.Entry<?, ?> entry : cache.entrySet()) {
            // The key first: bundles cached for other loaders are left untouched (get() marks a soft one as used).
            if (((Reference<?>) moduleRef.get(entry.getKey())).get() instanceof Module owner
                    && owner.getClassLoader() == module.loader()) {
                bundles.addAll(moduleClasses(module, (ResourceBundle) ((Reference<?>) entry.getValue()).get()));
            }
        }
        if (bundles.isEmpty()) {
            return List.of();
        }
        ClassLoader loader = module.loader();
        return List.of(new Leak("java.util.ResourceBundle's cache holds the module's bundle(s) "
                + String.join(", ", bundles) + " softly", "call ResourceBundle.clearCache(getClass()"
                + ".getClassLoader()) in an @OnUnload hook", deadline -> {
                    ResourceBundle.clearCache(loader);
                    return "cleared java.util.ResourceBundle's cache of the module's class loader";
                }));
    }

    /** The module's classes in a bundle's parent chain. */
    private static Set<String> moduleClasses(ModuleObjects module, ResourceBundle bundle)
            throws ReflectiveOperationException {
        Field parent = JdkInternals.field(ResourceBundle.class, "parent");
        Set<String> found = new LinkedHashSet<>();
        for (Object link = bundle; link != null; link = parent.get(link)) {
            if (module.owns(link)) {
                found.add(ModuleObjects.name(link));
            }
        }
        return found;
    }
}
