package dev.quiesce.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whole-process start-up time of {@link Hello} with and without the agent, runs interleaved so that machine noise
 * hits both alike. Usage: {@code StartupTime <quiesce-agent.jar> <runs>}. Prints one line per variant and the cost.
 */
public final class StartupTime {
    private StartupTime() {
    }

    public static void main(String[] args) throws Exception {
        String agent = args[0];
        int runs = Integer.parseInt(args[1]);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        List<String> plain = List.of(java, "-cp", classPath, Hello.class.getName());
        List<String> withAgent = List.of(java, "-javaagent:" + agent, "-cp", classPath, Hello.class.getName());
        for (int i = 0; i < 3; i++) {
            time(plain);
            time(withAgent);
        }
        double[] without = new double[runs];
        double[] with = new double[runs];
        for (int i = 0; i < runs; i++) {
            without[i] = time(plain);
            with[i] = time(withAgent);
        }
        System.out.printf("startup without agent: median %.1f ms, mean %.1f ms (%d runs)%n", median(without),
                mean(without), runs);
        System.out.printf("startup with agent: median %.1f ms, mean %.1f ms (%d runs)%n", median(with), mean(with),
                runs);
        System.out.printf("startup cost of the agent: %.1f ms (median difference)%n", median(with) - median(without));
    }

    private static double time(List<String> command) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("failed: " + command);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }
}
