// Names of the inputs and action parameters of "reach any record" (P1), shared by the cards that emit them and the
// actions (and Apply, Log) that read them back.

export const RECORD_FIELD = {
  query: 'recordQuery',
  kind: 'recordKind',
  /** The search's results, ticked to be logged to as well. */
  found: 'foundRecords',
  dealName: 'dealName',
  dealStage: 'dealStage',
  dealAmount: 'dealAmount',
  dealCloseDate: 'dealCloseDate',
  firstName: 'contactFirstName',
  lastName: 'contactLastName',
  email: 'contactEmail',
  company: 'contactCompany',
} as const;

export const RECORD_PARAM = {
  /** JSON of the records added to the card (found, then kept; or created) and of the last search's results. */
  records: 'records',
  /** Which card the tools are on. */
  card: 'card',
  draftKey: 'draftKey',
} as const;
