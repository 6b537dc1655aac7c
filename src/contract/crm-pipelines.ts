import * as z from 'zod/mini';
import { ObjectTypeParam, hasPipelines, type PipelineObjectType } from './crm';
import { DEAL_STAGES, TICKET_STAGES } from './crm-properties';

/**
 * Pipelines and their stages, HubSpot's `/crm/v3/pipelines/{objectType}`. An account starts with the pipelines HubSpot
 * creates (deals: `default`, "Sales Pipeline"; tickets: `0`, "Support Pipeline") and may rename, reorder and add to
 * them. Stage metadata is a string map: deals carry `probability` and `isClosed`, tickets `ticketState`.
 */
export type StageMetadata = Record<string, string>;
export type PipelineStageDef = { id: string; label: string; displayOrder: number; metadata: StageMetadata };
export type PipelineDef = { id: string; label: string; displayOrder: number; stages: PipelineStageDef[] };

const DEAL_PROBABILITIES: Record<string, string> = {
  appointmentscheduled: '0.2',
  qualifiedtobuy: '0.4',
  presentationscheduled: '0.6',
  decisionmakerboughtin: '0.8',
  contractsent: '0.9',
  closedwon: '1.0',
  closedlost: '0.0',
};

export const DEFAULT_PIPELINES: Record<PipelineObjectType, PipelineDef> = {
  deals: {
    id: 'default',
    label: 'Sales Pipeline',
    displayOrder: 0,
    stages: DEAL_STAGES.map((s, i) => ({
      id: s.value,
      label: s.label,
      displayOrder: i,
      metadata: {
        isClosed: String(s.value === 'closedwon' || s.value === 'closedlost'),
        probability: DEAL_PROBABILITIES[s.value],
      },
    })),
  },
  tickets: {
    id: '0',
    label: 'Support Pipeline',
    displayOrder: 0,
    stages: TICKET_STAGES.map((s, i) => ({
      id: s.value,
      label: s.label,
      displayOrder: i,
      metadata: { ticketState: s.value === '4' ? 'CLOSED' : 'OPEN' },
    })),
  },
};

/** Whether a stage ends its record's work: a closed deal (won or lost), a closed ticket. */
export function isClosedStage(metadata: StageMetadata): boolean {
  return metadata.isClosed === 'true' || metadata.ticketState === 'CLOSED';
}

// ---------------------------------------------------------------------------------------------------------------
// Wire shapes.

export const PipelineTypeParam = z.pipe(
  ObjectTypeParam,
  z.transform((type, ctx) => {
    if (hasPipelines(type)) return type;
    ctx.issues.push({ code: 'custom', input: type, message: `${type} have no pipelines: deals and tickets do` });
    return z.NEVER;
  }),
);

export const PipelineStage = z.object({
  id: z.string(),
  label: z.string(),
  displayOrder: z.int(),
  metadata: z.record(z.string(), z.string()),
  writePermissions: z.literal('CRM_PERMISSIONS_ENFORCEMENT'),
  archived: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PipelineStage = z.infer<typeof PipelineStage>;

export const Pipeline = z.object({
  id: z.string(),
  label: z.string(),
  displayOrder: z.int(),
  stages: z.array(PipelineStage),
  archived: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Pipeline = z.infer<typeof Pipeline>;

const Label = z.string().check(z.minLength(1), z.maxLength(100));
const Metadata = z.record(z.string().check(z.maxLength(100)), z.string().check(z.maxLength(100)));

export const PipelineStageInput = z.object({ label: Label, displayOrder: z.int(), metadata: Metadata });
export const PipelineStagePatch = z.object({
  label: z.optional(Label),
  displayOrder: z.optional(z.int()),
  metadata: z.optional(Metadata),
  archived: z.optional(z.boolean()),
});
export const PipelineInput = z.object({
  label: Label,
  displayOrder: z.int(),
  stages: z.array(PipelineStageInput).check(z.minLength(1), z.maxLength(100)),
});
export const PipelinePatch = z.object({
  label: z.optional(Label),
  displayOrder: z.optional(z.int()),
  archived: z.optional(z.boolean()),
});

export const PipelineParams = z.object({
  objectType: PipelineTypeParam,
  pipelineId: z.string().check(z.maxLength(100)),
});
export const StageParams = z.object({
  objectType: PipelineTypeParam,
  pipelineId: z.string().check(z.maxLength(100)),
  stageId: z.string().check(z.maxLength(100)),
});
