import type { Kysely } from 'kysely';
import {
  DEFAULT_DEPLOYMENT_CONFIG,
  type DeploymentConfig,
  type DeploymentRecord,
  type DeploymentRevision,
} from '../core/serving-records.ts';
import { NO_ROUTING, type DeploymentRouting } from '../core/rollouts/deployment-routing.ts';
import type { Database } from './schema.ts';

type Row = {
  id: string;
  name: string;
  version_id: string;
  config: string;
  routing: string | null;
  revision: number;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  model_name: string;
  model_version: number;
};

export class DeploymentRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(
    deployment: Omit<DeploymentRecord, 'modelName' | 'modelVersion' | 'routing'> & { readonly routing?: DeploymentRouting },
  ): Promise<void> {
    await this.db
      .insertInto('deployments')
      .values({
        id: deployment.id,
        name: deployment.name,
        version_id: deployment.versionId,
        config: JSON.stringify(deployment.config),
        routing: storedRoutingText(deployment.routing ?? NO_ROUTING),
        revision: deployment.revision,
        created_by: deployment.createdBy,
        created_at: deployment.createdAt,
        updated_by: deployment.updatedBy,
        updated_at: deployment.updatedAt,
      })
      .execute();
    await this.addRevision(
      deployment.id,
      deployment.revision,
      deployment.versionId,
      deployment.config,
      deployment.routing ?? NO_ROUTING,
      deployment.updatedBy,
      deployment.updatedAt,
    );
  }

  /**
   * Moves a deployment to a new binding only if it is still at `expectedRevision`: a concurrent
   * change makes this return false instead of silently overwriting it. `routing` absent keeps the
   * stored one (a deploy or a rollback of the version leaves a shadow or a review policy in place).
   */
  async update(
    id: string,
    expectedRevision: number,
    change: { versionId: string; config: DeploymentConfig; routing?: DeploymentRouting; actor: string; at: string },
  ): Promise<boolean> {
    const kept =
      change.routing === undefined
        ? await this.db.selectFrom('deployments').select('routing').where('id', '=', id).executeTakeFirst()
        : undefined;
    const routing = change.routing ?? storedRouting(kept?.routing ?? null);
    const result = await this.db
      .updateTable('deployments')
      .set({
        version_id: change.versionId,
        config: JSON.stringify(change.config),
        routing: storedRoutingText(routing),
        revision: expectedRevision + 1,
        updated_by: change.actor,
        updated_at: change.at,
      })
      .where('id', '=', id)
      .where('revision', '=', expectedRevision)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await this.addRevision(id, expectedRevision + 1, change.versionId, change.config, routing, change.actor, change.at);
    return true;
  }

  async findByName(name: string): Promise<DeploymentRecord | undefined> {
    const row = await this.select().where('deployments.name', '=', name).executeTakeFirst();
    return row && toDeployment(row);
  }

  async list(): Promise<DeploymentRecord[]> {
    return (await this.select().orderBy('deployments.name').execute()).map(toDeployment);
  }

  async revisions(id: string): Promise<DeploymentRevision[]> {
    const rows = await this.db
      .selectFrom('deployment_revisions')
      .innerJoin('model_versions', 'model_versions.id', 'deployment_revisions.version_id')
      .innerJoin('models', 'models.id', 'model_versions.model_id')
      .select([
        'deployment_revisions.revision',
        'deployment_revisions.version_id',
        'deployment_revisions.config',
        'deployment_revisions.routing',
        'deployment_revisions.actor',
        'deployment_revisions.at',
        'models.name as model_name',
        'model_versions.version as model_version',
      ])
      .where('deployment_revisions.deployment_id', '=', id)
      .orderBy('deployment_revisions.revision', 'desc')
      .execute();
    return rows.map((row) => ({
      revision: Number(row.revision),
      versionId: row.version_id,
      modelName: row.model_name,
      modelVersion: Number(row.model_version),
      config: storedConfig(row.config),
      routing: storedRouting(row.routing),
      actor: row.actor,
      at: row.at,
    }));
  }

  private async addRevision(
    id: string,
    revision: number,
    versionId: string,
    config: DeploymentConfig,
    routing: DeploymentRouting,
    actor: string,
    at: string,
  ): Promise<void> {
    await this.db
      .insertInto('deployment_revisions')
      .values({
        deployment_id: id,
        revision,
        version_id: versionId,
        config: JSON.stringify(config),
        routing: storedRoutingText(routing),
        actor,
        at,
      })
      .execute();
  }

  private select() {
    return this.db
      .selectFrom('deployments')
      .innerJoin('model_versions', 'model_versions.id', 'deployments.version_id')
      .innerJoin('models', 'models.id', 'model_versions.model_id')
      .selectAll('deployments')
      .select(['models.name as model_name', 'model_versions.version as model_version']);
  }
}

function toDeployment(row: Row): DeploymentRecord {
  return {
    id: row.id,
    name: row.name,
    versionId: row.version_id,
    modelName: row.model_name,
    modelVersion: Number(row.model_version),
    config: storedConfig(row.config),
    routing: storedRouting(row.routing),
    revision: Number(row.revision),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

/** A config as stored; fields added since it was written take their defaults (a log sample rate of 1). */
function storedConfig(json: string): DeploymentConfig {
  return { ...DEFAULT_DEPLOYMENT_CONFIG, ...(JSON.parse(json) as Partial<DeploymentConfig>) };
}

function storedRouting(json: string | null): DeploymentRouting {
  return json === null ? NO_ROUTING : (JSON.parse(json) as DeploymentRouting);
}

/** No routing is stored as null, so a deployment that never had any reads the same as one written before routing existed. */
function storedRoutingText(routing: DeploymentRouting): string | null {
  return Object.keys(routing).length === 0 ? null : JSON.stringify(routing);
}
