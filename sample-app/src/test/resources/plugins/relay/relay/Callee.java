package relay;

import dev.quiesce.Unloadable;
import java.util.Map;
import java.util.function.Function;

/** The module {@link Relay} calls into: loaded by a class loader of its own, so a module of its own. */
@Unloadable("callee")
public class Callee implements Function<Map<String, String>, String> {
    @Override
    public String apply(Map<String, String> request) {
        return "callee answered";
    }
}
