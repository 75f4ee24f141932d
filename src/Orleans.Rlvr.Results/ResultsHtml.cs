using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Orleans.Rlvr.Results;

/// <summary>
/// results/index.html: one page with the tables of results.md and every plot, for a browser. The page is made from
/// the Markdown that results.md holds (headings, paragraphs, lists, tables, <c>**bold**</c> and <c>`code`</c>), so
/// the two never disagree; it needs no script and no file beside it but the plots.
/// </summary>
public static partial class ResultsHtml
{
    /// <summary>The page's file name in the results folder.</summary>
    public const string FileName = "index.html";

    /// <summary>Writes the page into <paramref name="folder"/>, linking each plot by its path relative to the folder.</summary>
    public static string Write(string folder, string title, string markdown, IEnumerable<string> plots)
    {
        var path = Path.Combine(folder, FileName);
        File.WriteAllText(path, Render(title, markdown, plots.Select(p => Path.GetRelativePath(folder, p).Replace('\\', '/'))));
        return path;
    }

    /// <summary>The page: <paramref name="markdown"/> as HTML, then a figure per plot (relative URLs).</summary>
    public static string Render(string title, string markdown, IEnumerable<string> plotUrls)
    {
        var html = new StringBuilder()
            .Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Escape(title)).Append("</title>\n")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1000px;padding:0 1em}")
            .Append("table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}")
            .Append("th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}figure{margin:1.5em 0}img{max-width:100%}")
            .Append("code{background:#f3f3f3;padding:0 .2em}</style>\n</head>\n<body>\n")
            .Append(FromMarkdown(markdown));
        var figures = plotUrls.ToArray();
        if (figures.Length > 0)
        {
            html.Append("<h2>Plots</h2>\n");
            foreach (var url in figures)
            {
                var name = Escape(Path.GetFileNameWithoutExtension(url));
                html.Append("<figure><img src=\"").Append(Escape(Uri.EscapeDataString(url).Replace("%2F", "/"))).Append("\" alt=\"").Append(name)
                    .Append("\" width=\"960\" height=\"540\"><figcaption>").Append(name).Append("</figcaption></figure>\n");
            }
        }

        return html.Append("</body>\n</html>\n").ToString();
    }

    /// <summary>The Markdown subset results.md uses, as HTML.</summary>
    public static string FromMarkdown(string markdown)
    {
        var html = new StringBuilder();
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length;)
        {
            var line = lines[i];
            if (line.Trim().Length == 0)
            {
                i++;
            }
            else if (Heading().Match(line) is { Success: true } heading)
            {
                var level = heading.Groups[1].Length;
                html.Append($"<h{level}>").Append(Inline(heading.Groups[2].Value)).Append($"</h{level}>\n");
                i++;
            }
            else if (line.StartsWith('|'))
            {
                var rows = new List<string[]>();
                for (; i < lines.Length && lines[i].StartsWith('|'); i++)
                {
                    rows.Add(Cells(lines[i]));
                }

                AppendTable(html, rows);
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                html.Append("<ul>\n");
                for (; i < lines.Length && lines[i].StartsWith("- ", StringComparison.Ordinal); i++)
                {
                    html.Append("<li>").Append(Inline(lines[i][2..])).Append("</li>\n");
                }

                html.Append("</ul>\n");
            }
            else
            {
                var paragraph = new List<string>();
                for (; i < lines.Length && lines[i].Trim().Length > 0 && !lines[i].StartsWith('|') && !lines[i].StartsWith("- ", StringComparison.Ordinal) && !Heading().IsMatch(lines[i]); i++)
                {
                    paragraph.Add(lines[i].Trim());
                }

                html.Append("<p>").Append(Inline(string.Join(' ', paragraph))).Append("</p>\n");
            }
        }

        return html.ToString();
    }

    private static void AppendTable(StringBuilder html, List<string[]> rows)
    {
        var separator = rows.Count > 1 && rows[1].All(c => c.Trim().Trim(':').Length > 0 && c.Trim().Trim(':').All(ch => ch == '-'));
        html.Append("<table>\n");
        for (var r = 0; r < rows.Count; r++)
        {
            if (separator && r == 1)
            {
                continue;
            }

            var cell = separator && r == 0 ? "th" : "td";
            html.Append("<tr>");
            foreach (var value in rows[r])
            {
                html.Append('<').Append(cell).Append('>').Append(Inline(value.Trim())).Append("</").Append(cell).Append('>');
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static string[] Cells(string row)
    {
        var trimmed = row.Trim();
        trimmed = trimmed.StartsWith('|') ? trimmed[1..] : trimmed;
        trimmed = trimmed.EndsWith('|') ? trimmed[..^1] : trimmed;
        return trimmed.Split('|');
    }

    private static string Inline(string text)
    {
        var escaped = Escape(text);
        escaped = Code().Replace(escaped, "<code>$1</code>");
        return Bold().Replace(escaped, "<strong>$1</strong>");
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    [GeneratedRegex(@"^(#{1,4}) +(.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();
}
