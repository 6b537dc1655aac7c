// Apps Script entry points. This file only wires: build.mjs turns each export into a top-level function, and
// appsscript.json names the triggers among them. Action names the cards use are in views/names.ts.
import { apply, composeChanged, insertLink } from './actions/compose';
import { logMessage, logThread } from './actions/message';
import { feedPage, retry } from './actions/navigation';
import { createContact, createDeal, findRecords } from './actions/record-search';
import { addNeverLog, removeNeverLog, saveDefaults } from './actions/settings';
import { insertTemplate } from './actions/templates';
import { showCards } from './cards/responses';
import { composeCard } from './triggers/compose';
import { homeCard } from './triggers/home';
import { messageCard } from './triggers/message';
import { settingsCard } from './triggers/settings';

type Event = GoogleAppsScript.Addons.EventObject;

// Triggers named in appsscript.json.
export const onHomepage = (e: Event) => homeCard(e, '');
export const onGmailCompose = (e: Event) => composeCard(e);
export const onGmailMessage = (e: Event) => messageCard(e);
export const onSettings = (e: Event) => showCards(settingsCard(e, null));

// Card actions.
export const onApply = apply;
export const onComposeChanged = composeChanged;
export const onInsertLink = insertLink;
export const onLogMessage = logMessage;
export const onLogThread = logThread;
export const onRetry = retry;
export const onFeedPage = feedPage;
export const onAddNeverLog = addNeverLog;
export const onRemoveNeverLog = removeNeverLog;
export const onSaveDefaults = saveDefaults;
export const onInsertTemplate = insertTemplate;
export const onFindRecords = findRecords;
export const onCreateDeal = createDeal;
export const onCreateContact = createContact;
