import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { contractOfModelRef, inferContractFromFile, readContractFile, validateDataFile } from '../../app/contracts.ts';
import { renderValidationReportHtml } from '../../app/reports/contract-report-html.ts';
import type { ValidationReport } from '../../core/contracts/contract-types.ts';
import { contractToJsonSchema } from '../../core/contracts/contract-json-schema.ts';
import { diffContracts } from '../../core/contracts/diff-contracts.ts';
import { serializeContract } from '../../core/contracts/parse-contract.ts';
import { withContext } from '../cli-context.ts';
import { progressBar } from '../progress.ts';

export function contractCommand(): Command {
  const contract = new Command('contract').description('data contracts: infer, validate, compare, export');

  contract
    .command('infer')
    .description('write a contract from a dataset (CSV, JSON Lines or Parquet); bounds leave room for fresh data from the same source')
    .argument('<data>', 'the dataset')
    .option('--label <column>', 'the label column (gets a class-balance rule)')
    .option('--timestamp <column>', 'the event-time column (gets a freshness rule)')
    .option('--max-delay <duration>', 'freshness bound for --timestamp, e.g. 6h, 2d')
    .option('--name <name>', 'the contract name')
    .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('--output <file>', 'write here instead of to standard output')
    .action(
      async (
        data: string,
        options: { label?: string; timestamp?: string; maxDelay?: string; name?: string; format: 'yaml' | 'json'; output?: string },
      ) => {
        const progress = progressBar('reading data');
        const inferred = await inferContractFromFile(
          data,
          {
            label: options.label,
            timestamp: options.timestamp,
            maxDelay: options.maxDelay,
            name: options.name ?? path.basename(data, path.extname(data)),
          },
          (d, t) => progress.update(d, t),
        ).finally(() => progress.stop());
        const text = serializeContract(inferred, options.format);
        if (options.output) {
          await writeFile(options.output, text);
          console.error(`wrote ${options.output}: ${Object.keys(inferred.columns).length} columns`);
        } else process.stdout.write(text);
      },
    );

  contract
    .command('validate')
    .description('check a dataset against a contract; exit 0 when every error rule holds, 1 when one fails, 2 on a usage error')
    .argument('<contract>', 'contract file (YAML or JSON)')
    .argument('<data>', 'dataset (CSV, JSON Lines or Parquet)')
    .option('--json', 'print the report as JSON')
    .option('--html <file>', 'also write the report as an HTML page')
    .action(async (contractFile: string, data: string, options: { json?: boolean; html?: string }) => {
      const rules = await readContractFile(contractFile);
      const progress = progressBar('validating');
      const checkedAt = new Date();
      const report = await validateDataFile(rules, data, checkedAt, (d, t) => progress.update(d, t)).finally(() => progress.stop());
      if (options.html)
        await writeFile(
          options.html,
          renderValidationReportHtml(report, { contractName: rules.name ?? path.basename(contractFile), dataFile: data, checkedAt }),
        );
      console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report, data));
      if (!report.passed) process.exitCode = 1;
    });

  contract
    .command('diff')
    .description(
      'the schema change report: columns added, removed, retyped; ranges and categories that moved (exit 1 when a change is breaking)',
    )
    .argument('<old>', 'the earlier contract')
    .argument('<new>', 'the later contract')
    .option('--same-model', 'the new contract guards the same model: loosening is breaking too')
    .option('--json', 'print JSON')
    .action(async (oldFile: string, newFile: string, options: { sameModel?: boolean; json?: boolean }) => {
      const changes = diffContracts(await readContractFile(oldFile), await readContractFile(newFile), { sameModel: options.sameModel });
      if (options.json) console.log(JSON.stringify({ changes }, null, 2));
      else if (changes.length === 0) console.log('no schema changes');
      else for (const change of changes) console.log(`${change.breaking ? 'BREAKING' : 'ok      '}  ${change.message}`);
      if (changes.some((c) => c.breaking)) process.exitCode = 1;
    });

  contract
    .command('export')
    .description('export a contract for upstream validation')
    .argument('<contract>', 'contract file (YAML or JSON)')
    .requiredOption('--json-schema', 'as a JSON Schema (draft 2020-12) of one row')
    .addOption(
      new Option('--enforce <which>', 'every-row: only rules every row must meet; all: warn and mostly rules too')
        .choices(['every-row', 'all'])
        .default('every-row'),
    )
    .action(async (file: string, options: { enforce: 'every-row' | 'all' }) => {
      console.log(JSON.stringify(contractToJsonSchema(await readContractFile(file), { enforce: options.enforce }), null, 2));
    });

  contract
    .command('show')
    .description('print the contract linked to a model version')
    .argument('<ref>', 'NAME, NAME@alias or NAME:version')
    .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .action(async (ref: string, options: { format: 'yaml' | 'json' }, command: Command) => {
      const { contract: record } = await withContext(command, (ctx) => contractOfModelRef(ctx, ref));
      console.error(`contract ${record.name} sha256:${record.sha256}`);
      process.stdout.write(serializeContract(record.contract, options.format));
    });

  return contract;
}

function formatReport(report: ValidationReport, data: string): string {
  const lines = [
    `${report.passed ? 'PASSED' : 'FAILED'}: ${data}, ${report.rows} rows, ${report.issues.length} issue${report.issues.length === 1 ? '' : 's'}`,
  ];
  for (const issue of report.issues) {
    lines.push(
      `  ${issue.severity === 'error' ? 'error' : 'warn '} ${issue.code.padEnd(18)} ${(issue.column ?? '(dataset)').padEnd(24)} ${issue.message}`,
    );
    for (const example of issue.examples.slice(0, 3)) lines.push(`        row ${example.row}: ${JSON.stringify(example.value)}`);
  }
  return lines.join('\n');
}
