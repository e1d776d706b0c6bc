package dev.quiesce.agent.cli;

import dev.quiesce.agent.control.WireNames;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/** {@code modules <pid|url>}: the modules Quiesce knows in a JVM, as a table or as JSON. */
final class ModulesCommand implements Command {
    static final List<String> KEYS = List.of(WireNames.ID, WireNames.STATE, WireNames.IN_FLIGHT,
            WireNames.ENTRANCES, WireNames.EXITS, WireNames.REFUSED, WireNames.LOADER);

    @Override
    public String usage() {
        return """
                Usage: java -jar quiesce-agent.jar modules <pid | service:jmx:...> [--json]

                Lists the modules Quiesce knows in a JVM: live ones, then recently unloaded ones. A module is one
                class loader with @Unloadable or guard= classes. Columns: ID (what unload takes), STATE (ACTIVE,
                DRAINING, TEARING_DOWN, UNLOADED), IN FLIGHT (calls inside now), ENTRANCES and EXITS (calls counted
                since the module was found), REFUSED (calls refused while it drained or after), LOADER. A module with
                classes that could not be instrumented (their calls are not counted, so its unload is refused) is
                named below the table with those classes and why.

                  --json   print one JSON array of objects with the keys
                           id, state, inFlight, entrances, exits, refused, loader, uninstrumented (an array)
                """;
    }

    @Override
    public Set<String> options() {
        return Set.of("--json");
    }

    @Override
    public ExitCode run(CommandLine line, PrintStream out, PrintStream err) throws CliException {
        if (line.positional.size() != 1) {
            throw CommandLine.usage("modules", "modules takes a pid or a JMX service URL, and --json");
        }
        try (Target target = Target.connect(line.positional.get(0))) {
            List<CompositeData> modules = read(target.mbeans(), target.control(), target);
            if (line.json) {
                out.println(Json.write(modules.stream().map(ModulesCommand::json).toList()));
            } else if (modules.isEmpty()) {
                out.println("no modules in " + target + " yet: a module is a class loader with @Unloadable or"
                        + " guard= classes");
            } else {
                Table table = new Table(List.of("ID", "STATE", "IN FLIGHT", "ENTRANCES", "EXITS", "REFUSED",
                        "LOADER"), false, false, true, true, true, true, false);
                modules.forEach(m -> table.add(KEYS.stream().map(key -> String.valueOf(m.get(key))).toList()));
                out.print(table);
                modules.forEach(m -> uninstrumentedText(m, out));
            }
            return ExitCode.OK;
        }
    }

    private static Map<String, Object> json(CompositeData module) {
        Map<String, Object> fields = Json.fields(module, KEYS);
        fields.put(WireNames.UNINSTRUMENTED, uninstrumented(module));
        return fields;
    }

    private static void uninstrumentedText(CompositeData module, PrintStream out) {
        List<String> classes = uninstrumented(module);
        if (!classes.isEmpty()) {
            out.println("module '" + module.get(WireNames.ID) + "' cannot be unloaded: " + classes.size()
                    + " class(es) could not be instrumented, so calls into them are not counted:");
            classes.forEach(c -> out.println("  " + c));
        }
    }

    /** The classes that could not be instrumented; none from an agent that predates the item. */
    private static List<String> uninstrumented(CompositeData module) {
        return module.containsKey(WireNames.UNINSTRUMENTED)
                ? List.of((String[]) module.get(WireNames.UNINSTRUMENTED)) : List.of();
    }

    /** The Modules attribute. */
    static List<CompositeData> read(MBeanServerConnection mbeans, ObjectName control, Target target)
            throws CliException {
        try {
            return Arrays.asList((CompositeData[]) mbeans.getAttribute(control, WireNames.MODULES));
        } catch (IOException e) {
            throw target.lost(e);
        } catch (JMException e) {
            throw new CliException(ExitCode.FAILED, "cannot read the modules of " + target + ": " + e);
        }
    }
}
