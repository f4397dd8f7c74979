/**
 * graphql-js quotes the caller's input in coercion and validation messages ("Variable "$input" got
 * invalid value { password: "…", extra: 1 }; Field "extra" is not defined…"). Those values can be
 * passwords, so they are cut out before a message reaches a response or a log line; what remains says
 * which variable, which input path and which rule was broken.
 */
const VARIABLE = /^Variable "\$(\w+)" got invalid value /;

/** graphql-js's reasons, each rewritten without the value it quotes; an unknown reason is dropped. */
const REASONS: Array<[RegExp, string]> = [
  // "String cannot represent a non string value: 9876", "DateTime cannot represent an invalid date-time-string x."
  [/^(\w+) cannot represent[\s\S]*$/, '$1 cannot represent this value.'],
  // 'Value "SECRET" does not exist in "TeamRole" enum.' with an optional suggestion of enum values
  [/^Value [\s\S]* does not exist in "(\w+)" enum\.((?: Did you mean [^?]*\?)?)$/, 'The value does not exist in "$1" enum.$2'],
  // 'Expected value of type "String!", found 123; …' (inline literals)
  [/^(Expected value of type "[^"]+"), found [\s\S]*$/, '$1.'],
  // These quote names only (of fields, types), never values.
  [/^(Field "[^"]*" is not defined by type "\w+"\.(?: Did you mean [^?]*\?)?)$/, '$1'],
  [/^(Field "\w+" of required type "[^"]+" was not provided\.)$/, '$1'],
  [/^(Expected type "\w+" to be an object\.)$/, '$1'],
  [/^(Expected non-nullable type "[^"]+" not to be null\.)$/, '$1'],
];

function knownReason(reason: string): string | undefined {
  for (const [pattern, replacement] of REASONS) {
    if (pattern.test(reason)) return reason.replace(pattern, replacement);
  }
  return undefined;
}

export function withoutInputValues(message: string): string {
  const variable = VARIABLE.exec(message);
  if (!variable) return knownReason(message) ?? message;
  const name = variable[1] as string;
  const atPath = new RegExp(` at "(${name}(?:\\.\\w+|\\[\\d+\\])*)"$`);
  // The quoted value may itself contain "; ": the reason starts at the first "; " a known reason follows.
  for (let cut = message.indexOf('; '); cut !== -1; cut = message.indexOf('; ', cut + 1)) {
    const reason = knownReason(message.slice(cut + 2));
    if (reason === undefined) continue;
    const path = atPath.exec(message.slice(0, cut))?.[1];
    return `Variable "$${name}" got an invalid value${path === undefined ? '' : ` at "${path}"`}; ${reason}`;
  }
  return `Variable "$${name}" got an invalid value.`;
}
