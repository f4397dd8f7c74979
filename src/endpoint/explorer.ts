import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { RESPONSE_MEDIA_TYPES } from './graphql-over-http.js';
import { sendError, type Handler } from './respond.js';

/**
 * `GET /explorer`: GraphiQL served by the gateway itself, for whoever cannot load Apollo Sandbox (its
 * scripts come from Apollo's CDN and it runs on apollographql.com: nothing of it loads on a closed
 * network). The page and its assets (React, ReactDOM and GraphiQL's UMD builds from node_modules, and a
 * small bootstrap script of ours) are all served from here, under `/explorer/assets/`, and the page's
 * Content-Security-Policy lets it load or call nothing from any other origin. It posts operations as
 * JSON to `/graphql` (subscriptions over WebSocket there), with the headers its user types: the API key
 * goes in GraphiQL's Headers editor as `Authorization: Bearer …`, never stored by the page.
 *
 * Served only with the developer tools (where Apollo Server serves its Sandbox landing page; the landing
 * page links here, plugins/landing-page.ts): the request listener does not install it otherwise, and
 * `/explorer` is then a 404 like any other unknown path.
 *
 * Every URL in the page is relative (`graphql`, `explorer/assets/…` from `/explorer`), so the explorer
 * also works behind a proxy that serves the gateway under a path prefix.
 */

export const EXPLORER_PATH = '/explorer';
export const EXPLORER_ASSETS_PATH = `${EXPLORER_PATH}/assets/`;

/** The query GraphiQL opens with (until its user has written one: GraphiQL keeps its tabs in localStorage). */
export const EXPLORER_DEFAULT_QUERY = `# The chat gateway's local explorer (GraphiQL, served by the gateway: no internet needed).
# Run with Ctrl-Enter; the schema is in the Docs panel (book icon, top left).
# When the gateway asks for an API key, put it under Headers below: { "Authorization": "Bearer <your API key>" }

query FirstAgents {
  agents(type: AGENT, first: 5) {
    totalCount
    nodes { id username name status livechatStatus }
  }
}
`;

/**
 * The Headers editor's text until its user edits it: a hint where the API key goes. With authentication
 * off the gateway ignores the header; with it on, the placeholder is refused (401) until replaced.
 */
export const EXPLORER_DEFAULT_HEADERS = `{
  "Authorization": "Bearer <your API key>"
}`;

/** Runs in the browser after React, ReactDOM and GraphiQL (globals of their UMD builds): mounts GraphiQL. */
const BOOTSTRAP_SCRIPT = `// The chat gateway's local explorer: GraphiQL, every file served by the gateway itself.
(function () {
  'use strict';
  var script = document.currentScript;
  // GraphiQL's dialogs add a <style> element (react-remove-scroll) with the nonce in __webpack_nonce__:
  // the page's Content-Security-Policy allows styles from this origin and with this nonce only.
  if (script && script.nonce) window.__webpack_nonce__ = script.nonce;
  var root = document.getElementById('explorer');
  if (!window.React || !window.ReactDOM || !window.GraphiQL) {
    root.textContent = 'The explorer could not load its scripts: reload the page.';
    return;
  }
  // Relative to this page (/explorer): the gateway's own /graphql, on this origin, behind any path prefix.
  var endpoint = new URL('graphql', window.location.href);
  var socket = new URL(endpoint.href);
  socket.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';
  // Queries and mutations: POST, Content-Type: application/json, plus the Headers editor's headers.
  // Subscriptions: graphql-ws on the same /graphql, the headers sent as connection params.
  var fetcher = window.GraphiQL.createFetcher({ url: endpoint.href, subscriptionUrl: socket.href, enableIncrementalDelivery: false });
  var h = window.React.createElement;
  window.ReactDOM.createRoot(root).render(
    h(
      window.GraphiQL,
      {
        fetcher: fetcher,
        defaultQuery: ${JSON.stringify(EXPLORER_DEFAULT_QUERY)},
        defaultHeaders: ${JSON.stringify(EXPLORER_DEFAULT_HEADERS)},
        defaultEditorToolsVisibility: 'headers',
        // An API key typed in the Headers editor is not written to localStorage (GraphiQL's settings can change that).
        shouldPersistHeaders: false,
      },
      h(window.GraphiQL.Logo, null, 'Chat gateway')
    )
  );
})();
`;

const EXPLORER_CSS = `html, body { height: 100%; margin: 0; }
#explorer { height: 100vh; }
.explorer-message { font-family: system-ui, sans-serif; padding: 1em; }
`;

/** The page's policy: its own origin only, plus data: fonts and images (GraphiQL's CSS embeds its fonts) and the nonce'd style. */
export function explorerContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "font-src 'self' data:",
    "img-src 'self' data:",
    // `'self'` covers ws: and wss: to this host too (CSP Level 3): the subscriptions' WebSocket.
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

interface Asset {
  body: Buffer;
  gzipped: Buffer | undefined;
  contentType: string;
  etag: string;
}

interface ExplorerAssets {
  /** Assets by file name (`graphiql.<hash>.js`): content-hashed, so cacheable forever. */
  byName: ReadonlyMap<string, Asset>;
  /** The page's references, relative to `/explorer`. */
  urls: { graphiqlCss: string; explorerCss: string; react: string; reactDom: string; graphiql: string; bootstrap: string };
}

const JAVASCRIPT = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const HTML = 'text/html; charset=utf-8';
const IMMUTABLE = 'public, max-age=31536000, immutable';

const gzip = promisify(gzipCallback);

/** A file of an installed package (its package.json is exported by each, unlike the UMD builds themselves). */
function packageFile(name: string, file: string): string {
  return join(dirname(require.resolve(`${name}/package.json`)), file);
}

/** The vendor files: read as published, less a trailing source-map comment (the maps are not served). */
async function vendorFile(name: string, file: string): Promise<Buffer> {
  const text = await readFile(packageFile(name, file), 'utf8');
  return Buffer.from(text.replace(/\n?\/\/# sourceMappingURL=\S+\s*$|\n?\/\*# sourceMappingURL=\S+ \*\/\s*$/, '\n'));
}

async function asset(base: string, extension: 'js' | 'css', body: Buffer): Promise<[string, Asset]> {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  // Only worth sending compressed when it saves something (all of these do).
  const compressed = await gzip(body, { level: 9 });
  const gzipped = compressed.length < body.length ? compressed : undefined;
  return [`${base}.${hash}.${extension}`, { body, gzipped, contentType: extension === 'js' ? JAVASCRIPT : CSS, etag: `"${hash}"` }];
}

async function loadAssets(): Promise<ExplorerAssets> {
  const [react, reactDom, graphiql, graphiqlCss, bootstrap, explorerCss] = await Promise.all([
    vendorFile('react', 'umd/react.production.min.js').then((body) => asset('react', 'js', body)),
    vendorFile('react-dom', 'umd/react-dom.production.min.js').then((body) => asset('react-dom', 'js', body)),
    vendorFile('graphiql', 'graphiql.min.js').then((body) => asset('graphiql', 'js', body)),
    vendorFile('graphiql', 'graphiql.min.css').then((body) => asset('graphiql', 'css', body)),
    asset('explorer', 'js', Buffer.from(BOOTSTRAP_SCRIPT)),
    asset('explorer', 'css', Buffer.from(EXPLORER_CSS)),
  ]);
  const url = ([name]: [string, Asset]) => `${EXPLORER_ASSETS_PATH.slice(1)}${name}`;
  return {
    byName: new Map([react, reactDom, graphiql, graphiqlCss, bootstrap, explorerCss]),
    urls: {
      react: url(react),
      reactDom: url(reactDom),
      graphiql: url(graphiql),
      graphiqlCss: url(graphiqlCss),
      bootstrap: url(bootstrap),
      explorerCss: url(explorerCss),
    },
  };
}

/** The page: no inline script or style (the CSP allows neither); the nonce is the bootstrap's, for GraphiQL's dialogs. */
function explorerHtml(urls: ExplorerAssets['urls'], nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width,initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>Chat gateway · local GraphQL explorer</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${urls.graphiqlCss}" />
    <link rel="stylesheet" href="${urls.explorerCss}" />
  </head>
  <body>
    <div id="explorer">
      <p class="explorer-message">Loading the explorer…</p>
      <noscript><p class="explorer-message">The explorer needs JavaScript.</p></noscript>
    </div>
    <script src="${urls.react}"></script>
    <script src="${urls.reactDom}"></script>
    <script src="${urls.graphiql}"></script>
    <script src="${urls.bootstrap}" nonce="${nonce}"></script>
  </body>
</html>
`;
}

/** Whether the client takes gzip (Accept-Encoding: `gzip` or `*`, with a q-value above 0). */
function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  let gzipQ: number | undefined;
  let anyQ: number | undefined;
  for (const part of value.split(',')) {
    const [coding = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = params.map((param) => /^q=([0-9.]+)$/.exec(param)?.[1]).find((found) => found !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    if (coding === 'gzip' || coding === 'x-gzip') gzipQ = weight;
    else if (coding === '*') anyQ = weight;
  }
  return (gzipQ ?? anyQ ?? 0) > 0;
}

function sendAsset(req: IncomingMessage, res: ServerResponse, asset: Asset): void {
  const headers: Record<string, string | number> = {
    'content-type': asset.contentType,
    'cache-control': IMMUTABLE,
    etag: asset.etag,
    'x-content-type-options': 'nosniff',
    vary: 'Accept-Encoding',
  };
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === asset.etag || tag.trim() === '*')) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const body = asset.gzipped && acceptsGzip(req.headers['accept-encoding']) ? asset.gzipped : asset.body;
  if (body === asset.gzipped) headers['content-encoding'] = 'gzip';
  headers['content-length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sendPage(req: IncomingMessage, res: ServerResponse, assets: ExplorerAssets): void {
  const nonce = randomBytes(18).toString('base64');
  const page = explorerHtml(assets.urls, nonce);
  res.writeHead(200, {
    'content-type': HTML,
    'content-length': Buffer.byteLength(page),
    // A nonce per answer: never reused from a cache.
    'cache-control': 'no-store',
    'content-security-policy': explorerContentSecurityPolicy(nonce),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(req.method === 'HEAD' ? undefined : page);
}

/**
 * The explorer's handler. Its files are read (and compressed) once, at the first request for the page
 * or an asset; a failed read is retried by the next request.
 */
export function localExplorer(): Handler {
  let loading: Promise<ExplorerAssets> | undefined;
  const assets = () => {
    loading ??= loadAssets().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  return async ({ req, res, url }) => {
    const path = url.pathname;
    if (path !== EXPLORER_PATH && !path.startsWith(`${EXPLORER_PATH}/`)) return false;
    if (path === `${EXPLORER_PATH}/`) {
      // The page's relative URLs resolve from `/explorer`, not `/explorer/`.
      res.writeHead(308, { location: `../${EXPLORER_PATH.slice(1)}`, 'content-length': 0 });
      res.end();
      return true;
    }
    if (path !== EXPLORER_PATH && !path.startsWith(EXPLORER_ASSETS_PATH)) return false;
    const loaded = await assets();
    const file = path === EXPLORER_PATH ? undefined : loaded.byName.get(path.slice(EXPLORER_ASSETS_PATH.length));
    // An unknown asset (or one of an older version): the request listener's 404.
    if (path !== EXPLORER_PATH && file === undefined) return false;
    const method = (req.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      sendError(res, 405, RESPONSE_MEDIA_TYPES.json, 'BAD_REQUEST', `Method not allowed: ${path} answers GET.`);
      return true;
    }
    if (file) sendAsset(req, res, file);
    else sendPage(req, res, loaded);
    return true;
  };
}
