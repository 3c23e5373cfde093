/**
 * One Ballast side of the batch benchmark, run in its own process so its peak memory is its own:
 * stream the CSV through readTableChunks into a DatasetValidator and print timing, peak RSS and
 * the issue counts as one JSON line.
 *
 *   npx tsx bench/contracts/ballast-validate.ts CONTRACT.json DATA.csv CHECK_TIME
 */
import { readFileSync } from 'node:fs';
import { readTableChunks } from '../../src/app/data-files.ts';
import type { Contract } from '../../src/core/contracts/contract-types.ts';
import { DatasetValidator } from '../../src/core/contracts/dataset-validator.ts';

const [contractFile, dataFile, checkTime] = process.argv.slice(2);
if (contractFile === undefined || dataFile === undefined || checkTime === undefined) {
  console.error('usage: ballast-validate.ts CONTRACT.json DATA.csv CHECK_TIME');
  process.exit(2);
}
const started = performance.now();
const cpuBefore = process.cpuUsage();
// The benchmark's own contract, written by make-dataset.ts: read as is rather than through the
// contract parser, so the figure is the validation alone.
const contract = JSON.parse(readFileSync(contractFile, 'utf8')) as Contract;
const validator = new DatasetValidator(contract, { now: new Date(checkTime) });
for await (const chunk of readTableChunks(dataFile)) validator.addChunk(chunk);
const report = validator.finish();
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
console.log(
  JSON.stringify({
    tool: 'ballast',
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    rows: report.rows,
    passed: report.passed,
    issues: report.issues.map((i) => ({ column: i.column ?? '-', code: i.code, count: i.count })),
  }),
);
