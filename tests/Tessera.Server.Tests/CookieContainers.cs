using System.Net;

namespace Tessera.Server.Tests;

/// <summary>Copies a client's cookies to another address, as a browser would present them to a second server behind the same name.</summary>
internal static class CookieContainers
{
    public static CookieContainer WithHost(this CookieContainer cookies, Uri from, Uri to)
    {
        var copy = new CookieContainer();
        foreach (Cookie cookie in cookies.GetCookies(from))
        {
            copy.Add(to, new Cookie(cookie.Name, cookie.Value, "/"));
        }

        return copy;
    }
}
