// Names shared by the cards that emit them and the actions that read them back. The action names are the
// functions exported by main.ts (build.mjs makes each a top-level Apps Script function).

export const ACTION = {
  apply: 'onApply',
  composeChanged: 'onComposeChanged',
  insertLink: 'onInsertLink',
  logMessage: 'onLogMessage',
  logThread: 'onLogThread',
  retry: 'onRetry',
  feedPage: 'onFeedPage',
  addNeverLog: 'onAddNeverLog',
  removeNeverLog: 'onRemoveNeverLog',
  saveDefaults: 'onSaveDefaults',
  insertTemplate: 'onInsertTemplate',
  findRecords: 'onFindRecords',
  createDeal: 'onCreateDeal',
  createContact: 'onCreateContact',
} as const;

export const FIELD = {
  track: 'track',
  log: 'log',
  associations: 'associations',
  createContacts: 'createContacts',
  linkUrl: 'linkUrl',
  linkText: 'linkText',
  neverLogEntry: 'neverLogEntry',
  neverLogTicked: 'neverLogTicked',
  trackDefault: 'trackDefault',
  logDefault: 'logDefault',
  template: 'template',
  reminder: 'reminder',
  reminderDays: 'reminderDays',
} as const;

/** The value a ticked switch or checkbox sends. */
export const ON = 'on';
