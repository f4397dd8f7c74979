import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

/**
 * TypeScript examples taken from the docs and run as written: a page's ```ts blocks, each turned into a
 * module whose top-level statements run inside one async function (examples use top-level await) that
 * returns every top-level `const` the example declared, so a test can look at what the example got.
 * The same module text is type-checked against the repository's tsconfig and then run.
 */

const ROOT = join(__dirname, '..', '..');

export interface DocExample {
  /** The `###` heading the block sits under. */
  heading: string;
  /** The block's code, exactly as on the page. */
  code: string;
}

/** The first ```ts block under each `###` heading of the page's `## {section}`. */
export function docExamples(page: string, section: string): DocExample[] {
  const text = readFileSync(join(ROOT, page), 'utf8');
  const start = text.indexOf(`\n## ${section}\n`);
  if (start === -1) throw new Error(`${page} has no section "${section}"`);
  const next = text.indexOf('\n## ', start + 1);
  const body = text.slice(start, next === -1 ? undefined : next);
  return body
    .split(/\n### /)
    .slice(1)
    .flatMap((part) => {
      const heading = part.slice(0, part.indexOf('\n')).trim();
      const code = /```ts\n([\s\S]*?)```/.exec(part)?.[1];
      return code === undefined ? [] : [{ heading, code }];
    });
}

export interface ExampleModule {
  /** Where the module pretends to live (for module resolution and messages); it is never written. */
  fileName: string;
  text: string;
  /** The example's top-level constants, returned by `run()`. */
  names: string[];
}

/**
 * The example as a module exporting `run()`. `imports` maps module specifiers to others (e.g. the
 * package's own name to its source); `replace` swaps literal text (e.g. the documented URL).
 */
export function exampleModule(
  example: DocExample,
  options: { fileName: string; imports?: Record<string, string>; replace?: Array<[string, string]> },
): ExampleModule {
  let code = example.code;
  for (const [from, to] of options.replace ?? []) code = code.split(from).join(to);
  const source = ts.createSourceFile(options.fileName, code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const imports: string[] = [];
  const body: string[] = [];
  const names: string[] = [];
  for (const statement of source.statements) {
    const text = statement.getFullText(source);
    if (ts.isImportDeclaration(statement)) {
      const specifier = statement.moduleSpecifier;
      const mapped = options.imports?.[(specifier as ts.StringLiteral).text];
      const at = specifier.getStart(source) - statement.getFullStart();
      imports.push(mapped === undefined ? text : `${text.slice(0, at)}'${mapped}'${text.slice(at + specifier.getWidth(source))}`);
      continue;
    }
    body.push(text);
    if (ts.isVariableStatement(statement)) for (const declaration of statement.declarationList.declarations) names.push(...boundNames(declaration.name));
  }
  const text = `${imports.join('')}\n\nexport async function run() {${body.join('')}\n  return { ${names.join(', ')} };\n}\n`;
  return { fileName: join(ROOT, options.fileName), text, names };
}

function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}

/** Type errors in the modules, checked as part of the repository (its tsconfig.json), as readable lines. */
export function typeErrors(modules: readonly ExampleModule[]): string[] {
  const configPath = join(ROOT, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath));
  const virtual = new Map(modules.map((module) => [module.fileName, module.text]));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (path) => virtual.has(path) || fileExists.call(host, path);
  host.readFile = (path) => virtual.get(path) ?? readFile.call(host, path);
  host.getSourceFile = (path, language, onError, shouldCreate) => {
    const text = virtual.get(path);
    return text === undefined ? getSourceFile.call(host, path, language, onError, shouldCreate) : ts.createSourceFile(path, text, language, true);
  };
  const program = ts.createProgram([...virtual.keys()], { ...options, noEmit: true }, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file !== undefined && virtual.has(diagnostic.file.fileName))
    .map((diagnostic) => {
      const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      return `${diagnostic.file!.fileName}:${line + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
}

/**
 * Runs the module's `run()` with the given `require` (the calling test's, so modules resolve and load
 * as they do there). What the example prints goes to `printed` instead of the console.
 */
export async function runExample(module: ExampleModule, load: (id: string) => unknown): Promise<{ values: Record<string, unknown>; printed: unknown[][] }> {
  const { outputText } = ts.transpileModule(module.text, {
    fileName: module.fileName,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const printed: unknown[][] = [];
  const quiet = { log: (...args: unknown[]) => printed.push(args), warn: (...args: unknown[]) => printed.push(args), error: (...args: unknown[]) => printed.push(args) };
  const exports: { run?: () => Promise<Record<string, unknown>> } = {};
  // The example's own code, compiled from the docs: the point of this helper.
  new Function('require', 'module', 'exports', 'console', outputText)(load, { exports }, exports, quiet);
  if (!exports.run) throw new Error(`${module.fileName} did not compile to a module with run()`);
  return { values: await exports.run(), printed };
}
