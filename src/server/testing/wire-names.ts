/** snake_case as the API spells every wire field: lower-case words joined by single underscores. */
const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

export interface MisnamedField {
  /** Where in the document the name was found, as a JSON pointer-ish path. */
  readonly at: string;
  readonly name: string;
}

/**
 * Every property name and query parameter of an OpenAPI document (request bodies, responses,
 * nested schemas) that is not snake_case. Header parameters are left alone: HTTP names them.
 */
export function misnamedFields(doc: unknown): MisnamedField[] {
  const found: MisnamedField[] = [];
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${at}/${i}`));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.properties === 'object' && record.properties !== null && !Array.isArray(record.properties)) {
      for (const name of Object.keys(record.properties)) if (!SNAKE_CASE.test(name)) found.push({ at: `${at}/properties`, name });
    }
    if (typeof record.name === 'string' && (record.in === 'query' || record.in === 'path') && !SNAKE_CASE.test(record.name))
      found.push({ at, name: record.name });
    for (const [key, value] of Object.entries(record)) walk(value, `${at}/${key}`);
  };
  walk(doc, '');
  return found;
}
