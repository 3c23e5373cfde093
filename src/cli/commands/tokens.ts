import { Command, Option } from 'commander';
import { createToken, listTokens, revokeToken } from '../../app/tokens.ts';
import { PERMISSIONS } from '../../core/privacy/permissions.ts';
import { ROLES } from '../../core/serving-records.ts';
import { withContext } from '../cli-context.ts';

export function tokensCommand(): Command {
  const tokens = new Command('tokens').description('API tokens for the server (stored as hashes)');
  tokens
    .command('create')
    .description('create a token; it is printed once')
    .requiredOption('--name <name>', 'who or what uses it, e.g. checkout-service')
    .addOption(
      new Option(
        '--role <role>',
        'what it may do: metrics reads /metrics only; viewer reads everything and predicts; operator also registers and deploys; admin also manages tokens',
      )
        .choices([...ROLES])
        .default('viewer'),
    )
    .addOption(
      new Option('--permission <permission...>', 'beyond the role: sensitive:read sees sensitive columns unmasked (audited)').choices([
        ...PERMISSIONS,
      ]),
    )
    .action(async (options: { name: string; role: string; permission?: string[] }, command: Command) => {
      const { token, record } = await withContext(command, (ctx) =>
        createToken(ctx, { name: options.name, role: options.role, permissions: options.permission ?? [] }),
      );
      const extra = record.permissions && record.permissions.length > 0 ? ` with ${record.permissions.join(', ')}` : '';
      console.error(`created ${record.role} token "${record.name}"${extra} (id ${record.id}); it is shown once:`);
      console.log(token);
    });
  tokens
    .command('list')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const list = await withContext(command, (ctx) => listTokens(ctx));
      if (options.json) console.log(JSON.stringify(list, null, 2));
      else
        for (const t of list)
          console.log(
            `${t.id}  ${t.role.padEnd(8)}  ${t.name.padEnd(28)}  ${t.revokedAt ? `revoked ${t.revokedAt}` : `created ${t.createdAt}`}${
              t.permissions && t.permissions.length > 0 ? `  ${t.permissions.join(',')}` : ''
            }`,
          );
    });
  tokens
    .command('revoke')
    .argument('<id>', 'token id (from tokens list)')
    .action(async (id: string, _options: unknown, command: Command) => {
      await withContext(command, (ctx) => revokeToken(ctx, id));
      console.log(`revoked ${id}; servers stop accepting it within 5 seconds`);
    });
  return tokens;
}
