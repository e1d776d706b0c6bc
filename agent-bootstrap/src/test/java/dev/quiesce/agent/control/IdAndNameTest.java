package dev.quiesce.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiesce.ModuleInfo;
import dev.quiesce.agent.unload.AgentBackend;
import dev.quiesce.agent.unload.ModuleRegistry;
import dev.quiesce.agent.unload.Settings;
import dev.quiesce.agent.unload.Unloader;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A module's id ({@code billing#2}) and name ({@code billing}) are one word each in the API ({@link ModuleInfo#id},
 * {@link ModuleInfo#name}) and the MXBean ({@code id}, {@code name}).
 */
class IdAndNameTest {
    private final ModuleRegistry registry = new ModuleRegistry();
    private final AgentBackend backend = new AgentBackend(registry,
            new Unloader(registry, new Settings(Duration.ofMillis(100), false, false)));
    private final ClassLoader first = new URLClassLoader("first", new URL[0], null);
    private final ClassLoader second = new URLClassLoader("second", new URL[0], null);

    @Test
    void theSecondGenerationOfANameHasItsOwnIdAndTheSameName() {
        registry.moduleFor(first, true, "billing", "a.Billing");
        registry.moduleFor(second, true, "billing", "a.Billing");

        assertEquals(List.of("billing", "billing#2"), backend.modules().stream().map(ModuleInfo::id).toList());
        assertEquals(List.of("billing", "billing"), backend.modules().stream().map(ModuleInfo::name).toList());
        ModuleStatus[] statuses = new ModuleControl(backend).getModules();
        assertEquals(List.of("billing", "billing#2"), Arrays.stream(statuses).map(ModuleStatus::getId).toList());
        assertEquals(List.of("billing", "billing"), Arrays.stream(statuses).map(ModuleStatus::getName).toList());
    }
}
