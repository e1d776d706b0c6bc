package dev.quiesce.agent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Dumps a target's heap through its {@code HotSpotDiagnosticMXBean}, over the CLI's JMX connection: live objects
 * only, so the JVM runs a full GC first and a loader nothing holds is gone from the dump. The target writes the file,
 * on its own machine.
 */
final class HeapDump {
    private HeapDump() {
    }

    static void write(Target target, Path file) throws CliException {
        ObjectName diagnostic;
        try {
            diagnostic = new ObjectName("com.sun.management:type=HotSpotDiagnostic");
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
        try {
            target.mbeans().invoke(diagnostic, "dumpHeap", new Object[] {file.toString(), true},
                    new String[] {String.class.getName(), "boolean"});
        } catch (JMException e) {
            throw new CliException(ExitCode.FAILED, target + " could not dump its heap to " + file + ": "
                    + CliException.reason(e) + ". Give it a path it can write with --dump <file.hprof>");
        } catch (IOException e) {
            throw target.lost(e);
        }
        if (!Files.isReadable(file)) {
            throw new CliException(ExitCode.FAILED, target + " wrote its heap dump to " + file + " on its own machine,"
                    + " which this one cannot read: copy it here and run 'leaks --hprof <file>'");
        }
    }
}
