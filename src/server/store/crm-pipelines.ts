import type { PipelineObjectType } from '../../contract/crm';
import { DEFAULT_PIPELINES, type StageMetadata } from '../../contract/crm-pipelines';
import { readJson } from './dialect';
import type { AccountScope } from './scope';

export type StoredStage = {
  pipelineId: string;
  id: string;
  label: string;
  displayOrder: number;
  metadata: StageMetadata;
  createdAt: number;
  updatedAt: number;
  archivedAt: number | null;
};
export type StoredPipeline = {
  id: string;
  label: string;
  displayOrder: number;
  createdAt: number;
  updatedAt: number;
  archivedAt: number | null;
  stages: StoredStage[];
};

class StageIdTaken extends Error {}

/** HubSpot's default pipeline of a type, as an account that never changed it has it. */
function defaultPipeline(type: PipelineObjectType): StoredPipeline {
  const def = DEFAULT_PIPELINES[type];
  const common = { createdAt: 0, updatedAt: 0, archivedAt: null };
  return {
    ...common,
    id: def.id,
    label: def.label,
    displayOrder: def.displayOrder,
    stages: def.stages.map((st) => ({ ...common, ...st, pipelineId: def.id })),
  };
}

/**
 * An account's pipelines and stages for deals and tickets. Every account starts with the pipeline HubSpot creates
 * for each type; it is stored on the account's first change to that type's pipelines.
 */
export class PipelinesRepo {
  constructor(private readonly scope: AccountScope) {}

  private get db() {
    return this.scope.db;
  }

  /**
   * Every pipeline of the type with its stages (archived ones included), in display order. An account that never
   * changed them has HubSpot's default, which a read does not write: the first change does (`stored`).
   */
  async list(type: PipelineObjectType): Promise<StoredPipeline[]> {
    return (await this.listTypes([type]))[type];
  }

  /** `list` of several types in one read (the sidebar's cards show deal and ticket stages together). */
  async listTypes<T extends PipelineObjectType>(types: T[]): Promise<Record<T, StoredPipeline[]>> {
    const read = await this.read(types);
    return Object.fromEntries(
      types.map((type) => {
        const pipelines = read.filter((p) => p.type === type).map(({ type: _, ...p }) => p);
        return [type, pipelines.length ? pipelines : [defaultPipeline(type)]];
      }),
    ) as Record<T, StoredPipeline[]>;
  }

  /** Writes the default pipeline when the account has none stored yet, before a change. */
  private async stored(type: PipelineObjectType): Promise<void> {
    if (!(await this.read([type])).length) await this.writeDefault(type);
  }

  private async read(types: PipelineObjectType[]): Promise<(StoredPipeline & { type: PipelineObjectType })[]> {
    const [pipelines, stages] = await Promise.all([
      this.db
        .selectFrom('crm_pipelines')
        .selectAll()
        .where('account_id', '=', this.scope.accountId)
        .where('object_type', 'in', types)
        .orderBy('display_order')
        .orderBy('pipeline_id')
        .execute(),
      this.db
        .selectFrom('crm_pipeline_stages')
        .selectAll()
        .where('account_id', '=', this.scope.accountId)
        .where('object_type', 'in', types)
        .orderBy('display_order')
        .orderBy('stage_id')
        .execute(),
    ]);
    return pipelines.map((p) => ({
      type: p.object_type as PipelineObjectType,
      id: p.pipeline_id,
      label: p.label,
      displayOrder: p.display_order,
      createdAt: Number(p.created_at),
      updatedAt: Number(p.updated_at),
      archivedAt: p.archived_at === null ? null : Number(p.archived_at),
      stages: stages
        .filter((s) => s.object_type === p.object_type && s.pipeline_id === p.pipeline_id)
        .map((s) => ({
          pipelineId: s.pipeline_id,
          id: s.stage_id,
          label: s.label,
          displayOrder: s.display_order,
          metadata: readJson<StageMetadata>(s.metadata),
          createdAt: Number(s.created_at),
          updatedAt: Number(s.updated_at),
          archivedAt: s.archived_at === null ? null : Number(s.archived_at),
        })),
    }));
  }

  private async writeDefault(type: PipelineObjectType): Promise<void> {
    const def = DEFAULT_PIPELINES[type];
    await this.create(type, def.id, def);
  }

  /** Writes a pipeline with its stages; a stage id another pipeline of the type has is refused (false). */
  async create(
    type: PipelineObjectType,
    pipelineId: string,
    input: {
      label: string;
      displayOrder: number;
      stages: { id: string; label: string; displayOrder: number; metadata: StageMetadata }[];
    },
  ): Promise<boolean> {
    const now = Date.now();
    if (pipelineId !== DEFAULT_PIPELINES[type].id) await this.stored(type);
    return this.scope
      .transaction(async (tx) => {
        const inserted = await tx.db
          .insertInto('crm_pipelines')
          .values({
            account_id: tx.accountId,
            object_type: type,
            pipeline_id: pipelineId,
            label: input.label,
            display_order: input.displayOrder,
            created_at: now,
            updated_at: now,
            archived_at: null,
          })
          .onConflict((oc) => oc.columns(['account_id', 'object_type', 'pipeline_id']).doNothing())
          .returning('pipeline_id')
          .execute();
        if (!inserted.length) return false;
        for (const stage of input.stages)
          // Thrown, not returned: the pipeline row written above must go too.
          if (!(await new PipelinesRepo(tx).insertStage(type, pipelineId, stage, now))) throw new StageIdTaken();
        return true;
      })
      .catch((err: unknown) => {
        if (err instanceof StageIdTaken) return false;
        throw err;
      });
  }

  private async insertStage(
    type: PipelineObjectType,
    pipelineId: string,
    stage: { id: string; label: string; displayOrder: number; metadata: StageMetadata },
    now: number,
  ): Promise<boolean> {
    const inserted = await this.db
      .insertInto('crm_pipeline_stages')
      .values({
        account_id: this.scope.accountId,
        object_type: type,
        pipeline_id: pipelineId,
        stage_id: stage.id,
        label: stage.label,
        display_order: stage.displayOrder,
        metadata: JSON.stringify(stage.metadata),
        created_at: now,
        updated_at: now,
        archived_at: null,
      })
      .onConflict((oc) => oc.columns(['account_id', 'object_type', 'stage_id']).doNothing())
      .returning('stage_id')
      .execute();
    return inserted.length > 0;
  }

  /** Adds a stage to a pipeline; false when the stage id is taken. */
  async addStage(
    type: PipelineObjectType,
    pipelineId: string,
    stage: { id: string; label: string; displayOrder: number; metadata: StageMetadata },
  ): Promise<boolean> {
    await this.stored(type);
    return this.insertStage(type, pipelineId, stage, Date.now());
  }

  async updatePipeline(
    type: PipelineObjectType,
    pipelineId: string,
    changes: { label?: string; displayOrder?: number; archived?: boolean },
  ): Promise<boolean> {
    await this.stored(type);
    const now = Date.now();
    const result = await this.db
      .updateTable('crm_pipelines')
      .set({
        ...(changes.label !== undefined && { label: changes.label }),
        ...(changes.displayOrder !== undefined && { display_order: changes.displayOrder }),
        ...(changes.archived !== undefined && { archived_at: changes.archived ? now : null }),
        updated_at: now,
      })
      .where('account_id', '=', this.scope.accountId)
      .where('object_type', '=', type)
      .where('pipeline_id', '=', pipelineId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async updateStage(
    type: PipelineObjectType,
    pipelineId: string,
    stageId: string,
    changes: { label?: string; displayOrder?: number; metadata?: StageMetadata; archived?: boolean },
  ): Promise<boolean> {
    await this.stored(type);
    const now = Date.now();
    const result = await this.db
      .updateTable('crm_pipeline_stages')
      .set({
        ...(changes.label !== undefined && { label: changes.label }),
        ...(changes.displayOrder !== undefined && { display_order: changes.displayOrder }),
        ...(changes.metadata !== undefined && { metadata: JSON.stringify(changes.metadata) }),
        ...(changes.archived !== undefined && { archived_at: changes.archived ? now : null }),
        updated_at: now,
      })
      .where('account_id', '=', this.scope.accountId)
      .where('object_type', '=', type)
      .where('pipeline_id', '=', pipelineId)
      .where('stage_id', '=', stageId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
