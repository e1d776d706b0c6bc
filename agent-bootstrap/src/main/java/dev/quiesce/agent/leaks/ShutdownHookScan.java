package dev.quiesce.agent.leaks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shutdown hooks (registered, not yet started threads) that hold the module; the fix removes the module's own. */
final class ShutdownHookScan {
    private ShutdownHookScan() {
    }

    static List<Leak> find(ModuleObjects module) throws ReflectiveOperationException {
        Class<?> hooksType = JdkInternals.type("java.lang.ApplicationShutdownHooks");
        List<Thread> hooks;
        synchronized (hooksType) {
            Map<?, ?> registered = (Map<?, ?>) JdkInternals.field(hooksType, "hooks").get(null);
            hooks = registered == null ? List.of() : registered.keySet().stream().map(Thread.class::cast).toList();
        }
        List<Leak> leaks = new ArrayList<>();
        for (Thread hook : hooks) {
            List<String> reasons = ThreadHolds.reasons(module, hook);
            if (!reasons.isEmpty()) {
                String what = "shutdown hook \"" + hook.getName() + "\" " + String.join(", ", reasons);
                leaks.add(new Leak(what, "remove it in an @OnUnload hook (Runtime.getRuntime().removeShutdownHook)",
                        ThreadHolds.startedBy(module, hook) ? deadline -> remove(hook) : null));
            }
        }
        return leaks;
    }

    private static String remove(Thread hook) {
        if (!Runtime.getRuntime().removeShutdownHook(hook)) {
            throw new IllegalStateException("shutdown hook \"" + hook.getName() + "\" was no longer registered");
        }
        return "removed shutdown hook \"" + hook.getName() + "\"";
    }
}
