using System.Text.Json.Nodes;

namespace Orleans.Rlvr.Results.Tests;

public sealed class ResultsHtmlTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rlvr-html-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void FromMarkdown_TurnsHeadingsTablesListsAndEmphasisIntoEscapedHtml()
    {
        var html = ResultsHtml.FromMarkdown("# Sweep a<b\n\nSome **bold** and `code`\ncontinued.\n\n| A | B |\n|---|---|\n| 1 < 2 | x |\n\n- one\n- two\n");

        Assert.Equal(
            "<h1>Sweep a&lt;b</h1>\n<p>Some <strong>bold</strong> and <code>code</code> continued.</p>\n" +
            "<table>\n<tr><th>A</th><th>B</th></tr>\n<tr><td>1 &lt; 2</td><td>x</td></tr>\n</table>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n",
            html);
    }

    [Fact]
    public void Page_OpenedInAHeadlessBrowser_ShowsTheResultsTablesAndEveryPlot()
    {
        var summary = SweepSummary.From(SampleSweep.SweepId, SampleSweep.Reports);
        var plots = ResultsPlots.Write(Path.Combine(_directory, "plots"), summary);
        var markdown = ResultsMarkdown.Render(summary);
        var page = ResultsHtml.Write(_directory, $"Sweep {SampleSweep.SweepId}", markdown, plots);

        var seen = RunInBrowser(page);

        Assert.Equal($"Sweep {SampleSweep.SweepId}", seen["title"]!.GetValue<string>());
        var markdownHeaders = markdown.Split('\n').First(l => l.StartsWith("| aggregator", StringComparison.Ordinal)).Trim('|').Split('|').Select(h => h.Trim());
        Assert.Equal(markdownHeaders, seen["headers"]!.AsArray().Select(h => h!.GetValue<string>()));
        Assert.Equal(summary.Groups.Count, seen["rows"]!.GetValue<int>() - 1);
        var images = seen["images"]!.AsArray();
        Assert.Equal(plots.Select(p => "plots/" + Path.GetFileName(p)), images.Select(i => i!["src"]!.GetValue<string>()));
        Assert.All(images, image =>
        {
            Assert.True(image!["complete"]!.GetValue<bool>(), $"{image["src"]} did not load");
            Assert.Equal(960, image["width"]!.GetValue<int>());
            Assert.Equal(540, image["height"]!.GetValue<int>());
        });
    }

    private static JsonObject RunInBrowser(string page)
    {
        const string inspect = """
            ({
              title: document.title,
              headers: document.querySelector('table') ? [...document.querySelector('table').querySelectorAll('th')].map(th => th.textContent) : [],
              rows: document.querySelector('table') ? document.querySelector('table').querySelectorAll('tr').length : 0,
              images: [...document.images].map(i => ({ src: i.getAttribute('src'), complete: i.complete && i.naturalWidth > 0, width: i.naturalWidth, height: i.naturalHeight })),
            })
            """;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return Task.Run(async () =>
        {
            await using var browser = await HeadlessBrowser.Start(timeout.Token);
            return (await browser.Evaluate(new Uri(page).AbsoluteUri, inspect, timeout.Token))!.AsObject();
        }).GetAwaiter().GetResult();
    }
}
