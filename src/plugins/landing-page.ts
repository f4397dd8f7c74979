import type { ApolloServerPlugin, BaseContext, GraphQLServerListener, LandingPage } from '@apollo/server';

/**
 * Apollo's landing page (Sandbox) with a way out to the gateway's local explorer (endpoint/explorer.ts).
 *
 * Apollo Server's default landing page is a shell: Sandbox's script comes from Apollo's CDN and Sandbox
 * itself runs in an iframe from apollographql.com, so offline or on a closed network the page only says
 * "Apollo Sandbox cannot be loaded; it appears that you might be offline." This plugin wraps the default
 * plugin and adds to the page it renders:
 * - under that message, a link to the local explorer ("Offline or on a closed network? Open the local
 *   explorer"), clickable while Sandbox is not there (its empty container covers the message otherwise);
 * - a script that sends the browser to the explorer when Sandbox cannot load: a script from another
 *   origin failed to load, the page's scripts ran and Sandbox's global is still missing, or it is still
 *   missing after `slowAfterMs` (a closed network that drops packets rather than refusing them leaves
 *   the CDN requests hanging: the page's fonts stylesheet then blocks rendering and its scripts, so
 *   only a timer started before them can act).
 *
 * The page keeps its own Content-Security-Policy (a `<meta>` with a fresh nonce per page, no inline
 * handlers or style attributes allowed): the added `<style>` and `<script>` carry the page's own nonce.
 */

export interface LocalExplorerFallbackOptions {
  /** Where the explorer is, relative to the landing page's URL (`/graphql` → `/explorer`; kept relative for path prefixes). */
  explorerHref?: string;
  /** How long Sandbox may take to load before the browser is sent to the explorer anyway (default 8 s). */
  slowAfterMs?: number;
}

export const LOCAL_EXPLORER_LINK_TEXT = 'Offline or on a closed network? Open the local explorer';

/** Wraps a landing-page plugin (ApolloServerPluginLandingPageLocalDefault) so that its page offers the local explorer. */
export function withLocalExplorerFallback<TContext extends BaseContext>(
  landingPage: ApolloServerPlugin<TContext>,
  options: LocalExplorerFallbackOptions = {},
): ApolloServerPlugin<TContext> {
  return {
    // Apollo's plugins are plain objects: their other hooks and markers (whether it was installed implicitly) carry over.
    ...landingPage,
    async serverWillStart(service) {
      const listener = await landingPage.serverWillStart?.(service);
      if (!listener?.renderLandingPage) return listener;
      const render = listener.renderLandingPage.bind(listener);
      const wrapped = Object.create(listener) as GraphQLServerListener;
      wrapped.renderLandingPage = async (): Promise<LandingPage> => {
        const { html } = await render();
        // Apollo Server 5 takes a string or a function called for each page (the default's: a new nonce each time).
        return { html: typeof html === 'string' ? injectLocalExplorerFallback(html, options) : async () => injectLocalExplorerFallback(await html(), options) };
      };
      return wrapped;
    },
  };
}

/** Adds the explorer's link and the fallback script to a landing page's HTML (see the module's comment). */
export function injectLocalExplorerFallback(html: string, options: LocalExplorerFallbackOptions = {}): string {
  const href = options.explorerHref ?? 'explorer';
  const slowAfterMs = options.slowAfterMs ?? 8_000;
  const nonce = /<(?:script|style)\b[^>]*?\snonce=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(html);
  const nonceValue = nonce?.[1] ?? nonce?.[2] ?? nonce?.[3];
  const nonceAttribute = nonceValue === undefined ? '' : ` nonce="${escapeHtml(nonceValue)}"`;
  // Which global the page's CDN script defines: its absence once the page's scripts ran means Sandbox failed.
  const global = /\bwindow\.(EmbeddedSandbox|EmbeddedExplorer)\b/.exec(html)?.[1];

  const head = `<style${nonceAttribute}>${FALLBACK_CSS}</style>
    <script${nonceAttribute}>${fallbackScript(href, global, slowAfterMs)}</script>
  `;
  const notice = `<p class="local-explorer"><a class="local-explorer-link" href="${escapeHtml(href)}">${LOCAL_EXPLORER_LINK_TEXT}</a></p>`;

  // The style and script right after the page's CSP, before its stylesheets and scripts from the CDN:
  // a pending stylesheet delays the scripts after it, and the timer must run while they hang.
  let page =
    insertAfter(html, /<meta\b[^>]*http-equiv="?Content-Security-Policy"?[^>]*>/i, `\n    ${head}`) ??
    insertAfter(html, /<head\b[^>]*>/i, `\n    ${head}`) ??
    insertBefore(html, /<script\b/i, head) ??
    `${html}${head}`;
  // The link inside Apollo's own "cannot be loaded" message, which fades in after a second; else at the end of the body.
  page =
    insertAfter(page, /<div class="fallback">[\s\S]*?<\/p>/, `\n  ${notice}`) ??
    insertBefore(page, /<\/body>/i, `${notice}\n`) ??
    `${page}${notice}`;
  return page;
}

const FALLBACK_CSS = `
      /* Sandbox's container covers the page; until Sandbox is in it, clicks go through to the link. */
      #embeddableSandbox:empty, #embeddableExplorer:empty { pointer-events: none; }
      .local-explorer { margin-top: 1.5em; font-family: sans-serif; }
      .local-explorer-link { color: #3f20ba; font-weight: 600; }
      .local-explorer-leaving .fallback { opacity: 1; }
      .local-explorer-leaving .local-explorer-link {
        display: inline-block; padding: 0.6em 1.2em; border-radius: 6px;
        background: #3f20ba; color: #fff; text-decoration: none; font-size: 1.2em;
      }
    `;

function fallbackScript(href: string, global: string | undefined, slowAfterMs: number): string {
  return `
      (function () {
        var explorer = ${scriptString(href)};
        var sandboxGlobal = ${global === undefined ? 'null' : scriptString(global)};
        var gone = false;
        function openExplorer() {
          if (gone) return;
          gone = true;
          // Shown while the explorer loads (and should the navigation not happen).
          document.documentElement.classList.add('local-explorer-leaving');
          window.location.replace(explorer);
        }
        // A script from another origin (Apollo's CDN) that fails to load: error events reach window when captured.
        window.addEventListener('error', function (event) {
          var target = event.target;
          if (!target || target.tagName !== 'SCRIPT' || !target.src) return;
          if (new URL(target.src, window.location.href).origin !== window.location.origin) openExplorer();
        }, true);
        if (sandboxGlobal) {
          // Every script of the page has run (or failed) by then.
          document.addEventListener('DOMContentLoaded', function () {
            if (!window[sandboxGlobal]) openExplorer();
          });
          setTimeout(function () {
            if (!window[sandboxGlobal]) openExplorer();
          }, ${Math.max(0, Math.round(slowAfterMs))});
        }
      })();
    `;
}

function insertBefore(text: string, pattern: RegExp, insertion: string): string | undefined {
  const match = pattern.exec(text);
  return match ? `${text.slice(0, match.index)}${insertion}${text.slice(match.index)}` : undefined;
}

function insertAfter(text: string, pattern: RegExp, insertion: string): string | undefined {
  const match = pattern.exec(text);
  if (!match) return undefined;
  const end = match.index + match[0].length;
  return `${text.slice(0, end)}${insertion}${text.slice(end)}`;
}

/** A string literal safe inside a `<script>` element. */
function scriptString(value: string): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
