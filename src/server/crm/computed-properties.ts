import { normaliseAddress } from '../../contract/addresses';
import { PIPELINE_PROPERTIES, hasPipelines } from '../../contract/crm';
import { isClosedStage } from '../../contract/crm-pipelines';
import { EmailHeaders, type PropertyProblem } from '../../contract/crm-property-values';
import * as z from 'zod/mini';
import type { CrmCatalogue } from './catalogue';

// The properties mailtrail derives from what a client writes (a deal's closed flags, a record's pipeline, an
// email's sender and recipients), and the pipeline rule HubSpot checks on writes.

/** The properties mailtrail derives, merged with the client's values, for a new record. */
export function withComputed(
  catalogue: CrmCatalogue,
  current: Record<string, string>,
  values: Record<string, string | null>,
  opts: { marketable?: boolean },
): Record<string, string> {
  const changes = computedChanges(catalogue, current, values);
  if (catalogue.type === 'contacts') changes.hs_marketable_status = opts.marketable ? 'true' : 'false';
  return Object.fromEntries(Object.entries(changes).filter((e): e is [string, string] => e[1] !== null));
}

/** The client's changes plus the read-only properties they imply. */
export function computedChanges(
  catalogue: CrmCatalogue,
  current: Record<string, string>,
  values: Record<string, string | null>,
): Record<string, string | null> {
  const { type } = catalogue;
  const changes = { ...values };
  if (hasPipelines(type)) {
    const names = PIPELINE_PROPERTIES[type];
    // A stage names its pipeline (stage ids are unique within a type): a record given only a stage joins its pipeline.
    const stageId = names.stage in values ? values[names.stage] : current[names.stage];
    const stage = stageId ? catalogue.stage(stageId) : undefined;
    if (stage && !(names.pipeline in values) && !current[names.pipeline]) changes[names.pipeline] = stage.pipelineId;
    if (type === 'deals' && ('dealstage' in values || !('hs_is_closed' in current))) {
      changes.hs_is_closed = String(stage ? isClosedStage(stage.metadata) : false);
      changes.hs_is_closed_won = String(
        stage ? isClosedStage(stage.metadata) && Number(stage.metadata.probability) === 1 : false,
      );
    }
  }
  if (type === 'emails' && 'hs_email_headers' in values)
    Object.assign(changes, headerProperties(values.hs_email_headers));
  return changes;
}

/** A stage must belong to the pipeline the record is in, as HubSpot checks. */
export function pipelineProblems(
  catalogue: CrmCatalogue,
  values: Record<string, string | null>,
  creating: boolean,
): PropertyProblem[] {
  const { type } = catalogue;
  if (!hasPipelines(type)) return [];
  const names = PIPELINE_PROPERTIES[type];
  const stageId = values[names.stage];
  const pipelineId = values[names.pipeline];
  const stage = stageId ? catalogue.stage(stageId) : undefined;
  if (stage && pipelineId && stage.pipelineId !== pipelineId)
    return [
      {
        name: names.stage,
        error: 'INVALID_OPTION',
        message: `Stage ${stageId} is in pipeline ${stage.pipelineId}, not in ${pipelineId}: see GET /crm/v3/pipelines/${type}`,
      },
    ];
  if (!creating && pipelineId && !stageId)
    return [
      {
        name: names.stage,
        error: 'REQUIRED_PROPERTY',
        message: `Moving a record to pipeline ${pipelineId} needs a stage of it in ${names.stage}`,
      },
    ];
  return [];
}

/** HubSpot fills the sender and recipient properties of an email from its headers JSON. */
function headerProperties(json: string | null): Record<string, string | null> {
  const parsed = json ? z.safeParse(EmailHeaders, JSON.parse(json)) : undefined;
  const headers = parsed?.success ? parsed.data : {};
  const to = headers.to ?? [];
  const join = (values: (string | undefined)[]) => (values.some(Boolean) ? values.map((v) => v ?? '').join(';') : null);
  return {
    hs_email_from_email: headers.from?.email ? normaliseAddress(headers.from.email) : null,
    hs_email_from_firstname: headers.from?.firstName || null,
    hs_email_from_lastname: headers.from?.lastName || null,
    hs_email_to_email: join(to.map((p) => normaliseAddress(p.email))),
    hs_email_to_firstname: join(to.map((p) => p.firstName)),
    hs_email_to_lastname: join(to.map((p) => p.lastName)),
  };
}
