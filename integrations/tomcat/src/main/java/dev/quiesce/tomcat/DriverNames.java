package dev.quiesce.tomcat;

import java.sql.Driver;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * Not loaded as itself: {@link WebappDrivers} defines a copy of its class file, renamed into a webapp's package, in
 * the webapp's loader, so that {@code DriverManager}, which shows a caller only the drivers its
 * class loader sees, shows it the webapp's. Hence no lambda, no string concatenation and no reference to itself:
 * its name appears once in its class file.
 */
final class DriverNames {
    private DriverNames() {
    }

    /** The class names of the drivers registered with {@code DriverManager} that {@code loader} defined. */
    static List<String> of(ClassLoader loader) {
        List<String> names = new ArrayList<>();
        Enumeration<Driver> drivers = DriverManager.getDrivers();
        while (drivers.hasMoreElements()) {
            Class<?> type = drivers.nextElement().getClass();
            if (type.getClassLoader() == loader) {
                names.add(type.getName());
            }
        }
        return names;
    }
}
