import os from 'node:os';
import type { Command } from 'commander';
import { openAppContext, resolveSettings, type AppContext, type Settings } from '../app/context.ts';

export interface GlobalOptions {
  readonly db?: string;
  readonly dataDir?: string;
  readonly onlineStore?: string;
}

export function settingsOf(command: Command): Settings {
  return resolveSettings(command.optsWithGlobals<GlobalOptions>(), process.env, process.cwd());
}

/** The person acting: BALLAST_ACTOR, else the login name. Recorded as the creator of what they register. */
export function actorName(): string {
  return process.env.BALLAST_ACTOR ?? safeUserName();
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Opens the store for one command and always closes it, so the process can exit. */
export async function withContext<T>(command: Command, work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await openAppContext(settingsOf(command), actorName());
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}
