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
        guards(out, dir, "guards", "platform threads");
        guards(out, dir, "guards-virtual", "virtual threads (-Djmh.executor=VIRTUAL)");
        allocation(out, dir.resolve("guards-gc.csv"));
        unload(out, dir.resolve("unload.csv"));
        untouched(out, dir.resolve("untouched-agent.csv"), dir.resolve("untouched-none.csv"));
        Path startup = dir.resolve("startup.txt");
        if (Files.exists(startup)) {
            out.append("\n## Start-up (whole process, `Hello`)\n\n");
            Files.readAllLines(startup).forEach(line -> out.append("- ").append(line).append('\n'));
        }
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
