package dev.quiesce.agent.leaks;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * JDBC drivers of the module registered with {@code DriverManager}. Its public list filters drivers by the caller's
 * loader, so the scan reads the internal one; the fix removes the module's entry from it, as
 * {@code deregisterDriver} would (which refuses callers that cannot see the driver class).
 */
final class JdbcDriverScan {
    private JdbcDriverScan() {
    }

    static List<Leak> find(ModuleObjects module) throws ReflectiveOperationException {
        Class<?> driverManager = JdkInternals.type("java.sql.DriverManager");
        Class<?> driverInfo = JdkInternals.type("java.sql.DriverInfo");
        if (driverManager == null || driverInfo == null) {
            return List.of();
        }
        List<?> registered = (List<?>) JdkInternals.field(driverManager, "registeredDrivers").get(null);
        Field driverField = JdkInternals.field(driverInfo, "driver");
        List<Leak> leaks = new ArrayList<>();
        for (Object info : registered) {
            Object driver = driverField.get(info);
            if (module.owns(driver)) {
                String name = ModuleObjects.name(driver);
                leaks.add(new Leak("JDBC driver " + name + " registered with java.sql.DriverManager",
                        "call DriverManager.deregisterDriver(driver) in an @OnUnload hook", deadline -> {
                            if (!registered.remove(info)) {
                                throw new IllegalStateException("JDBC driver " + name + " was no longer registered");
                            }
                            return "deregistered JDBC driver " + name;
                        }));
            }
        }
        return leaks;
    }
}
