import { describe, expect, it } from 'vitest';
import { junitReport } from './junit-report.ts';
import { sampleRun } from './testing/sample-run.ts';

/** The elements of an XML document as a tree, refusing anything not well-formed (tags that do not nest, stray `<` or `&`). */
function parseXml(text: string): XmlElement {
  const body = text.replace(/^<\?xml [^?]*\?>\s*/, '');
  const stack: XmlElement[] = [{ name: '#root', attributes: {}, children: [], text: '' }];
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let at = 0;
  while (at < body.length && (match = token.exec(body)) !== null) {
    at = token.lastIndex;
    const [, closing, name, attrs, selfClosing, content] = match;
    const top = stack.at(-1)!;
    if (content !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(content)) throw new Error(`unescaped & in ${JSON.stringify(content)}`);
      top.text += unescape(content);
    } else if (closing) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
    } else {
      const attributes: Record<string, string> = {};
      for (const [, key, value] of attrs!.matchAll(/([\w:-]+)="([^"]*)"/g)) {
        if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(value!)) throw new Error(`unescaped & in attribute ${key}`);
        attributes[key!] = unescape(value!);
      }
      const element: XmlElement = { name: name!, attributes, children: [], text: '' };
      top.children.push(element);
      if (!selfClosing) stack.push(element);
    }
  }
  if (at !== body.length) throw new Error(`not well-formed at ${JSON.stringify(body.slice(at, at + 40))}`);
  if (stack.length !== 1) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  return stack[0]!.children[0]!;
}

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (_, e: string) =>
    e.startsWith('#') ? String.fromCharCode(Number(e.slice(1))) : { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e]!,
  );
}

describe('junitReport', () => {
  it('writes one testsuite with one testcase per check, failures for failed error checks and warnings as system-out', () => {
    const root = parseXml(junitReport(sampleRun()));
    expect(root.name).toBe('testsuites');
    expect(root.children.map((c) => c.name)).toEqual(['testsuite']);
    const suite = root.children[0]!;
    // The attributes junit-10.xsd (Jenkins) declares on a testsuite, as numbers where it types them so.
    expect(suite.attributes).toMatchObject({
      name: 'credit <gate> & "co"',
      tests: '3',
      failures: '1',
      errors: '0',
      skipped: '0',
      time: '0',
    });
    expect(suite.attributes.timestamp).toBe('2026-12-07T09:00:00.000Z');
    const properties = Object.fromEntries(suite.children[0]!.children.map((p) => [p.attributes.name, p.attributes.value]));
    expect(properties).toMatchObject({ model: 'credit:3', run_id: '01RUN0000000000000000000001', seed: '7', data_rows: '5000' });
    const cases = suite.children.filter((c) => c.name === 'testcase');
    expect(cases.map((c) => [c.attributes.classname, c.attributes.name])).toEqual([
      ['ballast.metric', 'accuracy'],
      ['ballast.fairness', 'fair-by-sex'],
      ['ballast.slices', 'slices'],
    ]);
    expect(cases[0]!.children).toEqual([]);
    const failure = cases[1]!.children[0]!;
    expect(failure.name).toBe('failure');
    expect(failure.attributes.message).toBe('demographic_parity_difference 0.12 > 0.05 <b>');
    expect(failure.text).toContain('demographic_parity_difference = 0.12 (bound ≤ 0.05) interval [0.09, 0.15]');
    expect(failure.text).toContain('equalized_odds_ratio = undefined');
    const warning = cases[2]!.children[0]!;
    expect(warning.name).toBe('system-out');
    // A control character XML cannot carry is replaced, not written.
    expect(warning.text.split('\n')[0]).toBe('warning: purpose=car is worse by 0.08\uFFFD');
  });

  it('reports no failures for a run whose failed checks are all warnings', () => {
    const run = sampleRun();
    const passing = { ...run, passed: true, checks: run.checks.filter((c) => c.severity === 'warning' || c.passed) };
    const suite = parseXml(junitReport(passing)).children[0]!;
    expect(suite.attributes).toMatchObject({ tests: '2', failures: '0' });
  });
});
