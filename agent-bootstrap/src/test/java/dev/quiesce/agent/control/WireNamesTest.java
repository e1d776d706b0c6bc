package dev.quiesce.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.Blocker;
import dev.quiesce.ModuleState;
import dev.quiesce.Outcome;
import dev.quiesce.UnloadReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenType;
import org.junit.jupiter.api.Test;

/**
 * {@link WireNames} spells what the MXBean really sends: the item names the MXBean mapping derives from the getters,
 * the user data of the notifications, and the names of the API's states and outcomes.
 */
class WireNamesTest {
    private static final MBeanInfo INFO = info();

    @Test
    void moduleItemsAreTheModulesAttributesItems() {
        MBeanAttributeInfo modules = Arrays.stream(INFO.getAttributes())
                .filter(a -> a.getName().equals(WireNames.MODULES)).findFirst().orElseThrow();
        CompositeType module = (CompositeType) ((ArrayType<?>) ((OpenMBeanAttributeInfo) modules).getOpenType())
                .getElementOpenType();
        assertEquals(Set.of(WireNames.ID, WireNames.NAME, WireNames.STATE, WireNames.IN_FLIGHT,
                WireNames.ENTRANCES, WireNames.EXITS, WireNames.REFUSED, WireNames.LOADER, WireNames.UNINSTRUMENTED),
                module.keySet());
    }

    @Test
    void resultItemsAreTheUnloadOperationsItems() {
        assertEquals(Set.of(WireNames.MODULE, WireNames.OUTCOME, WireNames.IN_FLIGHT_AT_START,
                WireNames.DRAIN_MILLIS, WireNames.TEARDOWN_MILLIS, WireNames.COLLECT_MILLIS, WireNames.BLOCKERS,
                WireNames.FIXES, WireNames.LEAKS, WireNames.PROBLEMS, WireNames.SUMMARY),
                ((CompositeType) returned(WireNames.UNLOAD)).keySet());
        assertEquals("[Ljava.lang.String;", operation(WireNames.CALLS_INSIDE).getReturnType());
    }

    @Test
    void blockerItemsAreTheBlockersInsideOperationsItems() {
        assertEquals(Set.of(WireNames.THREAD, WireNames.THREAD_ID, WireNames.THREAD_STATE, WireNames.INSIDE,
                WireNames.HEADLINE, WireNames.FRAMES, WireNames.MORE_FRAMES, WireNames.TEXT), blockerType().keySet());
        CompositeType result = (CompositeType) returned(WireNames.UNLOAD);
        assertEquals(blockerType(), ((ArrayType<?>) result.getType(WireNames.BLOCKERS)).getElementOpenType(),
                "an unload result's blockers are blockersInside's");
        assertEquals(blockerType(), BlockerInfo.TYPE, "the notification's type is the mapping's");
    }

    @Test
    void aTimedOutStepCarriesTheReportsBlockersAsOpenData() throws Exception {
        UnloadNotifications notifications = new UnloadNotifications(new ObjectName(ModuleControlMXBean.OBJECT_NAME));
        List<CompositeData> steps = new ArrayList<>();
        notifications.addNotificationListener((n, handback) -> steps.add((CompositeData) n.getUserData()), null, null);
        Blocker held = new Blocker("worker", 7, "WAITING", "is inside module 'm'", List.of("m//a.B.c(B.java:1)"), 2);
        Blocker tasks = new Blocker(null, -1, null, "1 task(s) handed to an executor ...", List.of(), 0);
        notifications.finished(new UnloadReport("m", Outcome.TIMED_OUT, 1, 5, 0, 0, List.of(held, tasks), List.of(),
                List.of(), List.of()), 0);
        CompositeData step = steps.get(0);
        assertEquals(Set.of(WireNames.MODULE, WireNames.STATE, WireNames.IN_FLIGHT, WireNames.MILLIS,
                WireNames.BLOCKERS), step.getCompositeType().keySet());
        assertEquals(2L, step.get(WireNames.IN_FLIGHT));
        CompositeData[] blockers = (CompositeData[]) step.get(WireNames.BLOCKERS);
        assertEquals(List.of("worker", 7L, "WAITING", "is inside module 'm'", List.of("m//a.B.c(B.java:1)"), 2,
                held.headline(), held.text()), items(blockers[0]));
        assertEquals(Arrays.asList(null, -1L, null, tasks.inside(), List.of(), 0, tasks.inside(), tasks.inside()),
                items(blockers[1]));
    }

    private static List<Object> items(CompositeData blocker) {
        return Arrays.asList(blocker.get(WireNames.THREAD), blocker.get(WireNames.THREAD_ID),
                blocker.get(WireNames.THREAD_STATE), blocker.get(WireNames.INSIDE),
                List.of((String[]) blocker.get(WireNames.FRAMES)), blocker.get(WireNames.MORE_FRAMES),
                blocker.get(WireNames.HEADLINE), blocker.get(WireNames.TEXT));
    }

    private static CompositeType blockerType() {
        return (CompositeType) ((ArrayType<?>) returned(WireNames.BLOCKERS_INSIDE)).getElementOpenType();
    }

    @Test
    void aStepsUserDataHasTheStepItemsAndStates() throws Exception {
        UnloadNotifications notifications = new UnloadNotifications(new ObjectName(ModuleControlMXBean.OBJECT_NAME));
        List<CompositeData> steps = new ArrayList<>();
        notifications.addNotificationListener((n, handback) -> steps.add((CompositeData) n.getUserData()), null, null);
        notifications.draining("m", 1);
        notifications.drained("m", 2);
        notifications.tornDown("m", 3);
        for (CompositeData step : steps) {
            assertEquals(Set.of(WireNames.MODULE, WireNames.STATE, WireNames.IN_FLIGHT, WireNames.MILLIS),
                    step.getCompositeType().keySet());
        }
        assertEquals(List.of(WireNames.DRAINING, WireNames.TEARING_DOWN, WireNames.UNLOADED),
                steps.stream().map(s -> s.get(WireNames.STATE)).toList());
    }

    @Test
    void statesAndOutcomesAreTheApisNames() {
        assertEquals(Set.of(WireNames.ACTIVE, WireNames.DRAINING, WireNames.TEARING_DOWN, WireNames.UNLOADED),
                Arrays.stream(ModuleState.values()).map(Enum::name).collect(Collectors.toSet()));
        Set<String> outcomes = Arrays.stream(Outcome.values()).map(Enum::name).collect(Collectors.toSet());
        assertTrue(outcomes.containsAll(Set.of(WireNames.COLLECTED, WireNames.RETAINED, WireNames.TIMED_OUT)),
                outcomes.toString());
    }

    private static OpenType<?> returned(String name) {
        return (OpenType<?>) operation(name).getDescriptor().getFieldValue("openType");
    }

    private static MBeanOperationInfo operation(String name) {
        return Arrays.stream(INFO.getOperations()).filter(o -> o.getName().equals(name)).findFirst().orElseThrow();
    }

    /** The bean's info as the platform's MXBean mapping makes it; the bean itself is never called. */
    private static MBeanInfo info() {
        return new StandardMBean(new ModuleControl(null), ModuleControlMXBean.class, true).getMBeanInfo();
    }
}
