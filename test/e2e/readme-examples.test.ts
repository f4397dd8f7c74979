import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';
import { useTestGateway } from '../support/gateway';

/**
 * The README's "A first query" document, run as written against the embedded simulators: every named
 * operation answers with data and without errors (a README example that fails is a broken front door).
 */
const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const FIRST_QUERY = /## A first query[\s\S]*?```graphql\n([\s\S]*?)```/.exec(README)?.[1] ?? '';

describe("the README's first query", () => {
  const gateway = useTestGateway();
  const operations = parse(FIRST_QUERY).definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION && definition.name ? [definition.name.value] : [],
  );

  it('holds the operations the README talks about', () => {
    expect(operations).toEqual(expect.arrayContaining(['FirstAgents', 'SupportTeam', 'PeopleOnBothPlatforms', 'AnaEverywhere', 'RegisterCamila']));
  });

  it.each(operations)('runs %s without errors', async (operationName) => {
    const answer = await gateway().http('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: FIRST_QUERY, operationName }),
    });
    const body = JSON.parse(answer.text) as { data?: Record<string, unknown> | null; errors?: unknown[] };
    expect({ status: answer.status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
    expect(Object.values(body.data ?? {}).every((value) => value !== null)).toBe(true);
  });
});

describe("the README's trusted-documents example", () => {
  const gateway = useTestGateway();
  const block = /## Trusted documents[\s\S]*?```sh\n([\s\S]*?)```/.exec(README)?.[1] ?? '';

  it('finds the id with its node one-liner and runs the curl body as written', async () => {
    const idLine = block.split('\n').find((line) => line.startsWith('ID='));
    const body = /-d "((?:[^"\\]|\\.)*)"/.exec(block)?.[1];
    expect(idLine && body).toBeTruthy();
    // The shell line as written, run from the repository's root as the README's reader would.
    const id = execFileSync('bash', ['-c', `${idLine}\necho "$ID"`], { cwd: join(__dirname, '..', '..'), encoding: 'utf8' }).trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const payload = body!.replace(/\\"/g, '"').replace('$ID', id);
    const answer = await gateway().http('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ data: { agents: expect.objectContaining({ nodes: [expect.any(Object), expect.any(Object)] }) } });
  });
});
