/**
 * Before any test: the CLI bundles (dist/cli.js and its chunks) from the sources as they are now,
 * so that the tests that run `bin/billet.mjs` run the code under test. About a second;
 * declarations are left to `npm run build`.
 */
export default async function setup(): Promise<void> {
  // @ts-expect-error: a plain JavaScript script, without declarations.
  const { bundle } = await import("../scripts/build.mjs");
  await bundle();
}
