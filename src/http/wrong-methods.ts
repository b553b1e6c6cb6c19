import FindMyWay from "find-my-way";

/** The methods a wrong one of is answered 405 rather than 404 (Fastify answers HEAD for GET). */
const ANSWERED = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * Which requests that matched no route are to a known path with another method (BILL's 405
 * `BDC_1102`, not 404): the paths of /connect, /operator and /authx routes, in a router of their
 * own built at the first unmatched request. Registering a 405 route for every other method of
 * every path instead was about a thousand routes, a sixth of the time from start to the first
 * answer.
 */
export class WrongMethods {
  /** The app's routes, as registered (set once they all are). */
  routes: readonly { method: string; url: string }[] = [];
  private router: FindMyWay.Instance<FindMyWay.HTTPVersion.V1> | undefined;

  isKnownPathOf(method: string, path: string): boolean {
    if (!ANSWERED.has(method)) return false;
    const found = this.routerOf().find("GET", path);
    const methods = found?.store as ReadonlySet<string> | undefined;
    if (!methods) return false;
    return !methods.has(method) && !(method === "HEAD" && methods.has("GET"));
  }

  private routerOf(): FindMyWay.Instance<FindMyWay.HTTPVersion.V1> {
    if (this.router) return this.router;
    const byUrl = new Map<string, Set<string>>();
    for (const { method, url } of this.routes) {
      if (url.startsWith("/connect/") || url.startsWith("/operator/") || url.startsWith("/authx/"))
        byUrl.set(url, (byUrl.get(url) ?? new Set()).add(method));
    }
    // The same matching as the app's router (trailing slash ignored).
    const router = FindMyWay({ ignoreTrailingSlash: true });
    for (const [url, methods] of byUrl) router.on("GET", url, () => undefined, methods);
    this.router = router;
    return router;
  }
}
