/**
 * What a registered version was made from beyond its training snapshot, so its lineage reaches the
 * feature definitions, the sources' exact bytes and the pipeline run that produced it.
 */

export interface TrainingSetProvenance {
  /** The applied feature definitions' version the training set was built with. */
  readonly featureSetVersion: number;
  /** The features asked for, as `view:feature`. */
  readonly features: readonly string[];
  /** sha256 of the entity file's bytes. */
  readonly entitiesSha256: string;
  /** sha256 of each source file read, by source name (a table source: of its rows' canonical JSON). */
  readonly sources: Readonly<Record<string, string>>;
}

export interface VersionProvenance {
  readonly versionId: string;
  readonly trainingSet: TrainingSetProvenance | null;
  readonly pipelineRunId: string | null;
  readonly pipelineStep: string | null;
}
