import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInContext, createContext } from 'node:vm';
import { gunzipSync } from 'node:zlib';
import { getIntrospectionQuery } from 'graphql';
import { request } from 'undici';
import { EXPLORER_DEFAULT_HEADERS, EXPLORER_DEFAULT_QUERY } from '../../src/endpoint/explorer';
import { LOCAL_EXPLORER_LINK_TEXT } from '../../src/plugins/landing-page';
import { startTestGateway, useTestGateway, type TestGateway } from '../support/gateway';
import { newKey, writeAuthFile } from '../support/security-auth-file';

/**
 * The local explorer (GraphiQL served by the gateway, for closed networks where Apollo Sandbox cannot
 * load): the landing page's way to it, the page and its policy, its assets, and GraphiQL's own fetcher
 * (the served UMD build, run in a VM with a stand-in DOM) querying the gateway as a browser would.
 * Whether GraphiQL renders is not checked here: there is no browser in the test run.
 */

type Headers = Record<string, string | string[] | undefined>;

interface Fetched {
  status: number;
  headers: Headers;
  body: Buffer;
}

async function get(gateway: TestGateway, path: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET'): Promise<Fetched> {
  const response = await request(new URL(path, gateway.url), { method, headers });
  return { status: response.statusCode, headers: response.headers, body: Buffer.from(await response.body.arrayBuffer()) };
}

/** The page's references (src and href), resolved against the page's URL. */
function referencesOf(html: string, pageUrl: string): URL[] {
  return [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map(([, value]) => new URL(value!.replace(/&amp;/g, '&'), pageUrl));
}

/** Every absolute http(s) URL written anywhere in a text. */
function absoluteUrls(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s"'<>)`]+/g)].map(([url]) => url);
}

function contentSecurityPolicy(headers: Headers): Map<string, string[]> {
  const header = headers['content-security-policy'];
  expect(typeof header).toBe('string');
  return new Map(
    String(header)
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

interface MountedExplorer {
  /** What the bootstrap rendered: GraphiQL and its props. */
  component: unknown;
  props: Record<string, unknown>;
  graphiql: { createFetcher: unknown; Logo: unknown };
  /** The requests GraphiQL's fetcher sent. */
  requests: Array<{ url: string; method: string; headers: Record<string, string>; body: string }>;
}

/**
 * Loads the page's scripts, as served, into a VM with just enough of a browser for them to start
 * (a window at /explorer, a stand-in document, the platform's fetch sending what a browser adds on a
 * same-origin request), runs the bootstrap and captures what it renders instead of rendering it.
 */
async function mountExplorer(gateway: TestGateway, html: string, pageUrl: string): Promise<MountedExplorer> {
  const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map(([, src]) => new URL(src!, pageUrl));
  const requests: MountedExplorer['requests'] = [];
  const origin = new URL(pageUrl).origin;
  const browserFetch = async (input: string | URL, init: RequestInit = {}) => {
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    requests.push({ url: String(input), method: init.method ?? 'GET', headers, body: String(init.body) });
    // A browser's same-origin fetch: an Origin on a POST, Fetch metadata, a default Accept.
    return fetch(input, { ...init, headers: { accept: '*/*', origin, 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', ...headers } });
  };
  const element = () => ({ style: {}, setAttribute() {}, appendChild() {}, addEventListener() {}, classList: { add() {}, remove() {} } });
  const root = { ...element(), textContent: '' };
  const rendered: { element?: { type: unknown; props: Record<string, unknown> } } = {};
  const window: Record<string, unknown> = {
    location: new URL(pageUrl),
    navigator: { userAgent: 'jest', platform: 'Linux' },
    document: {
      currentScript: null,
      getElementById: (id: string) => (id === 'explorer' ? root : null),
      createElement: element,
      createRange: () => ({ setEnd() {}, setStart() {}, getBoundingClientRect: () => ({}), getClientRects: () => [] }),
      addEventListener() {},
      documentElement: element(),
      body: element(),
      head: element(),
      querySelector: () => null,
    },
    fetch: browserFetch,
    URL,
    Headers,
    Response,
    TextDecoder,
    TextEncoder,
    AbortController,
    setTimeout,
    clearTimeout,
    queueMicrotask,
    console,
  };
  window.window = window;
  window.self = window;
  const context = createContext(window);
  for (const script of scripts) {
    const served = await get(gateway, script.pathname);
    expect(served.status).toBe(200);
    if (script.pathname.includes('/explorer.')) {
      // The bootstrap renders into the page's root: captured here, since there is no DOM to render into.
      const reactDom = window.ReactDOM as Record<string, unknown>;
      window.ReactDOM = { ...reactDom, createRoot: () => ({ render: (what: typeof rendered.element) => (rendered.element = what) }) };
    }
    runInContext(served.body.toString('utf8'), context, { filename: script.pathname });
  }
  if (!rendered.element) throw new Error(`the bootstrap rendered nothing (root says: ${root.textContent})`);
  return { component: rendered.element.type, props: rendered.element.props, graphiql: window.GraphiQL as MountedExplorer['graphiql'], requests };
}

type Fetcher = (params: { query: string; operationName?: string; variables?: unknown }, options?: { headers?: Record<string, string> }) => Promise<unknown>;

describe('the local explorer, with the developer tools', () => {
  const gateway = useTestGateway();
  let page: Fetched;
  let pageUrl: string;
  let html: string;
  beforeAll(async () => {
    pageUrl = new URL('/explorer', gateway().url).toString();
    page = await get(gateway(), '/explorer');
    html = page.body.toString('utf8');
  });

  it("is offered by Apollo's landing page, which still loads Sandbox", async () => {
    const landing = await gateway().http('/graphql', { headers: { accept: 'text/html' } });
    expect(landing.status).toBe(200);
    expect(landing.headers['content-type']).toMatch(/^text\/html/);
    expect(landing.text).toContain('embeddable-sandbox');
    expect(landing.text).toContain(LOCAL_EXPLORER_LINK_TEXT);
    const links = referencesOf(landing.text, gateway().url).filter((url) => url.pathname === '/explorer');
    expect(links).toHaveLength(1);
    expect(links[0]!.origin).toBe(new URL(gateway().url).origin);
    // The fallback script: to the same address when Sandbox's CDN script fails or never comes.
    expect(landing.text).toMatch(/var explorer = "explorer";[\s\S]*window\.location\.replace\(explorer\)/);
    expect(landing.text).toMatch(/addEventListener\('error'[\s\S]*setTimeout/);
  });

  it('serves its page with every reference on its own origin and nothing inline', () => {
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const origin = new URL(gateway().url).origin;
    const references = referencesOf(html, pageUrl);
    // Three stylesheets and icons at least, four scripts.
    expect(references.length).toBeGreaterThanOrEqual(7);
    for (const url of references) expect(url.protocol === 'data:' || url.origin === origin).toBe(true);
    expect(absoluteUrls(html)).toEqual([]);
    // No inline script or style: the CSP allows neither.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style\b/);
    expect(html).not.toMatch(/\sstyle=|\son[a-z]+=/i);
  });

  it('sends a Content-Security-Policy that lets the page load or call nothing from another origin', () => {
    const policy = contentSecurityPolicy(page.headers);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    const nonce = /<script src="[^"]*" nonce="([^"]+)"/.exec(html)?.[1];
    expect(nonce).toBeDefined();
    expect(policy.get('style-src')).toEqual(["'self'", `'nonce-${nonce}'`]);
    for (const [directive, sources] of policy) {
      for (const source of sources) {
        // Only this origin, data: (GraphiQL's CSS embeds its fonts and images) and the style nonce.
        const allowed = source === "'self'" || source === "'none'" || (source === 'data:' && /^(font|img)-src$/.test(directive)) || source.startsWith("'nonce-");
        expect({ directive, source, allowed }).toEqual({ directive, source, allowed: true });
      }
    }
  });

  it('uses a fresh nonce for each page', async () => {
    const again = await get(gateway(), '/explorer');
    expect(contentSecurityPolicy(again.headers).get('style-src')).not.toEqual(contentSecurityPolicy(page.headers).get('style-src'));
  });

  it('serves every asset the page references, with its content type, cacheable for good', async () => {
    const assets = referencesOf(html, pageUrl).filter((url) => url.protocol !== 'data:');
    expect(assets.map((url) => url.pathname.replace(/\.[0-9a-f]{16}\./, '.*.'))).toEqual([
      '/explorer/assets/graphiql.*.css',
      '/explorer/assets/explorer.*.css',
      '/explorer/assets/react.*.js',
      '/explorer/assets/react-dom.*.js',
      '/explorer/assets/graphiql.*.js',
      '/explorer/assets/explorer.*.js',
    ]);
    for (const url of assets) {
      const asset = await get(gateway(), url.pathname);
      expect(asset.status).toBe(200);
      expect(asset.headers['content-type']).toBe(url.pathname.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
      expect(Number(asset.headers['content-length'])).toBe(asset.body.length);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(asset.headers['x-content-type-options']).toBe('nosniff');
      expect(asset.body.length).toBeGreaterThan(url.pathname.includes('/explorer.') ? 100 : 10_000);
    }
    // The vendor files are the installed packages' builds (less their source-map comment).
    const graphiql = assets.find((url) => /graphiql\.[0-9a-f]+\.js$/.test(url.pathname))!;
    const served = (await get(gateway(), graphiql.pathname)).body.toString('utf8');
    const installed = readFileSync(join(__dirname, '../../node_modules/graphiql/graphiql.min.js'), 'utf8');
    expect(served.trimEnd()).toBe(installed.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '').trimEnd());
  });

  it('writes no address of another host in its bootstrap script', async () => {
    const bootstrap = referencesOf(html, pageUrl).find((url) => /\/explorer\.[0-9a-f]+\.js$/.test(url.pathname))!;
    const script = (await get(gateway(), bootstrap.pathname)).body.toString('utf8');
    expect(absoluteUrls(script)).toEqual([]);
    expect(script).toContain("new URL('graphql', window.location.href)");
  });

  it('answers HEAD, conditional GETs and gzip', async () => {
    const head = await get(gateway(), '/explorer', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-security-policy']).toBeDefined();
    const script = referencesOf(html, pageUrl).find((url) => /graphiql\.[0-9a-f]+\.js$/.test(url.pathname))!.pathname;
    const plain = await get(gateway(), script);
    const headAsset = await get(gateway(), script, {}, 'HEAD');
    expect(headAsset.status).toBe(200);
    expect(headAsset.body.length).toBe(0);
    expect(headAsset.headers['content-length']).toBe(plain.headers['content-length']);
    const revalidated = await get(gateway(), script, { 'if-none-match': String(plain.headers.etag) });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body.length).toBe(0);
    const zipped = await get(gateway(), script, { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect((await get(gateway(), script, { 'accept-encoding': 'gzip;q=0, deflate' })).headers['content-encoding']).toBeUndefined();
  });

  it('redirects /explorer/ to /explorer, and answers 404 and 405 like the rest of the gateway', async () => {
    const slash = await get(gateway(), '/explorer/');
    expect(slash.status).toBe(308);
    expect(new URL(String(slash.headers.location), new URL('/explorer/', gateway().url)).pathname).toBe('/explorer');
    for (const path of ['/explorer/assets/graphiql.js', '/explorer/assets/', '/explorer/other', '/explorerx']) {
      const missing = await gateway().http(path);
      expect({ path, status: missing.status }).toEqual({ path, status: 404 });
      expect(JSON.parse(missing.text).errors[0].extensions.code).toBe('NOT_FOUND');
    }
    const post = await gateway().http('/explorer', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it("mounts GraphiQL, whose own fetcher queries the gateway's /graphql on the same origin", async () => {
    const explorer = await mountExplorer(gateway(), html, pageUrl);
    expect(explorer.component).toBe(explorer.graphiql);
    expect(explorer.props.defaultHeaders).toBe(EXPLORER_DEFAULT_HEADERS);
    expect(explorer.props.defaultQuery).toBe(EXPLORER_DEFAULT_QUERY);
    expect(explorer.props.shouldPersistHeaders).toBe(false);
    const fetcher = explorer.props.fetcher as Fetcher;

    // What GraphiQL does first: introspection, with the Headers editor's headers (the placeholder, ignored with authentication off).
    const headers = JSON.parse(EXPLORER_DEFAULT_HEADERS) as Record<string, string>;
    const schema = (await fetcher({ query: getIntrospectionQuery(), operationName: 'IntrospectionQuery' }, { headers })) as { data?: { __schema?: unknown }; errors?: unknown };
    expect(schema.errors).toBeUndefined();
    expect(schema.data?.__schema).toBeDefined();
    expect(await fetcher({ query: '{ __typename }' }, { headers })).toEqual({ data: { __typename: 'Query' } });
    const first = (await fetcher({ query: EXPLORER_DEFAULT_QUERY, operationName: 'FirstAgents' }, { headers })) as { data?: { agents?: { totalCount: number } }; errors?: unknown };
    expect(first.errors).toBeUndefined();
    expect(first.data?.agents?.totalCount).toBeGreaterThan(0);

    expect(explorer.requests.length).toBe(3);
    for (const sent of explorer.requests) {
      expect(new URL(sent.url).toString()).toBe(gateway().url);
      expect(sent.method).toBe('POST');
      expect(sent.headers['content-type']).toBe('application/json');
      expect(sent.headers.authorization).toBe('Bearer <your API key>');
      expect(JSON.parse(sent.body)).toHaveProperty('query');
    }
  });
});

describe('the local explorer, with authentication and a closed CORS policy (production with developer tools on)', () => {
  const reader = newKey('reader', ['read']);
  let gateway: TestGateway;
  let removeAuthFile: () => void;
  beforeAll(async () => {
    const file = writeAuthFile({ keys: [reader] });
    removeAuthFile = file.remove;
    gateway = await startTestGateway({
      env: { NODE_ENV: 'production', GATEWAY_DEVELOPER_TOOLS: 'true', GATEWAY_ALLOW_SIMULATORS: 'true', GATEWAY_METRICS: 'off', GATEWAY_AUTH_FILE: file.path },
    });
  });
  afterAll(async () => {
    await gateway?.close();
    removeAuthFile?.();
  });

  it('runs what the explorer sends with the key typed in its Headers editor, and refuses the placeholder', async () => {
    const pageUrl = new URL('/explorer', gateway.url).toString();
    const page = await get(gateway, '/explorer');
    expect(page.status).toBe(200);
    const explorer = await mountExplorer(gateway, page.body.toString('utf8'), pageUrl);
    const fetcher = explorer.props.fetcher as Fetcher;
    // Not refused as a forgery, with CORS closed to every other origin: a same-origin JSON POST.
    expect(await fetcher({ query: '{ __typename }' }, { headers: { Authorization: `Bearer ${reader.key}` } })).toEqual({ data: { __typename: 'Query' } });
    const placeholder = (await fetcher({ query: '{ __typename }' }, { headers: JSON.parse(EXPLORER_DEFAULT_HEADERS) as Record<string, string> })) as {
      errors?: Array<{ extensions?: { code?: string } }>;
    };
    expect(placeholder.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(explorer.requests.every((sent) => sent.url === gateway.url)).toBe(true);
  });
});

describe('the local explorer in production', () => {
  const gateway = useTestGateway({ env: { NODE_ENV: 'production', GATEWAY_ALLOW_SIMULATORS: 'true', GATEWAY_METRICS: 'off', GATEWAY_AUTH: 'off' } });

  it('is not served: /explorer and its assets are 404s, and there is no landing page to link to it', async () => {
    for (const path of ['/explorer', '/explorer/', '/explorer/assets/graphiql.js']) {
      const answer = await gateway().http(path, { headers: { accept: 'text/html' } });
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('NOT_FOUND');
    }
    const landing = await gateway().http('/graphql', { headers: { accept: 'text/html' } });
    expect(landing.headers['content-type'] ?? '').not.toContain('text/html');
    expect(landing.text).not.toContain('explorer');
  });
});
