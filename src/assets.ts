/**
 * Files billet reads at run time that are not modules (the hashing thread, the console's static
 * files), located from this module. It sits at the root of the sources (src/assets.ts) and is
 * bundled into a file at the root of the build (dist/*.js), and the build copies the files to
 * the same relative paths (scripts/build.mjs), so one relative path holds in both.
 */
export function assetUrl(path: string): URL {
  return new URL(`./${path}`, import.meta.url);
}
