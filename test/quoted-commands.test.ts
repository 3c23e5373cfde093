import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CommanderError, type Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/program.ts';

// Every `ballast …` command quoted to a user — in the README, docs, the examples' READMEs and the
// dashboard — is checked against the real commander program, so a hint such as
// `ballast tokens create --role viewer` (which fails: --name is required) cannot ship (issue 12).
//
// Three kinds of quote, checked as strictly as each allows:
// - a command to type (a line of a code block, a <code> hint in the dashboard, with no synopsis
//   marks): parsed by the program itself, actions replaced by no-ops; it must parse;
// - a synopsis (with [optional parts], a|b alternatives or …): its subcommand must exist, every
//   option it names must exist, and every required option must be among them;
// - a mention in prose: the same, except that a bare name (`ballast predict`) or a quote eliding
//   part of the command with `…` (`ballast predict … | head -3`) need not show the required options.

const root = path.resolve(import.meta.dirname, '..');

interface Quote {
  readonly where: string;
  readonly text: string;
  readonly typed: boolean;
}

function filesUnder(dir: string, test: (name: string) => boolean): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

const COMMAND = /^(?:npx )?ballast\s/;

function markdownQuotes(file: string): Quote[] {
  const quotes: Quote[] = [];
  let inBlock = false;
  readFileSync(path.join(root, file), 'utf8')
    .split('\n')
    .forEach((line, index) => {
      const where = `${file}:${index + 1}`;
      if (line.trimStart().startsWith('```')) {
        inBlock = !inBlock;
        return;
      }
      if (inBlock) {
        if (COMMAND.test(line.trim())) quotes.push({ where, text: line.trim(), typed: true });
        return;
      }
      for (const match of line.matchAll(/`([^`]+)`/g)) if (COMMAND.test(match[1]!)) quotes.push({ where, text: match[1]!, typed: false });
    });
  return quotes;
}

/** <code>ballast …</code> in the dashboard's pages; a JSX expression ({name}) stands for a value. */
function dashboardQuotes(file: string): Quote[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  return [...text.matchAll(/<code>((?:npx )?ballast [^<]*)<\/code>/g)].map((match) => ({
    where: `${file}:${text.slice(0, match.index).split('\n').length}`,
    text: match[1]!.replace(/\{[^}]*\}/g, 'NAME'),
    typed: true,
  }));
}

/** `ballast …` in the sources' messages and comments: mentions, like inline code in prose. */
function sourceQuotes(file: string): Quote[] {
  return readFileSync(path.join(root, file), 'utf8')
    .split('\n')
    .flatMap((line, index) =>
      [...line.matchAll(/`((?:npx )?ballast [^`$]*)`/g)].map((match) => ({ where: `${file}:${index + 1}`, text: match[1]!, typed: false })),
    );
}

function allQuotes(): Quote[] {
  const markdown = [
    'README.md',
    ...filesUnder('docs', (n) => n.endsWith('.md')),
    ...filesUnder('examples', (n) => n === 'README.md'),
    ...filesUnder('src', (n) => n === 'README.md'),
  ];
  const sources = [...filesUnder('src', (n) => n.endsWith('.ts')), ...filesUnder('web/src', (n) => /\.tsx?$/.test(n))].filter(
    (f) => !f.includes('.test.'),
  );
  return [
    ...markdown.flatMap(markdownQuotes),
    ...filesUnder('web/src', (n) => n.endsWith('.tsx') && !n.includes('.test.')).flatMap(dashboardQuotes),
    ...sources.flatMap(sourceQuotes),
  ];
}

/** The words of a shell command up to a pipe, redirection or comment, with quotes removed. */
function words(command: string): string[] {
  const out: string[] = [];
  for (const match of command.replace(/^npx /, '').matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    const word = match[1] ?? match[2] ?? match[3]!;
    if (match[3] !== undefined && /^(\||>|2>|&&|;|#)/.test(word)) break;
    out.push(word);
  }
  return out.slice(1); // without "ballast"
}

const isSynopsis = (text: string): boolean => /[[\]…]|\\\||\|\s*\w+\s*\\?\|/.test(text) || /\w\|\w/.test(text);

/** A copy of the real program whose actions do nothing and which prints nothing. */
function dryProgram(): Command {
  const program = buildProgram();
  const quiet = (command: Command): void => {
    command.configureOutput({ writeOut: () => {}, writeErr: () => {} });
    if (command.commands.length === 0) command.action(() => {});
    command.commands.forEach(quiet);
  };
  quiet(program);
  return program;
}

/** Parses a command to type with the real program; the error commander gives, or undefined. */
async function parseError(args: string[]): Promise<string | undefined> {
  try {
    await dryProgram().parseAsync(['node', 'ballast', ...args]);
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? undefined : `${error.code}: ${error.message}`;
    throw error;
  }
}

/** Problems of a synopsis or a mention: unknown subcommand or options, and unless parts are elided, required options left out. */
function synopsisProblems(text: string, requireMandatory: boolean): string[] {
  const tokens = text
    .replace(/^npx /, '')
    .replace(/\\\|/g, '|')
    .split(/[\s[\]]+/)
    .filter((t) => t !== '')
    .slice(1);
  let command = buildProgram();
  while (tokens.length > 0) {
    const sub = command.commands.find((c) => c.name() === tokens[0] || c.aliases().includes(tokens[0]!));
    if (sub === undefined) break;
    command = sub;
    tokens.shift();
  }
  if (command.commands.length > 0 && command.name() !== 'ballast')
    return [`"${command.name()}" needs a subcommand (${command.commands.map((c) => c.name()).join(', ')})`];
  if (command.name() === 'ballast') return [`no such command: ${tokens[0]}`];
  const known = new Set([
    '--help',
    '--db',
    '--data-dir',
    ...command.options.flatMap((o) => [o.long, o.short]).filter((f): f is string => f !== undefined),
  ]);
  const named = tokens.map((t) => /^(--?[a-zA-Z][\w-]*)/.exec(t)?.[1]).filter((t): t is string => t !== undefined);
  const problems = named.filter((o) => !known.has(o)).map((o) => `${command.name()} has no option ${o}`);
  if (requireMandatory) {
    for (const option of command.options)
      if (option.mandatory && !named.includes(option.long!)) problems.push(`${command.name()} requires ${option.long}`);
  }
  return problems;
}

async function problemsOf(quote: Quote): Promise<string[]> {
  if (quote.typed && !isSynopsis(quote.text)) {
    const error = await parseError(words(quote.text));
    return error === undefined ? [] : [error];
  }
  // A bare name (`ballast predict`) refers to a command; one that shows options or a synopsis shows how to run it.
  return synopsisProblems(quote.text, !isElided(quote.text) && (quote.typed || isSynopsis(quote.text) || /\s--?[a-zA-Z]/.test(quote.text)));
}

/** A quote that leaves part of the command out (`ballast predict … | head -3`): `…` as a word, outside [optional parts]. */
function isElided(text: string): boolean {
  let outside = text;
  for (let previous = ''; previous !== outside;) [previous, outside] = [outside, outside.replace(/\[[^[\]]*\]/g, '')];
  return /(^|\s)…(\s|$)/.test(outside);
}

describe('ballast commands quoted in the README, docs and dashboard', () => {
  const quotes = allQuotes();

  it('are found where users read them', () => {
    expect(quotes.length).toBeGreaterThan(40);
    expect(quotes.some((q) => q.where.startsWith('web/src/pages/sign-in-page.tsx'))).toBe(true);
    expect(quotes.some((q) => q.typed && q.where.startsWith('README.md'))).toBe(true);
  });

  it('run as quoted: subcommands and options exist, required options are given', async () => {
    const problems: string[] = [];
    for (const quote of quotes)
      for (const problem of await problemsOf(quote)) problems.push(`${quote.where}: \`${quote.text}\`: ${problem}`);
    expect(problems).toEqual([]);
  });

  it('are caught when a required option is missing, an option is unknown or a subcommand does not exist', async () => {
    const typed = (text: string) => problemsOf({ where: 'x', text, typed: true });
    const mention = (text: string) => problemsOf({ where: 'x', text, typed: false });
    expect(await typed('ballast tokens create --role viewer')).toEqual([expect.stringMatching(/missingMandatoryOptionValue.*--name/)]);
    expect(await typed('ballast tokens create --name NAME --role viewer')).toEqual([]);
    expect(await typed('npx ballast predict --model m --input live.csv | head -3')).toEqual([]);
    expect(await typed('ballast predict --model m')).toEqual([expect.stringMatching(/--input/)]);
    expect(await typed('ballast modles list')).not.toEqual([]);
    expect(await mention('ballast tokens create --role viewer|operator|admin [--json]')).toEqual([
      'create has no option --json',
      'create requires --name',
    ]);
    expect(await mention('ballast predict … | head -3')).toEqual([]);
    expect(await mention('ballast predict')).toEqual([]);
    expect(await mention('ballast predict --model m')).toEqual(['predict requires --input']);
    expect(await mention('ballast contract')).toEqual([expect.stringContaining('needs a subcommand')]);
  });
});
