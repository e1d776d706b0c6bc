package dev.quiesce.agent.cli;

import dev.quiesce.agent.control.WireNames;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.management.openmbean.CompositeData;

/**
 * {@code leaks <pid|url> [module...]} and {@code leaks --hprof <file> [module...]}: what holds the class loaders of
 * unloaded modules, as the shortest paths from GC roots in a heap dump, analysed in this process, never in the
 * target. Without module names it explains every unloaded module whose loader is still in the heap.
 */
final class LeaksCommand implements Command {
    @Override
    public String usage() {
        return """
                Usage: java -jar quiesce-agent.jar leaks <pid | service:jmx:...> [<module>...] [--dump <file.hprof>] [--json]
                       java -jar quiesce-agent.jar leaks --hprof <file.hprof> [<module>...] [--json]

                Explains what still holds the class loader of an unloaded module (one whose unload ended RETAINED):
                the JVM dumps its heap (live objects, after a full GC), and this command reads the dump, in its own
                process, with Shark (LeakCanary's analyzer). For each module it prints the shortest paths from a
                GC root to the module's objects, one per distinct way the loader is held: the root, then each
                object and the field, array slot or local that holds the next, down to the module's object. Fix
                the first reference on the path that should not hold the module. Paths cross strong references
                only; if none is found, soft references too, and the answer says so.

                <module> is a name (all its unloaded generations) or an ID from the modules command (one, e.g.
                billing#2). Without it, every unloaded module whose class loader is still in the heap is explained.

                  --dump <file.hprof>   where the JVM writes the dump (on its own machine), kept afterwards;
                                        by default a temporary file, deleted after the analysis
                  --hprof <file.hprof>  analyse this dump (of a JVM running Quiesce) instead of a JVM, e.g. one
                                        taken with jcmd <pid> GC.heap_dump <file.hprof>
                  --json                print one JSON object: unloaded (ids), others (ids of modules not
                                        unloaded), modules (module, strength, paths, morePaths)

                A heap dump pauses the JVM while it is written (about a second per GB of live heap) and takes that
                much disk; the analysis needs memory in proportion to the number of objects.

                Exit codes: 0 no unloaded module's class loader is held; 5 at least one is held (paths printed);
                1 the dump or the analysis failed; 2 bad command line; 3 no such JVM; 4 a named module is not
                unloaded, or unknown.
                """;
    }

    @Override
    public Set<String> options() {
        return Set.of("--json", "--dump", "--hprof");
    }

    @Override
    public ExitCode run(CommandLine line, PrintStream out, PrintStream err) throws CliException {
        List<String> modules;
        if (line.hprof != null) {
            if (line.dump != null) {
                throw CommandLine.usage("leaks", "--hprof reads a dump and --dump writes one: give one of them");
            }
            modules = line.positional;
        } else if (line.positional.isEmpty()) {
            throw CommandLine.usage("leaks", "leaks takes a pid or a JMX service URL (or --hprof <file>), then"
                    + " optionally module names");
        } else {
            modules = line.positional.subList(1, line.positional.size());
        }
        if (line.dump != null && (!line.dump.endsWith(".hprof") || Files.exists(Path.of(line.dump)))) {
            throw CommandLine.usage("leaks", "--dump " + line.dump + ": the JVM writes only a new file whose name"
                    + " ends with .hprof");
        }
        Path work = workDirectory();
        try (HeapAnalyzerJar analyzer = HeapAnalyzerJar.load(work)) {
            Path hprof = line.hprof != null ? readable(Path.of(line.hprof)) : dump(line, modules, work, err);
            err.println("finding what holds the class loaders in " + hprof);
            Map<String, Object> answer = analyze(analyzer, hprof, modules);
            return print(answer, modules, line.hprof == null, line.json, out);
        } finally {
            delete(work);
        }
    }

    /** Dumps the target's heap, after checking that every named module is unloaded there. */
    private static Path dump(CommandLine line, List<String> modules, Path work, PrintStream err) throws CliException {
        try (Target target = Target.connect(line.positional.get(0))) {
            List<CompositeData> known = ModulesCommand.read(target.mbeans(), target.control(), target);
            for (String module : modules) {
                List<String> states = known.stream()
                        .filter(m -> module.equals(m.get(WireNames.ID)) || module.equals(m.get(WireNames.NAME)))
                        .map(m -> (String) m.get(WireNames.STATE)).toList();
                if (states.isEmpty()) {
                    throw new CliException(ExitCode.REFUSED, "no module named '" + module + "' in " + target
                            + "; run 'modules' to list them");
                }
                if (!states.contains(WireNames.UNLOADED)) {
                    throw new CliException(ExitCode.REFUSED, "module '" + module + "' is " + states.get(0) + ", not"
                            + " unloaded: leaks explains what holds an unloaded module; unload it first");
                }
            }
            Path hprof = line.dump != null ? Path.of(line.dump).toAbsolutePath() : work.resolve("heap.hprof");
            err.println("dumping the heap of " + target + " to " + hprof);
            HeapDump.write(target, hprof);
            if (line.dump != null) {
                err.println("the heap dump is kept at " + hprof);
            }
            return hprof;
        }
    }

    private static Map<String, Object> analyze(HeapAnalyzerJar analyzer, Path hprof, List<String> modules)
            throws CliException {
        try {
            return analyzer.analyze(hprof, modules);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CliException(ExitCode.FAILED, e.getMessage());
        } catch (OutOfMemoryError e) {
            throw new CliException(ExitCode.FAILED, "the heap dump is too big for this JVM's heap: run the command"
                    + " with more, e.g. java -Xmx4g -jar quiesce-agent.jar leaks ...");
        }
    }

    /**
     * @param checked whether the wanted modules were checked against the JVM's module list, so one that is not in
     *     the answer was collected, not misspelt
     */
    @SuppressWarnings("unchecked")
    private static ExitCode print(Map<String, Object> answer, List<String> wanted, boolean checked, boolean json,
                                  PrintStream out) throws CliException {
        Map<String, String> namesById = (Map<String, String>) answer.remove("names");
        List<Map<String, Object>> explained = (List<Map<String, Object>>) answer.get("modules");
        List<String> others = (List<String>) answer.get("others");
        List<String> unexplained = wanted.stream().filter(module -> explained.stream()
                .noneMatch(m -> named(m.get("module"), module, namesById))).toList();
        for (String module : unexplained) {
            if (others.stream().anyMatch(id -> named(id, module, namesById))) {
                throw new CliException(ExitCode.REFUSED, "module '" + module + "' is not unloaded in this heap dump:"
                        + " leaks explains what holds an unloaded module");
            }
        }
        if (json) {
            out.println(Json.write(answer));
            return explained.isEmpty() ? ExitCode.OK : ExitCode.RETAINED;
        }
        List<String> texts = new ArrayList<>();
        explained.forEach(module -> texts.add(LeakPathsText.of(module)));
        out.print(String.join("\n", texts));
        String names = String.join(", ", unexplained);
        if (!unexplained.isEmpty()) {
            out.println(checked ? "nothing holds " + names + ": the class loader was collected" : "no unloaded module "
                    + names + " has a class loader in this heap dump: it was collected, or no module has that name");
        } else if (explained.isEmpty()) {
            out.println("nothing holds an unloaded module: every unloaded module's class loader was collected");
        }
        if (!explained.isEmpty()) {
            out.println("\nnext: fix the first reference on each path that should not hold the module: clear the"
                    + " host's field or map entry in a ModuleListener.unloaded callback, stop the thread, remove the"
                    + " registration in an @OnUnload hook. Then unload again to check.");
        }
        return explained.isEmpty() ? ExitCode.OK : ExitCode.RETAINED;
    }

    /** Whether a module id ({@code billing#2}) is the named module or one of its generations. */
    private static boolean named(Object id, String module, Map<String, String> namesById) {
        return module.equals(id) || module.equals(namesById.get(id));
    }

    private static Path readable(Path hprof) throws CliException {
        if (!Files.isReadable(hprof)) {
            throw CommandLine.usage("leaks", "--hprof " + hprof + ": no such readable file");
        }
        return hprof;
    }

    private static Path workDirectory() throws CliException {
        try {
            return Files.createTempDirectory("quiesce-leaks-");
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILED, "cannot create a temporary directory: " + e.getMessage());
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A temporary directory left behind; the OS cleans it up.
        }
    }
}
