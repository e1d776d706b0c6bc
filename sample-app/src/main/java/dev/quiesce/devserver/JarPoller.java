package dev.quiesce.devserver;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Watches the plugins directory by polling each {@code *.jar}'s size, modification time and file key (WatchService
 * misses events on some file systems). A change counts once it has settled: the same on two polls in a row, so a
 * jar still being copied is not loaded half-written. Names starting with a dot are ignored, so a tool can write
 * {@code .hello.jar.tmp} and rename it into place.
 */
final class JarPoller {
    /** What the poller reports, on its own thread. */
    interface Changes {
        void changed(String jar, Path path);

        void removed(String jar);
    }

    private record Stamp(long size, FileTime modified, Object fileKey) {
    }

    private final Path dir;
    private final Changes changes;
    private Map<String, Stamp> observed = Map.of();
    private final Map<String, Stamp> applied = new HashMap<>();
    private boolean listingFailed;

    JarPoller(Path dir, Changes changes) {
        this.dir = dir;
        this.changes = changes;
    }

    /** Reports every jar there now as changed, without waiting for it to settle. */
    void initialScan() {
        Map<String, Stamp> now = scan();
        observed = now == null ? Map.of() : now;
        applied.putAll(observed);
        observed.keySet().stream().sorted().forEach(jar -> changes.changed(jar, dir.resolve(jar)));
    }

    /** Reports the jars that appeared, changed or disappeared and have settled since the last poll. */
    void poll() {
        Map<String, Stamp> now = scan();
        if (now == null) {
            return;
        }
        Set<String> names = new HashSet<>(now.keySet());
        names.addAll(applied.keySet());
        names.stream().sorted().forEach(jar -> {
            Stamp stamp = now.get(jar);
            if (Objects.equals(stamp, observed.get(jar)) && !Objects.equals(stamp, applied.get(jar))) {
                if (stamp == null) {
                    applied.remove(jar);
                    changes.removed(jar);
                } else {
                    applied.put(jar, stamp);
                    changes.changed(jar, dir.resolve(jar));
                }
            }
        });
        observed = now;
    }

    /** The jars there now, or null if the directory cannot be listed (logged once). */
    private Map<String, Stamp> scan() {
        Map<String, Stamp> jars = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".")) {
                    stamp(entry).ifPresent(s -> jars.put(name, s));
                }
            }
        } catch (IOException e) {
            if (!listingFailed) {
                Log.say("watch", "cannot list " + dir + " (" + e + "); what is deployed keeps serving");
            }
            listingFailed = true;
            return null;
        }
        if (listingFailed) {
            Log.say("watch", "can list " + dir + " again");
            listingFailed = false;
        }
        return jars;
    }

    private static Optional<Stamp> stamp(Path jar) {
        try {
            BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
            return a.isRegularFile() ? Optional.of(new Stamp(a.size(), a.lastModifiedTime(), a.fileKey()))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // gone since the listing: the next poll sees it gone
        }
    }
}
