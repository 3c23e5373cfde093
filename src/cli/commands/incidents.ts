import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import {
  acknowledgeIncident,
  addIncidentNote,
  listIncidents,
  mitigateIncident,
  resolveIncident,
  showIncident,
} from '../../app/incidents/incidents.ts';
import { readPostmortemFile } from '../../app/incidents/postmortem-file.ts';
import {
  incidentPostmortem,
  listActionItems,
  POSTMORTEM_FORMATS,
  updatePostmortem,
  type PostmortemFormat,
} from '../../app/incidents/postmortem.ts';
import { INCIDENT_STATUSES, type Incident, type IncidentStatus } from '../../core/incidents/incident.ts';
import { withContext } from '../cli-context.ts';

const line = (i: Incident) =>
  `${i.id}  ${i.status.padEnd(12)}  ${i.deployment.padEnd(20)}  ${i.openedAt}  ${i.commander ? `[${i.commander}] ` : ''}${i.title}`;

function print(json: boolean | undefined, value: unknown, text: () => string): void {
  console.log(json ? JSON.stringify(value, null, 2) : text());
}

export function incidentsCommand(): Command {
  const incidents = new Command('incidents').description('incidents opened by firing page rules: work them, then write their postmortems');
  incidents
    .command('list')
    .description('incidents, newest first')
    .addOption(new Option('--status <status>', 'only incidents with this status').choices([...INCIDENT_STATUSES]))
    .option('--deployment <name>', 'only incidents of this deployment')
    .option('--json', 'print JSON')
    .action(async (options: { status?: IncidentStatus; deployment?: string; json?: boolean }, command: Command) => {
      const found = await withContext(command, (ctx) => listIncidents(ctx, options));
      print(options.json, found, () => (found.length === 0 ? 'no incidents' : found.map(line).join('\n')));
    });
  incidents
    .command('show')
    .description('an incident with its timeline')
    .argument('<id>', 'incident id (from incidents list)')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const detail = await withContext(command, (ctx) => showIncident(ctx, id));
      print(options.json, detail, () => {
        const i = detail.incident;
        return [
          line(i),
          `rules: ${i.rules.join(', ')}`,
          `acknowledged ${i.acknowledgedAt ?? '—'}  mitigated ${i.mitigatedAt ?? '—'}  resolved ${i.resolvedAt ?? '—'}`,
          '',
          ...detail.timeline.map((e) => `${e.at}  ${e.kind.padEnd(15)}  ${(e.actor ?? '—').padEnd(24)}  ${e.summary}`),
          '',
          detail.postmortem
            ? `postmortem: ${detail.postmortem.reviewed ? 'reviewed' : 'not reviewed'}, updated ${detail.postmortem.updatedAt} by ${detail.postmortem.updatedBy}`
            : `postmortem: none yet (ballast incidents postmortem ${i.id})`,
        ].join('\n');
      });
    });
  incidents
    .command('ack')
    .description('acknowledge an incident; you become its commander unless --commander names another')
    .argument('<id>', 'incident id')
    .option('--commander <name>', 'who leads the response')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { commander?: string; json?: boolean }, command: Command) => {
      const incident = await withContext(command, (ctx) => acknowledgeIncident(ctx, id, options));
      print(options.json, incident, () => `incident ${id} acknowledged; commander ${incident.commander}`);
    });
  incidents
    .command('note')
    .description("add a note to an incident's timeline")
    .argument('<id>', 'incident id')
    .argument('<text>', 'the note')
    .option('--json', 'print JSON')
    .action(async (id: string, text: string, options: { json?: boolean }, command: Command) => {
      const incident = await withContext(command, (ctx) => addIncidentNote(ctx, id, text));
      print(options.json, incident, () => `note added to incident ${id}`);
    });
  for (const [name, move, description] of [
    ['mitigate', mitigateIncident, 'mark an incident mitigated (the harm has stopped)'],
    ['resolve', resolveIncident, 'resolve an incident; the next firing opens a new one'],
  ] as const)
    incidents
      .command(name)
      .description(description)
      .argument('<id>', 'incident id')
      .option('--json', 'print JSON')
      .action(async (id: string, options: { json?: boolean }, command: Command) => {
        const incident = await withContext(command, (ctx) => move(ctx, id));
        print(options.json, incident, () => `incident ${id} ${incident.status}`);
      });
  incidents
    .command('postmortem')
    .description(
      'print the postmortem, drafting and storing it first if there is none; --edit stores an edited one, --reviewed marks it reviewed',
    )
    .argument('<id>', 'incident id')
    .addOption(new Option('--format <format>', 'md or html (a self-contained page)').choices([...POSTMORTEM_FORMATS]).default('md'))
    .option('--edit <file>', 'store this Markdown file as the postmortem')
    .option('--reviewed', 'mark the postmortem reviewed')
    .option('--redraft', 'draft it again from the timeline, replacing a stored draft that is not reviewed')
    .option('--output <file>', 'write it to this file instead of standard output')
    .option('--json', 'print JSON')
    .action(
      async (
        id: string,
        options: { format: PostmortemFormat; edit?: string; reviewed?: boolean; redraft?: boolean; output?: string; json?: boolean },
        command: Command,
      ) => {
        const text = options.edit !== undefined ? await readPostmortemFile(options.edit) : undefined;
        const postmortem = await withContext(command, async (ctx) => {
          if (text !== undefined || options.reviewed)
            return updatePostmortem(
              ctx,
              id,
              { ...(text !== undefined ? { text } : {}), ...(options.reviewed ? { reviewed: true } : {}) },
              options.format,
            );
          return incidentPostmortem(ctx, id, { format: options.format, redraft: options.redraft === true });
        });
        const out = options.json ? JSON.stringify(postmortem, null, 2) + '\n' : postmortem.rendered;
        if (options.output !== undefined) {
          await writeFile(options.output, out);
          console.error(`wrote the postmortem of incident ${id} to ${options.output}${postmortem.reviewed ? ' (reviewed)' : ''}`);
        } else process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
      },
    );
  incidents
    .command('actions')
    .description("action items of the stored postmortems (their '## Action items' checklists)")
    .option('--open', 'only those not ticked')
    .option('--json', 'print JSON')
    .action(async (options: { open?: boolean; json?: boolean }, command: Command) => {
      const items = await withContext(command, (ctx) => listActionItems(ctx, { open: options.open === true }));
      print(options.json, items, () =>
        items.length === 0
          ? 'no action items'
          : items
              .map((a) => `[${a.done ? 'x' : ' '}] ${a.text}${a.owner ? ` (${a.owner})` : ''}  — incident ${a.incidentId}, ${a.deployment}`)
              .join('\n'),
      );
    });
  return incidents;
}
