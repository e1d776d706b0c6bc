package dev.quiesce.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one JDK's benchmark results (JMH CSV files and the start-up report written by benchmarks/run.sh) into the
 * markdown tables the README quotes. Usage: {@code ResultsTable <results-dir>}.
 */
public final class ResultsTable {
    private record Score(double value, double error, String unit) {
        String text() {
            return format(value) + " ± " + format(error);
        }
    }

    private ResultsTable() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        StringBuilder out = new StringBuilder("# Benchmark results: " + dir.getFileName() + "\n");
        Path cpu = dir.resolve("cpu.txt");
        if (Files.exists(cpu)) {
            out.append("\nCPU: ").append(Files.readString(cpu).strip()).append('\n');
        }
        guards(out, dir, "guards", "platform threads");
        entryPointCost(out, dir);
        guards(out, dir, "guards-virtual", "virtual threads (-Djmh.executor=VIRTUAL)");
        realLibrary(out, dir.resolve("real-library.csv"));
        threadPerRequest(out, dir);
        allocation(out, dir.resolve("guards-gc.csv"));
        unload(out, dir.resolve("unload.csv"));
        untouched(out, dir.resolve("untouched-agent.csv"), dir.resolve("untouched-none.csv"));
        lines(out, dir.resolve("parked.txt"), "Virtual threads parked inside a module (`ParkedThreads`)");
        lines(out, dir.resolve("startup.txt"), "Start-up (whole process, `Hello`)");
        System.out.print(out);
    }

    private static void guards(StringBuilder out, Path dir, String prefix, String threads) throws IOException {
        Path oneFile = dir.resolve(prefix + "-1t.csv");
        Path twoFile = dir.resolve(prefix + "-2t.csv");
        if (!Files.exists(oneFile) || !Files.exists(twoFile)) {
            return;
        }
        Map<String, Score> one = read(oneFile);
        Map<String, Score> two = read(twoFile);
        Score floor1 = one.get("g1_none");
        Score floor2 = two.get("g1_none");
        out.append("\n## Guards, ").append(threads).append(" (ns per call per thread, avgt; ± is JMH's 99.9% error)\n\n")
                .append("| guard | 1 thread | over floor | 2 threads | over floor | 2T/1T scaling |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Score> row : one.entrySet()) {
            Score a = row.getValue();
            Score b = two.get(row.getKey());
            if (b == null || !a.unit.equals("ns/op")) {
                continue;
            }
            out.append("| ").append(row.getKey()).append(" | ").append(a.text()).append(" | ")
                    .append(format(a.value - floor1.value)).append(" | ").append(b.text()).append(" | ")
                    .append(format(b.value - floor2.value)).append(" | ")
                    .append(format(2 * a.value / b.value)).append(" |\n");
        }
    }

    /**
     * Issue 12's ratios: the entry point's overhead over the floor against the LongAdder pair's, AtomicLong's and a
     * fence's, and each nested call's overhead ({@code n2 - n1} less the outer call's, over the 10 nested calls).
     */
    private static void entryPointCost(StringBuilder out, Path dir) throws IOException {
        Path oneFile = dir.resolve("guards-1t.csv");
        Path twoFile = dir.resolve("guards-2t.csv");
        if (!Files.exists(oneFile) || !Files.exists(twoFile)) {
            return;
        }
        List<Map<String, Score>> runs = List.of(read(oneFile), read(twoFile));
        if (!runs.get(0).containsKey("i1_fenceOnly") || !runs.get(0).containsKey("n2_nestedQuiesce")) {
            return;
        }
        out.append("\n## The entry point's overhead in proportion (platform threads)\n\n")
                .append("| ratio of overheads over the floor | 1 thread | 2 threads |\n|---|---:|---:|\n");
        String[][] rows = {
            {"Quiesce / two LongAdders", "g2_quiesce", "g4_longAdderPair"},
            {"Quiesce / AtomicLong", "g2_quiesce", "g3_atomicLong"},
            {"Quiesce / a fence alone", "g2_quiesce", "i1_fenceOnly"},
        };
        for (String[] row : rows) {
            out.append("| ").append(row[0]);
            for (Map<String, Score> run : runs) {
                out.append(" | ").append(format(overhead(run, row[1]) / overhead(run, row[2])));
            }
            out.append(" |\n");
        }
        out.append("| ns per nested call over the plain call (10 per outer call)");
        for (Map<String, Score> run : runs) {
            double nested = run.get("n2_nestedQuiesce").value - run.get("n1_nestedNone").value;
            out.append(" | ").append(format((nested - overhead(run, "g2_quiesce")) / 10));
        }
        out.append(" |\n");
    }

    private static double overhead(Map<String, Score> run, String benchmark) {
        return run.get(benchmark).value - run.get("g1_none").value;
    }

    private static void realLibrary(StringBuilder out, Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        Map<String, Score> run = read(file);
        out.append("\n## A real library guarded: Gson 2.11.0, small document (ns per call, 1 thread)\n\n")
                .append("| call | unguarded | guarded | guarded / unguarded |\n|---|---:|---:|---:|\n");
        String[][] rows = {{"toJson", "r1_toJsonPlain", "r2_toJsonGuarded"},
            {"fromJson", "r3_fromJsonPlain", "r4_fromJsonGuarded"}};
        for (String[] row : rows) {
            Score plain = run.get(row[1]);
            Score guarded = run.get(row[2]);
            out.append("| ").append(row[0]).append(" | ").append(plain.text()).append(" | ").append(guarded.text())
                    .append(" | ").append(format(guarded.value / plain.value)).append("x |\n");
        }
    }

    private static void threadPerRequest(StringBuilder out, Path dir) throws IOException {
        Path oneFile = dir.resolve("thread-per-request-1t.csv");
        Path twoFile = dir.resolve("thread-per-request-2t.csv");
        if (!Files.exists(oneFile) || !Files.exists(twoFile)) {
            return;
        }
        Map<String, Score> one = read(oneFile);
        Map<String, Score> two = read(twoFile);
        out.append("\n## Thread-per-request virtual threads: a new virtual thread per call (ns per request)\n\n")
                .append("| guard | 1 thread | over floor | 2 threads | over floor |\n|---|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Score> row : one.entrySet()) {
            Score a = row.getValue();
            Score b = two.get(row.getKey());
            out.append("| ").append(row.getKey()).append(" | ").append(a.text()).append(" | ")
                    .append(format(a.value - one.get("v1_none").value)).append(" | ").append(b.text()).append(" | ")
                    .append(format(b.value - two.get("v1_none").value)).append(" |\n");
        }
    }

    private static void allocation(StringBuilder out, Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        out.append("\n## Allocation per call (-prof gc)\n\n| benchmark | B/op |\n|---|---:|\n");
        read(file).forEach((name, score) -> {
            if (name.endsWith("gc.alloc.rate.norm")) {
                out.append("| ").append(name, 0, name.indexOf(':')).append(" | ").append(score.text()).append(" |\n");
            }
        });
    }

    private static void unload(StringBuilder out, Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        out.append("\n## Unload latency (without the collection check)\n\n| benchmark | time |\n|---|---:|\n");
        read(file).forEach((name, score) -> out.append("| ").append(name).append(" | ").append(score.text())
                .append(' ').append(score.unit).append(" |\n"));
    }

    private static void untouched(StringBuilder out, Path withAgent, Path without) throws IOException {
        if (!Files.exists(withAgent) || !Files.exists(without)) {
            return;
        }
        Score agent = read(withAgent).get("defineInFreshLoader");
        Score none = read(without).get("defineInFreshLoader");
        out.append("\n## A class the agent does not touch (define in a fresh loader)\n\n")
                .append("| | time |\n|---|---:|\n")
                .append("| without the agent | ").append(none.text()).append(' ').append(none.unit).append(" |\n")
                .append("| with the agent | ").append(agent.text()).append(' ').append(agent.unit).append(" |\n")
                .append("| cost of the agent | ").append(format(agent.value - none.value)).append(' ')
                .append(none.unit).append(" |\n");
    }

    private static void lines(StringBuilder out, Path file, String title) throws IOException {
        if (Files.exists(file)) {
            out.append("\n## ").append(title).append("\n\n");
            Files.readAllLines(file).forEach(line -> out.append("- ").append(line).append('\n'));
        }
    }

    /** Benchmark (method name, or method:secondary) to score, in file order. */
    private static Map<String, Score> read(Path csv) throws IOException {
        Map<String, Score> scores = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = cells(line);
            String benchmark = cells.get(0);
            String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.contains(":")
                    ? benchmark.indexOf(':') : benchmark.length()) + 1);
            scores.put(name, new Score(Double.parseDouble(cells.get(4)), parse(cells.get(5)), cells.get(6)));
        }
        return scores;
    }

    private static double parse(String number) {
        return number.isEmpty() || number.equals("NaN") ? Double.NaN : Double.parseDouble(number);
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    private static String format(double value) {
        return Double.isNaN(value) ? "n/a" : Math.abs(value) >= 100 ? String.format("%.0f", value)
                : Math.abs(value) >= 10 ? String.format("%.1f", value) : String.format("%.2f", value);
    }
}
