import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as registry0001 from './migrations/0001-registry.ts';
import * as audit0002 from './migrations/0002-audit.ts';
import * as serving0003 from './migrations/0003-serving.ts';
import * as contracts0004 from './migrations/0004-contracts.ts';
import * as monitoring0005 from './migrations/0005-monitoring.ts';
import * as requestIdIndex0006 from './migrations/0006-request-id-index.ts';
import * as feedback0007 from './migrations/0007-feedback.ts';
import * as events0009 from './migrations/0009-events.ts';
import * as labelledReferences0008 from './migrations/0008-labelled-references.ts';
import * as windowLatency0010 from './migrations/0010-window-latency.ts';
import * as alertRules0011 from './migrations/0011-alert-rules.ts';
import * as leases0012 from './migrations/0012-leases.ts';
import * as alertNotifications0013 from './migrations/0013-alert-notifications.ts';
import * as rollbacks0014 from './migrations/0014-rollbacks.ts';
import * as incidents0015 from './migrations/0015-incidents.ts';
import * as oncall0017 from './migrations/0017-oncall.ts';
import * as slos0016 from './migrations/0016-slos.ts';
import * as routing0018 from './migrations/0018-routing.ts';
import * as shadowPredictions0021 from './migrations/0021-shadow-predictions.ts';
import * as reviews0022 from './migrations/0022-reviews.ts';
import * as testRuns0023 from './migrations/0023-test-runs.ts';
import * as governance0024 from './migrations/0024-governance.ts';
import * as sensitive0025 from './migrations/0025-sensitive.ts';
import * as explanations0026 from './migrations/0026-explanations-and-cards.ts';
import * as features0027 from './migrations/0027-features-and-pipelines.ts';
import * as predictionEnrichment0028 from './migrations/0028-prediction-enrichment.ts';
import * as rollouts0019 from './migrations/0019-rollouts.ts';
import * as rolloutAnalyses0020 from './migrations/0020-rollout-analyses.ts';

/**
 * Migrations are listed in code rather than read from a folder at run time, so the set that runs is
 * exactly the set that was type-checked and shipped. Names sort in the order they apply.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-registry': registry0001,
  '0002-audit': audit0002,
  '0003-serving': serving0003,
  '0004-contracts': contracts0004,
  '0005-monitoring': monitoring0005,
  '0006-request-id-index': requestIdIndex0006,
  '0007-feedback': feedback0007,
  '0008-labelled-references': labelledReferences0008,
  '0009-events': events0009,
  '0010-window-latency': windowLatency0010,
  '0011-alert-rules': alertRules0011,
  '0012-leases': leases0012,
  '0013-alert-notifications': alertNotifications0013,
  '0014-rollbacks': rollbacks0014,
  '0015-incidents': incidents0015,
  '0017-oncall': oncall0017,
  '0016-slos': slos0016,
  '0018-routing': routing0018,
  '0021-shadow-predictions': shadowPredictions0021,
  '0022-reviews': reviews0022,
  '0023-test-runs': testRuns0023,
  '0024-governance': governance0024,
  '0025-sensitive': sensitive0025,
  '0026-explanations-and-cards': explanations0026,
  '0027-features-and-pipelines': features0027,
  '0028-prediction-enrichment': predictionEnrichment0028,
  '0019-rollouts': rollouts0019,
  '0020-rollout-analyses': rolloutAnalyses0020,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** `schema` names the PostgreSQL schema the bookkeeping tables live in, when it is not the default. */
export async function migrateToLatest(db: Kysely<unknown>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'ballast_migrations',
    migrationLockTableName: 'ballast_migrations_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
