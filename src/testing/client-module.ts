/**
 * The client classes `billet/testing` builds its clients from. An installed `@billet/client`
 * comes first: the one the tests import themselves, so that `instanceof BillClient` and
 * `instanceof AuthenticationError` hold for what `billet.client()` makes and throws. Without
 * one (this repository), the sources beside this file.
 */
type ClientModule = typeof import("../../client/src/index.ts");

// Not a literal in import(): TypeScript must not resolve it, it is looked for at run time only.
const INSTALLED: string = "@billet/client";

let loading: Promise<ClientModule> | undefined;

export function loadClientModule(): Promise<ClientModule> {
  loading ??= (async () => {
    try {
      return (await import(INSTALLED)) as ClientModule;
    } catch (installed) {
      try {
        return await import("../../client/src/index.ts");
      } catch {
        throw installed;
      }
    }
  })();
  return loading;
}
