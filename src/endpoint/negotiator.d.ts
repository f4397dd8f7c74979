// The one part of `negotiator` (jshttp; the Accept parser Apollo Server itself uses) this gateway calls.
// The package ships no types and @types/negotiator is not installed; delete this file if it ever is.
declare module 'negotiator' {
  class Negotiator {
    constructor(request: { headers: Record<string, string | string[] | undefined> });
    /** The most preferred of `available` under the Accept header, or undefined when none is acceptable. */
    mediaType(available?: string[]): string | undefined;
  }
  export = Negotiator;
}
