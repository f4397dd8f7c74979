import { runInNewContext } from 'node:vm';
import type { ApolloServerPlugin, BaseContext, GraphQLServerContext, GraphQLServerListener } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { injectLocalExplorerFallback, LOCAL_EXPLORER_LINK_TEXT, withLocalExplorerFallback } from '../../src/plugins/landing-page';

/**
 * The landing page's way out to the local explorer: what is added to Apollo's page (with Apollo's own
 * nonce, inside its "cannot be loaded" message), and what the added script does in a browser when
 * Sandbox's CDN script fails, is missing or is slow (run here against a stand-in window and document).
 */

async function listenerOf(plugin: ApolloServerPlugin<BaseContext>): Promise<GraphQLServerListener> {
  const listener = await plugin.serverWillStart?.({} as GraphQLServerContext);
  if (!listener) throw new Error('the plugin has no server listener');
  return listener;
}

/** One rendering of the page, as Apollo Server does it for each browser GET. */
async function renderPage(plugin: ApolloServerPlugin<BaseContext>): Promise<string> {
  const page = await (await listenerOf(plugin)).renderLandingPage!();
  return typeof page.html === 'string' ? page.html : page.html();
}

const sandboxPlugin = () => withLocalExplorerFallback(ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }));

/** The nonce of the page's own Content-Security-Policy (the `<meta>` Apollo writes). */
function cspNonce(html: string): string {
  const nonce = /Content-Security-Policy" content="[^"]*'nonce-([^']+)'/.exec(html)?.[1];
  if (!nonce) throw new Error('no CSP nonce in the page');
  return nonce;
}

function fallbackScriptOf(html: string): string {
  const script = /<script[^>]*>((?:(?!<\/script>)[\s\S])*openExplorer(?:(?!<\/script>)[\s\S])*)<\/script>/.exec(html)?.[1];
  if (!script) throw new Error('no fallback script in the page');
  return script;
}

describe('the landing page with the local explorer', () => {
  it("keeps Apollo's Sandbox page and adds the link to the explorer inside its \"cannot be loaded\" message", async () => {
    const html = await renderPage(sandboxPlugin());
    expect(html).toContain('https://embeddable-sandbox.cdn.apollographql.com/');
    expect(html).toContain('new window.EmbeddedSandbox(');
    const fallback = /<div class="fallback">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
    expect(fallback).toContain('Apollo Sandbox cannot be loaded');
    expect(fallback).toContain(`<a class="local-explorer-link" href="explorer">${LOCAL_EXPLORER_LINK_TEXT}</a>`);
    // Relative: `/graphql` → `/explorer`, and `/prefix/graphql` → `/prefix/explorer` behind a proxy.
    expect(new URL('explorer', 'http://gateway.test/graphql').pathname).toBe('/explorer');
  });

  it("adds its style and script with the page's own nonce, before the CDN's stylesheet and scripts, and nothing the page's CSP would block", async () => {
    const html = await renderPage(sandboxPlugin());
    const nonce = cspNonce(html);
    expect(html).toContain(`<style nonce="${nonce}">`);
    expect(html).toContain(`<script nonce="${nonce}">`);
    const fallbackAt = html.indexOf(fallbackScriptOf(html));
    const cdnAt = html.indexOf('src="https://embeddable-sandbox.cdn.apollographql.com/');
    expect(fallbackAt).toBeGreaterThan(0);
    expect(fallbackAt).toBeLessThan(cdnAt);
    // After the CSP (which then covers it too), before the first stylesheet (a hanging one would hold the script back).
    expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(fallbackAt);
    expect(html.indexOf('<link')).toBeGreaterThan(fallbackAt);
    // Inline handlers and style attributes are refused by a nonce-based CSP: none are added.
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/\sstyle=/i);
  });

  it('renders each page with its own nonce (the default plugin renders the HTML per request)', async () => {
    const listener = await listenerOf(sandboxPlugin());
    const { html } = await listener.renderLandingPage!();
    expect(typeof html).toBe('function');
    const [first, second] = await Promise.all([(html as () => Promise<string>)(), (html as () => Promise<string>)()]);
    expect(cspNonce(first)).not.toBe(cspNonce(second));
    expect(first).toContain(`<script nonce="${cspNonce(first)}">`);
    expect(second).toContain(`<script nonce="${cspNonce(second)}">`);
  });

  it('wraps a page given as a string, and passes through a plugin without a landing page', async () => {
    const page = '<!DOCTYPE html><html><head><title>x</title></head><body><p>hello</p></body></html>';
    const stringPlugin: ApolloServerPlugin<BaseContext> = { serverWillStart: async () => ({ renderLandingPage: async () => ({ html: page }) }) };
    const { html } = await (await listenerOf(withLocalExplorerFallback(stringPlugin))).renderLandingPage!();
    expect(typeof html).toBe('string');
    expect(html).toContain(`href="explorer">${LOCAL_EXPLORER_LINK_TEXT}</a></p>\n</body>`);

    const drained: string[] = [];
    const other: ApolloServerPlugin<BaseContext> = { serverWillStart: async () => ({ drainServer: async () => void drained.push('drained') }) };
    const listener = await listenerOf(withLocalExplorerFallback(other));
    expect(listener.renderLandingPage).toBeUndefined();
    await listener.drainServer?.();
    expect(drained).toEqual(['drained']);
  });

  it("keeps the wrapped listener's other hooks and Apollo's plugin markers", async () => {
    // Apollo Server's internal marker of its implicitly installable plugins, kept on the wrapper.
    const wrapped = withLocalExplorerFallback(ApolloServerPluginLandingPageLocalDefault({ embed: true })) as { __internal_installed_implicitly__?: boolean };
    expect(wrapped.__internal_installed_implicitly__).toBe(false);
    const stopped: string[] = [];
    const plugin: ApolloServerPlugin<BaseContext> = {
      serverWillStart: async () => ({ renderLandingPage: async () => ({ html: '<html><body></body></html>' }), serverWillStop: async () => void stopped.push('stopped') }),
    };
    await (await listenerOf(withLocalExplorerFallback(plugin))).serverWillStop?.();
    expect(stopped).toEqual(['stopped']);
  });

  it('escapes the explorer address and works without a nonce', () => {
    const html = injectLocalExplorerFallback('<html><head></head><body></body></html>', { explorerHref: 'x"><script>alert(1)</script>' });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('href="x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(fallbackScriptOf(html)).toContain('"x\\"\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"');
    expect(html).toContain('<script>');
    expect(html).not.toContain('nonce=');
  });
});

/** A stand-in browser for the fallback script: the events it listens to, its timer, where it navigates. */
function browser(html: string, { sandboxLoaded }: { sandboxLoaded: boolean }) {
  const listeners: Array<{ target: 'window' | 'document'; type: string; capture: boolean; handler: (event: unknown) => void }> = [];
  const timers: Array<{ handler: () => void; ms: number }> = [];
  const classes = new Set<string>();
  const navigations: string[] = [];
  const window: Record<string, unknown> = {
    location: { href: 'http://gateway.test/graphql', origin: 'http://gateway.test', replace: (url: string) => navigations.push(url) },
    addEventListener: (type: string, handler: (event: unknown) => void, capture?: boolean) =>
      listeners.push({ target: 'window', type, handler, capture: capture === true }),
    ...(sandboxLoaded && { EmbeddedSandbox: function EmbeddedSandbox() {} }),
  };
  const document = {
    documentElement: { classList: { add: (name: string) => classes.add(name) } },
    addEventListener: (type: string, handler: (event: unknown) => void) => listeners.push({ target: 'document', type, handler, capture: false }),
  };
  runInNewContext(fallbackScriptOf(html), { window, document, URL, setTimeout: (handler: () => void, ms: number) => timers.push({ handler, ms }) });
  return {
    classes,
    navigations,
    timers,
    /** A resource's error event, as the window sees it in the capture phase (it does not bubble). */
    scriptFailed(src: string) {
      for (const { handler } of listeners.filter((one) => one.target === 'window' && one.type === 'error' && one.capture)) {
        handler({ target: { tagName: 'SCRIPT', src } });
      }
    },
    contentLoaded() {
      for (const { handler } of listeners.filter((one) => one.target === 'document' && one.type === 'DOMContentLoaded')) handler({});
    },
    elapse() {
      for (const { handler } of timers.splice(0)) handler();
    },
  };
}

describe("the landing page's fallback, in a browser", () => {
  let html: string;
  beforeAll(async () => {
    html = await renderPage(sandboxPlugin());
  });

  it("goes to the explorer as soon as Sandbox's CDN script fails to load", () => {
    const page = browser(html, { sandboxLoaded: false });
    page.scriptFailed('https://embeddable-sandbox.cdn.apollographql.com/v2/embeddable-sandbox.umd.production.min.js');
    expect(page.navigations).toEqual(['explorer']);
    // Once: the check after the page's scripts adds nothing.
    page.contentLoaded();
    expect(page.navigations).toEqual(['explorer']);
  });

  it('ignores a failed script of its own origin', () => {
    const page = browser(html, { sandboxLoaded: true });
    page.scriptFailed('http://gateway.test/some.js');
    page.scriptFailed('/relative.js');
    expect(page.navigations).toEqual([]);
  });

  it("goes to the explorer when the page's scripts ran and Sandbox is not there", () => {
    const page = browser(html, { sandboxLoaded: false });
    page.contentLoaded();
    expect(page.navigations).toEqual(['explorer']);
  });

  it('stays on Sandbox when it loaded', () => {
    const page = browser(html, { sandboxLoaded: true });
    page.contentLoaded();
    page.elapse();
    expect(page.navigations).toEqual([]);
    expect(page.classes.size).toBe(0);
  });

  it('goes to the explorer when Sandbox has not come after 8 s (a CDN request hanging on a closed network)', () => {
    const page = browser(html, { sandboxLoaded: false });
    expect(page.timers.map(({ ms }) => ms)).toEqual([8000]);
    page.elapse();
    expect(page.navigations).toEqual(['explorer']);
    // The link is shown prominently meanwhile.
    expect(page.classes).toEqual(new Set(['local-explorer-leaving']));
  });

  it('takes another delay, and sets no timer when it cannot tell whether Sandbox loaded', async () => {
    const patient = await renderPage(withLocalExplorerFallback(ApolloServerPluginLandingPageLocalDefault({ embed: true }), { slowAfterMs: 2500 }));
    expect(browser(patient, { sandboxLoaded: false }).timers.map(({ ms }) => ms)).toEqual([2500]);
    const plain = injectLocalExplorerFallback('<html><head></head><body><script src="https://cdn.example/x.js"></script></body></html>');
    const page = browser(plain, { sandboxLoaded: false });
    expect(page.timers).toEqual([]);
    page.contentLoaded();
    expect(page.navigations).toEqual([]);
    page.scriptFailed('https://cdn.example/x.js');
    expect(page.navigations).toEqual(['explorer']);
  });
});
