namespace PatchSync.Server.Api.Endpoints;

/// <summary>Read routes answer HEAD as well as GET, as Django REST Framework does.</summary>
internal static class RouteExtensions
{
    private static readonly string[] ReadMethods = ["GET", "HEAD"];

    public static RouteHandlerBuilder MapRead(this IEndpointRouteBuilder group, string pattern, Delegate handler) =>
        group.MapMethods(pattern, ReadMethods, handler);
}
