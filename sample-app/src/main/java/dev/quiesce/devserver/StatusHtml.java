package dev.quiesce.devserver;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Renders the status tree as a page that refreshes itself every second: one table per section. */
final class StatusHtml {
    private StatusHtml() {
    }

    static String render(Map<String, Object> status) {
        StringBuilder html = new StringBuilder("""
                <!doctype html>
                <html><head><meta charset="utf-8"><meta http-equiv="refresh" content="1">
                <title>Quiesce dev server</title>
                <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}
                td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
                th{background:#eee}</style></head><body>
                <h1>Quiesce dev server</h1>
                <p>The same as JSON: <a href="/quiesce?format=json">/quiesce?format=json</a></p>
                """);
        status.forEach((section, value) -> {
            html.append("<h2>").append(escape(section)).append("</h2>\n");
            if (value instanceof Map<?, ?> map) {
                html.append("<table>");
                map.forEach((k, v) -> html.append("<tr><th>").append(escape(k)).append("</th><td>")
                        .append(cell(v)).append("</td></tr>"));
                html.append("</table>\n");
            } else if (value instanceof List<?> rows) {
                rows(rows, html);
            }
        });
        return html.append("</body></html>\n").toString();
    }

    private static void rows(List<?> rows, StringBuilder html) {
        if (rows.isEmpty()) {
            html.append("<p>none</p>\n");
            return;
        }
        Set<Object> columns = new LinkedHashSet<>(); // rows of one list may differ: the server's and operators' unloads
        rows.forEach(row -> columns.addAll(((Map<?, ?>) row).keySet()));
        html.append("<table><tr>");
        columns.forEach(k -> html.append("<th>").append(escape(k)).append("</th>"));
        html.append("</tr>");
        for (Object row : rows) {
            html.append("<tr>");
            Map<?, ?> cells = (Map<?, ?>) row;
            columns.forEach(k -> html.append("<td>").append(cells.containsKey(k) ? cell(cells.get(k)) : "")
                    .append("</td>"));
            html.append("</tr>");
        }
        html.append("</table>\n");
    }

    private static String cell(Object value) {
        if (value instanceof List<?> list) {
            return String.join("<br>", list.stream().map(StatusHtml::escape).toList());
        }
        return escape(value);
    }

    private static String escape(Object value) {
        return String.valueOf(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("\n", "<br>");
    }
}
