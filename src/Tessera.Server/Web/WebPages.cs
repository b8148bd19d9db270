using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Catalog;

namespace Tessera.Server.Web;

/// <summary>
/// The web interface: server-rendered HTML pages (gallery, study, dataset, plate, viewer, search, login) over the same
/// catalogue calls and rights as the JSON API, with small ES modules from <c>/static/</c> for what must be live
/// (autocomplete, the plate sprite, the OpenSeadragon viewer). A private or missing object is a 404 page.
/// </summary>
public static class WebPages
{
    /// <summary>Maps the page routes.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var pages = app.MapGroup("").WithTags("Web").ExcludeFromDescription();
        pages.MapGet("/", (HttpContext context, TesseraRepository repository) =>
            PageAsync(context, caller => GalleryPage.RenderAsync(context, caller, repository)));
        pages.MapGet("/search", (HttpContext context, TesseraRepository repository) =>
            PageAsync(context, caller => SearchPage.RenderAsync(context, caller, repository)));
        pages.MapGet("/study/{kind}/{id:long}", (HttpContext context, string kind, long id, TesseraRepository repository) =>
            PageAsync(context, caller => StudyPage.RenderAsync(context, caller, repository, kind, id)));
        pages.MapGet("/dataset/{id:long}", (HttpContext context, long id, TesseraRepository repository) =>
            PageAsync(context, caller => DatasetPage.RenderAsync(context, caller, repository, id)));
        pages.MapGet("/plate/{id:long}", (HttpContext context, long id, TesseraRepository repository) =>
            PageAsync(context, caller => PlatePage.RenderAsync(context, caller, repository, id)));
        pages.MapGet("/viewer/{id:long}", (HttpContext context, long id, TesseraRepository repository) =>
            PageAsync(context, caller => ViewerPage.RenderAsync(context, caller, repository, id)));
        pages.MapGet("/login", (Func<HttpContext, Task<IResult>>)(context =>
            PageAsync(context, caller => Task.FromResult(LoginPage.Render(context, caller)))));
    }

    // Caller mistakes (a private or missing object, a bad parameter) become a page for browsers; everything else
    // goes on to the server's problem-details handler, as on the API.
    private static async Task<IResult> PageAsync(HttpContext context, Func<RequestCaller, Task<IResult>> render)
    {
        RequestCaller? caller = null;
        try
        {
            caller = await RequestCaller.OfAsync(context).ConfigureAwait(false);
            return await render(caller).ConfigureAwait(false);
        }
        catch (Exception e) when (ProblemResponses.Classify(e) is { ServerFault: false } problem && AcceptsHtml(context.Request))
        {
            return HtmlPage.Problem(context, caller, problem.Status, problem.Title, e.Message);
        }
    }

    private static bool AcceptsHtml(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));
}
