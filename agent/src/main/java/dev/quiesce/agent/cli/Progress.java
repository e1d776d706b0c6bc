package dev.quiesce.agent.cli;

import dev.quiesce.agent.control.WireNames;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Shows an unload's progress while the unload call blocks, once it is seen draining (a quick or refused unload shows
 * none): a heading, the module's state and calls in flight whenever they change and, from a second into the drain,
 * the threads holding it back whenever they change. Polls over its own
 * calls on the same connection; a failed poll ends the progress quietly (the unload call reports the failure).
 */
final class Progress {
    private static final long POLL_MILLIS = 200;
    private static final long HOLDERS_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Target target;
    private final ObjectName control;
    private final String module;
    private final String heading;
    private final PrintStream err;
    private final Thread thread;

    Progress(Target target, ObjectName control, String module, String heading, PrintStream err) {
        this.target = target;
        this.control = control;
        this.module = module;
        this.heading = heading;
        this.err = err;
        this.thread = new Thread(this::poll, "quiesce-progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        long start = System.nanoTime();
        String lastStatus = null;
        List<List<Object>> lastHolders = List.of();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(POLL_MILLIS);
                CompositeData status = ModulesCommand.read(target.mbeans(), control, target).stream()
                        .filter(m -> module.equals(m.get(WireNames.ID))).findFirst().orElse(null);
                String state = status == null ? "" : (String) status.get(WireNames.STATE);
                String line = switch (state) {
                    case WireNames.DRAINING -> "draining: " + status.get(WireNames.IN_FLIGHT) + " call(s) in flight";
                    case WireNames.TEARING_DOWN -> "drained; tearing down";
                    case WireNames.UNLOADED -> "torn down; checking that the class loader is collected";
                    default -> null;
                };
                if (line != null && !line.equals(lastStatus)) {
                    if (lastStatus == null) {
                        err.println(heading);
                    }
                    err.println(line);
                    lastStatus = line;
                }
                if (state.equals(WireNames.DRAINING) && System.nanoTime() - start >= HOLDERS_AFTER_NANOS) {
                    CompositeData[] holders = holders();
                    List<List<Object>> who = Arrays.stream(holders).map(Progress::who).toList();
                    if (!who.equals(lastHolders)) {
                        Arrays.stream(holders).forEach(h -> err.println("held by " + h.get(WireNames.HEADLINE)));
                        lastHolders = who;
                    }
                }
            }
        } catch (InterruptedException | CliException | IOException | JMException | RuntimeException e) {
            // Progress is best effort; the unload call itself reports what went wrong.
        }
    }

    /** Who a holder is, without its thread state, which changes as it runs: printed again only if the threads do. */
    private static List<Object> who(CompositeData holder) {
        return Arrays.asList(holder.get(WireNames.THREAD), holder.get(WireNames.THREAD_ID),
                holder.get(WireNames.INSIDE));
    }

    /** What holds the drain back now: each thread inside, and the tasks not started. */
    private CompositeData[] holders() throws IOException, JMException {
        return (CompositeData[]) target.mbeans().invoke(control, WireNames.BLOCKERS_INSIDE, new Object[] {module},
                new String[] {String.class.getName()});
    }

    /** Stops showing progress; returns once nothing more is printed (or after a second). */
    void stop() {
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
