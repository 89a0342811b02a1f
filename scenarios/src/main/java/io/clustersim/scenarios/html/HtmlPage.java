package io.clustersim.scenarios.html;

import org.apache.commons.text.StringEscapeUtils;

import java.util.List;

/**
 * One self-contained HTML page: inline CSS, inline SVG charts, no scripts, no external links — it
 * opens offline, and a file sent by mail shows the same as on the machine that wrote it.
 *
 * <pre>{@code
 * HtmlPage page = new HtmlPage("gpt3 — run report");
 * page.heading("Wall clock").table(List.of("P50", "P90"), List.of(List.of("35.9", "36.4")));
 * page.chart("days", Charts.histogram(...));
 * String html = page.html();
 * }</pre>
 */
public final class HtmlPage {

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1340px;color:#222;background:#fafafa}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
            p.sub{color:#666;margin:0 0 16px}
            table{border-collapse:collapse;font-size:13px;background:#fff;margin:4px 0 8px}
            th,td{border:1px solid #ddd;padding:4px 8px;text-align:right}th{background:#f0f0f0}
            td:first-child,th:first-child{text-align:left}
            .charts{display:flex;flex-wrap:wrap;gap:12px}
            figure.chart{margin:0;background:#fff;border:1px solid #ddd;padding:4px}
            figure.chart svg{display:block}
            ul.warn{color:#8a5a00;font-size:13px}
            .better{color:#2a7a2a}.worse{color:#b22222}
            """;

    private final StringBuilder body = new StringBuilder();
    private final String title;
    private boolean inCharts;

    public HtmlPage(String title) {
        this.title = title;
    }

    /** Text escaped for HTML. */
    public static String esc(String text) {
        return StringEscapeUtils.escapeHtml4(text);
    }

    private void closeCharts() {
        if (inCharts) {
            body.append("</div>\n");
            inCharts = false;
        }
    }

    /** The page's title line and a subtitle. */
    public HtmlPage title(String subtitle) {
        body.append("<h1>").append(esc(title)).append("</h1>\n<p class=\"sub\">").append(esc(subtitle)).append("</p>\n");
        return this;
    }

    /** A section heading. */
    public HtmlPage heading(String text) {
        closeCharts();
        body.append("<h2>").append(esc(text)).append("</h2>\n");
        return this;
    }

    /** A paragraph. */
    public HtmlPage paragraph(String text) {
        closeCharts();
        body.append("<p>").append(esc(text)).append("</p>\n");
        return this;
    }

    /** A list of warnings (nothing when empty). */
    public HtmlPage warnings(List<String> warnings) {
        if (warnings.isEmpty()) {
            return this;
        }
        closeCharts();
        body.append("<ul class=\"warn\">");
        warnings.forEach(w -> body.append("<li>").append(esc(w)).append("</li>"));
        body.append("</ul>\n");
        return this;
    }

    /** A table: a header row, then rows of cells (text, escaped). */
    public HtmlPage table(List<String> header, List<List<String>> rows) {
        closeCharts();
        body.append("<table><thead><tr>");
        header.forEach(h -> body.append("<th>").append(esc(h)).append("</th>"));
        body.append("</tr></thead><tbody>\n");
        for (List<String> row : rows) {
            body.append("<tr>");
            row.forEach(c -> body.append("<td>").append(esc(c)).append("</td>"));
            body.append("</tr>\n");
        }
        body.append("</tbody></table>\n");
        return this;
    }

    /** A chart (JFreeChart drawn as inline SVG); consecutive charts flow side by side. */
    public HtmlPage chart(String id, org.jfree.chart.JFreeChart chart) {
        return chart(id, chart, Charts.WIDTH, Charts.HEIGHT);
    }

    /** A chart of {@code width} × {@code height} px. */
    public HtmlPage chart(String id, org.jfree.chart.JFreeChart chart, int width, int height) {
        if (!inCharts) {
            body.append("<div class=\"charts\">\n");
            inCharts = true;
        }
        body.append("<figure class=\"chart\" data-chart=\"").append(esc(id)).append("\">")
                .append(Charts.svg(id, chart, width, height)).append("</figure>\n");
        return this;
    }

    /** The whole document. */
    public String html() {
        closeCharts();
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + esc(title)
                + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }
}
