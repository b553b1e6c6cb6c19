/**
 * Lists (spec section 1): pages of `{ results, nextPage?, prevPage? }`, read one at a time or
 * iterated item by item across all pages with `for await`.
 */
import type { ListParams, ListResponse } from "../types.ts";
import type { RequestOptions } from "./api-core.ts";

/** Fetches one page; `page` is a cursor from an earlier page, or absent for the first. */
export type PageFetcher<T> = (params: ListParams, options?: RequestOptions) => Promise<ListResponse<T>>;

/**
 * A list that is read lazily: nothing is sent until it is iterated or a page is asked for.
 * Iterating follows `nextPage` until the last page; each page is one request.
 *
 * @example
 * for await (const user of client.users.list({ max: 50 })) {
 *   console.log(user.email);
 * }
 * // Or page by page:
 * for await (const page of client.users.list().pages()) console.log(page.results.length);
 */
export class PagedList<T> implements AsyncIterable<T> {
  readonly #fetchPage: PageFetcher<T>;
  readonly #params: ListParams;
  readonly #options: RequestOptions | undefined;

  constructor(fetchPage: PageFetcher<T>, params: ListParams = {}, options?: RequestOptions) {
    this.#fetchPage = fetchPage;
    this.#params = { ...params };
    this.#options = options;
  }

  /**
   * The first page (or the one `params.page` names), as the server sent it.
   *
   * @example
   * const { results, nextPage } = await client.users.list({ max: 10 }).firstPage();
   */
  firstPage(): Promise<ListResponse<T>> {
    return this.#fetchPage(this.#params, this.#options);
  }

  /**
   * Every page in turn, from the first (or `params.page`) to the last.
   *
   * @example
   * for await (const page of client.roles.list({ max: 2 }).pages()) {
   *   console.log(page.results.map((role) => role.type));
   * }
   */
  async *pages(): AsyncGenerator<ListResponse<T>, void, undefined> {
    let params = this.#params;
    for (;;) {
      const page = await this.#fetchPage(params, this.#options);
      yield page;
      if (page.nextPage === undefined || page.results.length === 0) return;
      params = { ...params, page: page.nextPage };
    }
  }

  /**
   * Every item of every page, in order.
   *
   * @example
   * for await (const user of client.users.list()) if (user.archived) console.log(user.id);
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.results;
  }

  /**
   * Every item of every page in one array (for short lists).
   *
   * @example
   * const roles = await client.roles.list().toArray();
   */
  async toArray(): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this) items.push(item);
    return items;
  }
}
