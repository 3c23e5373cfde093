import { sql, type Kysely } from 'kysely';
import { BallastError } from '../core/errors.ts';
import { AlertRepository } from './alert-repository.ts';
import { AliasRepository } from './alias-repository.ts';
import { AlertNotificationRepository } from './alert-notification-repository.ts';
import { AlertSilenceRepository } from './alert-silence-repository.ts';
import { ArtifactRepository } from './artifact-repository.ts';
import { AuditRepository } from './audit-repository.ts';
import { ContractRepository } from './contract-repository.ts';
import { DeploymentRepository } from './deployment-repository.ts';
import { EventRepository } from './event-repository.ts';
import { dialectAdapter, type DialectAdapter } from './dialect-adapter.ts';
import { FeedbackRepository } from './feedback-repository.ts';
import { IncidentRepository } from './incident-repository.ts';
import { LabelledReferenceRepository } from './labelled-reference-repository.ts';
import { LeaseRepository } from './lease-repository.ts';
import { PredictionRepository } from './prediction-repository.ts';
import { ReviewRepository } from './review-repository.ts';
import { TestRunRepository } from './test-run-repository.ts';
import { GovernanceRepository } from './governance-repository.ts';
import { SensitiveColumnRepository } from './sensitive-column-repository.ts';
import { ImportanceRepository } from './importance-repository.ts';
import { ModelCardRepository } from './model-card-repository.ts';
import { FeatureSetRepository } from './feature-set-repository.ts';
import { OnlineFeatureRepository } from './online-feature-repository.ts';
import { MaterializationRepository } from './materialization-repository.ts';
import { PipelineRunRepository } from './pipeline-run-repository.ts';
import { ProvenanceRepository } from './provenance-repository.ts';
import { RollbackRepository } from './rollback-repository.ts';
import { RolloutRepository } from './rollout-repository.ts';
import { RolloutAnalysisRepository } from './rollout-analysis-repository.ts';
import { TokenRepository } from './token-repository.ts';
import { parseDatabaseUrl, redact, type DatabaseTarget } from './database-url.ts';
import { migrateToLatest } from './migrate.ts';
import { ModelRepository } from './model-repository.ts';
import { MonitoringRepository } from './monitoring-repository.ts';
import { OncallRepository } from './oncall-repository.ts';
import { openDatabase, type OpenOptions } from './open-database.ts';
import { recoverPredictionJournals, type JournalRecovery } from './prediction-journal-recovery.ts';
import { pendingJournalGroups, type PendingJournalGroup } from './prediction-journal-backlog.ts';
import type { Database } from './schema.ts';
import { ShadowRepository } from './shadow-repository.ts';
import { SloRepository } from './slo-repository.ts';
import { SnapshotRepository } from './snapshot-repository.ts';
import { VersionInputNames } from './version-input-names.ts';
import { VersionRepository } from './version-repository.ts';

export interface Repositories {
  readonly models: ModelRepository;
  readonly versions: VersionRepository;
  readonly aliases: AliasRepository;
  readonly snapshots: SnapshotRepository;
  readonly artifacts: ArtifactRepository;
  readonly audit: AuditRepository;
  readonly deployments: DeploymentRepository;
  readonly tokens: TokenRepository;
  readonly predictions: PredictionRepository;
  readonly contracts: ContractRepository;
  readonly monitoring: MonitoringRepository;
  readonly feedback: FeedbackRepository;
  readonly labelledReferences: LabelledReferenceRepository;
  readonly events: EventRepository;
  readonly alerts: AlertRepository;
  readonly leases: LeaseRepository;
  readonly alertNotifications: AlertNotificationRepository;
  readonly alertSilences: AlertSilenceRepository;
  readonly rollbacks: RollbackRepository;
  readonly rollouts: RolloutRepository;
  readonly rolloutAnalyses: RolloutAnalysisRepository;
  readonly incidents: IncidentRepository;
  readonly oncall: OncallRepository;
  readonly slos: SloRepository;
  readonly shadows: ShadowRepository;
  readonly reviews: ReviewRepository;
  readonly testRuns: TestRunRepository;
  readonly governance: GovernanceRepository;
  /** Versions' hand-marked sensitive and pii columns (app/privacy). */
  readonly sensitiveColumns: SensitiveColumnRepository;
  /** Versions' global importance, computed at registration (core/explain). */
  readonly importance: ImportanceRepository;
  /** Versions' annotations and stored model cards (core/model-cards). */
  readonly modelCards: ModelCardRepository;
  /** Applied versions of the feature definitions (core/features). */
  readonly featureSets: FeatureSetRepository;
  /** The online store in the store's own database: latest values per view and entity key. */
  readonly onlineFeatures: OnlineFeatureRepository;
  /** Materialisation windows per feature view. */
  readonly materializations: MaterializationRepository;
  /** Pipeline runs and the step cache (core/pipelines). */
  readonly pipelineRuns: PipelineRunRepository;
  /** What versions were made from: training sets and pipeline runs. */
  readonly provenance: ProvenanceRepository;
  readonly dialect: DatabaseTarget['dialect'];
  /** What differs between SQLite and PostgreSQL: row locks, unique-violation errors. */
  readonly adapter: DialectAdapter;
}

export interface Store extends Repositories {
  /** The query builder itself, for maintenance commands and tests that must reach past the repositories. */
  readonly db: Kysely<Database>;
  /** Runs `work` in one transaction: everything it writes commits together or not at all. */
  transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * SQLite files: the database file, which a second connection (the prediction log's thread) can
   * open; undefined for PostgreSQL and an in-memory database, which no other connection can see.
   */
  readonly databaseFile?: string;
  /** SQLite files: what opening replayed from the prediction log's journal (prediction-journal-recovery.ts). */
  readonly journalRecovery?: JournalRecovery;
  /**
   * SQLite files: replays the journal segments of writers that stopped since, so a running server
   * adopts what a crashed process beside it (another server, a command) acknowledged.
   */
  readonly recoverJournals?: () => JournalRecovery;
  /**
   * SQLite files: the groups of a deployment's predictions that live writers (a running server)
   * have acknowledged in the log's journal and not yet moved into the table.
   */
  readonly pendingJournalGroups?: (deployment: string) => Promise<PendingJournalGroup[]>;
}

/** `inputNames`: the store's one cache of versions' feature names, shared with its transactions. */
function repositoriesFor(
  db: Kysely<Database>,
  dialect: DatabaseTarget['dialect'],
  inputNames: Map<string, readonly string[]>,
): Repositories {
  const names = new VersionInputNames(db, inputNames);
  const adapter = dialectAdapter(dialect);
  return {
    dialect,
    adapter,
    models: new ModelRepository(db),
    versions: new VersionRepository(db),
    aliases: new AliasRepository(db),
    snapshots: new SnapshotRepository(db),
    artifacts: new ArtifactRepository(db),
    audit: new AuditRepository(db, adapter),
    deployments: new DeploymentRepository(db),
    tokens: new TokenRepository(db),
    predictions: new PredictionRepository(db, names),
    contracts: new ContractRepository(db),
    monitoring: new MonitoringRepository(db, names),
    feedback: new FeedbackRepository(db, dialect),
    labelledReferences: new LabelledReferenceRepository(db),
    events: new EventRepository(db, dialect),
    alerts: new AlertRepository(db),
    leases: new LeaseRepository(db),
    alertNotifications: new AlertNotificationRepository(db),
    alertSilences: new AlertSilenceRepository(db),
    rollbacks: new RollbackRepository(db),
    rollouts: new RolloutRepository(db),
    rolloutAnalyses: new RolloutAnalysisRepository(db),
    incidents: new IncidentRepository(db),
    oncall: new OncallRepository(db),
    slos: new SloRepository(db),
    shadows: new ShadowRepository(db, names),
    reviews: new ReviewRepository(db),
    testRuns: new TestRunRepository(db),
    governance: new GovernanceRepository(db),
    sensitiveColumns: new SensitiveColumnRepository(db),
    importance: new ImportanceRepository(db),
    modelCards: new ModelCardRepository(db),
    featureSets: new FeatureSetRepository(db),
    onlineFeatures: new OnlineFeatureRepository(db),
    materializations: new MaterializationRepository(db),
    pipelineRuns: new PipelineRunRepository(db),
    provenance: new ProvenanceRepository(db),
  };
}

/** Opens the database named by a URL and brings its schema up to date. */
export async function openStore(url: string, options: OpenOptions & { cwd?: string } = {}): Promise<Store> {
  const target = parseDatabaseUrl(url, options.cwd ?? process.cwd());
  let db: Kysely<Database>;
  let journalRecovery: JournalRecovery | undefined;
  const journalFile = target.dialect === 'sqlite' && target.file !== ':memory:' ? target.file : undefined;
  try {
    db = openDatabase(target, options);
    if (target.dialect === 'postgres' && options.schema) await sql`create schema if not exists ${sql.id(options.schema)}`.execute(db);
    await migrateToLatest(db as unknown as Kysely<unknown>, target.dialect === 'postgres' ? options.schema : undefined);
    // Predictions a stopped server acknowledged but had not moved into the table yet.
    if (journalFile !== undefined) journalRecovery = recoverPredictionJournals(journalFile);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BallastError('store_unavailable', `cannot open database ${redact(url)}: ${redact(reason)}`);
  }
  const inputNames = new Map<string, readonly string[]>();
  const repositories = repositoriesFor(db, target.dialect, inputNames);
  return {
    db,
    ...repositories,
    transaction: (work) => db.transaction().execute((trx) => work(repositoriesFor(trx, target.dialect, inputNames))),
    close: () => db.destroy(),
    ...(journalFile !== undefined ? { databaseFile: journalFile } : {}),
    ...(journalFile !== undefined && journalRecovery !== undefined
      ? {
          journalRecovery,
          recoverJournals: () => recoverPredictionJournals(journalFile),
          pendingJournalGroups: (deployment: string) =>
            pendingJournalGroups(journalFile, deployment, (ids) => repositories.predictions.existingIds(ids)),
        }
      : {}),
  };
}
