package dev.quiesce.agent.unload;

import java.util.ArrayList;
import java.util.List;

/** Describes the threads that hold a drain back: name, id, state and stack, as an operator reads them. */
final class Blockers {
    private static final int MAX_FRAMES = 64;

    private Blockers() {
    }

    static List<String> describe(List<Thread> threads, String module) {
        List<String> lines = new ArrayList<>();
        for (Thread thread : threads) {
            StringBuilder text = new StringBuilder()
                    .append('"').append(thread.getName()).append("\" (id ").append(thread.getId()).append(", ")
                    .append(thread.getState()).append(") is inside module '").append(module).append('\'');
            StackTraceElement[] stack = thread.getStackTrace();
            for (int i = 0; i < Math.min(stack.length, MAX_FRAMES); i++) {
                text.append("\n\tat ").append(stack[i]);
            }
            if (stack.length > MAX_FRAMES) {
                text.append("\n\t... ").append(stack.length - MAX_FRAMES).append(" more");
            }
            lines.add(text.toString());
        }
        return lines;
    }
}
