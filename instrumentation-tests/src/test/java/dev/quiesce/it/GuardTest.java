package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiesce.ModuleInfo;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.it.support.LoadedPlugin;
import dev.quiesce.it.support.Plugins;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** guard= counts classes that carry no annotation (this JVM runs with guard=dev.quiesce.testplugins.guarded.**). */
class GuardTest {

    @Test
    void guardedClassWithoutAnnotationIsAModuleNamedAfterItsLoader() {
        LoadedPlugin lib = LoadedPlugin.load("third-party-lib", true, Plugins.PLAIN_LIB);
        assertEquals("third-party-lib", lib.id().replaceAll("#\\d+$", ""));
        ModuleInfo before = lib.info();
        assertEquals("hello guard", lib.call("hello", "guard"));
        ModuleInfo after = lib.info();
        assertEquals(1, after.entrances() - before.entrances());
        assertEquals(after.entrances(), after.exits());
        lib.drop();
        assertEquals(Outcome.COLLECTED, Quiesce.unload(lib.id(), Duration.ofSeconds(5)).outcome());
    }
}
