/**
 * A platform's simulator module (`src/simulators/<id>/server.ts`), loaded the first time one is started:
 * a production gateway, which serves no simulator, never loads their code.
 */
export function simulatorModule<T>(platformId: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; this is a CommonJS build
  return require(`../simulators/${platformId}/server.js`) as T;
}
