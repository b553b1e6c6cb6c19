/**
 * The one place where path parameters are encoded. Resources build every path with the
 * `path` tag, so an id such as `a/b?c` can never change which endpoint is called.
 */

/**
 * Tagged template that `encodeURIComponent`s every interpolated value.
 *
 * @example
 * path`/v3/users/${userId}/archive`; // "/v3/users/006%2F..%2F/archive" for a hostile id
 */
export function path(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  let result = strings[0] ?? "";
  for (let index = 0; index < values.length; index++) {
    result += encodeURIComponent(String(values[index])) + (strings[index + 1] ?? "");
  }
  return result;
}

/** Query values; `undefined` entries are left out. */
export type QueryParams = Record<string, string | number | boolean | undefined>;

/**
 * Joins the base URL (trailing slashes tolerated) with a path and an optional query.
 *
 * @example
 * buildUrl("http://127.0.0.1:3000/connect/", "/v3/login"); // "http://127.0.0.1:3000/connect/v3/login"
 */
export function buildUrl(baseUrl: string, requestPath: string, query?: QueryParams): string {
  const base = baseUrl.replace(/\/+$/, "");
  const suffix = requestPath.startsWith("/") ? requestPath : `/${requestPath}`;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) search.append(key, String(value));
  }
  const queryString = search.toString();
  return queryString ? `${base}${suffix}?${queryString}` : `${base}${suffix}`;
}
