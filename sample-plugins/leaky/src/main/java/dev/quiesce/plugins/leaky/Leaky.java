package dev.quiesce.plugins.leaky;

import dev.quiesce.Unloadable;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Function;

/**
 * The leaky plugin: when loaded it registers a JDBC driver with {@link DriverManager}, a JDK-wide registry, and
 * never deregisters it. The registry holds the driver, the driver its class, the class its loader: with the agent's
 * leak fixes off ({@code fix-leaks=false}) every unload of this plugin reports {@code RETAINED} and names the driver,
 * and every generation stays in Metaspace; with them on, the agent deregisters the driver and the unload ends
 * {@code COLLECTED}.
 */
@Unloadable("leaky")
public class Leaky implements Function<Map<String, String>, String> {
    static {
        try {
            DriverManager.registerDriver(new LeakyDriver());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String apply(Map<String, String> request) {
        return "leaky: I registered a JDBC driver when I was loaded and I never deregister it,"
                + " so my class loader outlives every unload\n";
    }
}
