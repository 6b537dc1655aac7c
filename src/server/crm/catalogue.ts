import { PIPELINE_PROPERTIES, hasPipelines, type ObjectType } from '../../contract/crm';
import { PROPERTY_CATALOGUE, type PropertyDefinition } from '../../contract/crm-properties';
import type { AccountScope } from '../store';
import type { StoredPipeline, StoredStage } from '../store/crm-pipelines';

/**
 * The properties one account's records of one type have: HubSpot's fixed catalogue (src/contract/crm-properties.ts),
 * with the pipeline and stage options taken from the account's pipelines, and the custom properties the account
 * created. Everything that checks, searches or describes properties reads it, so a custom property or a new stage
 * works everywhere at once.
 */
export class CrmCatalogue {
  private readonly byName: Map<string, PropertyDefinition>;

  private constructor(
    readonly type: ObjectType,
    readonly definitions: PropertyDefinition[],
    readonly pipelines: StoredPipeline[],
  ) {
    this.byName = new Map(definitions.map((d) => [d.name, d]));
  }

  static async load(scope: AccountScope, type: ObjectType): Promise<CrmCatalogue> {
    const [custom, pipelines] = await Promise.all([
      scope.properties.list(type),
      hasPipelines(type) ? scope.pipelines.list(type) : Promise.resolve([]),
    ]);
    const names = hasPipelines(type) ? PIPELINE_PROPERTIES[type] : undefined;
    const live = pipelines.filter((p) => p.archivedAt === null);
    const fixed = PROPERTY_CATALOGUE[type].map((def) => {
      if (def.name === names?.pipeline) return { ...def, options: live.map((p) => ({ value: p.id, label: p.label })) };
      if (def.name === names?.stage)
        return {
          ...def,
          options: live.flatMap((p) =>
            p.stages.filter((s) => s.archivedAt === null).map((s) => ({ value: s.id, label: s.label })),
          ),
        };
      return def;
    });
    return new CrmCatalogue(type, [...fixed, ...custom.map((c) => c.definition)], pipelines);
  }

  definition(name: string): PropertyDefinition | undefined {
    return this.byName.get(name);
  }

  /** A live stage of a live pipeline of this type, by id (stage ids are unique within a type). */
  stage(id: string): StoredStage | undefined {
    for (const p of this.pipelines) {
      if (p.archivedAt !== null) continue;
      const stage = p.stages.find((s) => s.id === id && s.archivedAt === null);
      if (stage) return stage;
    }
    return undefined;
  }

  /** The pipeline a new record goes to when it names none: the first in display order. */
  get defaultPipeline(): StoredPipeline | undefined {
    return this.pipelines.find((p) => p.archivedAt === null);
  }
}
