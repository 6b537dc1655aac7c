// The JSON the builders produce. Card parts use Google's own card v1 types (from @googleapis/chat), so every field
// the emulator emits is one Google defines; the response envelopes are the HTTP add-on wire shape (RenderActions).
import type { chat_v1 } from '@googleapis/chat';

export type CardJson = chat_v1.Schema$GoogleAppsCardV1Card;
export type CardHeaderJson = chat_v1.Schema$GoogleAppsCardV1CardHeader;
export type SectionJson = chat_v1.Schema$GoogleAppsCardV1Section;
export type WidgetJson = chat_v1.Schema$GoogleAppsCardV1Widget;
export type ActionJson = chat_v1.Schema$GoogleAppsCardV1Action;
export type OnClickJson = chat_v1.Schema$GoogleAppsCardV1OnClick;
export type OpenLinkJson = chat_v1.Schema$GoogleAppsCardV1OpenLink;
export type ButtonJson = chat_v1.Schema$GoogleAppsCardV1Button;
export type IconJson = chat_v1.Schema$GoogleAppsCardV1Icon;
export type ColorJson = chat_v1.Schema$Color;
export type DecoratedTextJson = chat_v1.Schema$GoogleAppsCardV1DecoratedText;
export type SwitchControlJson = chat_v1.Schema$GoogleAppsCardV1SwitchControl;
export type TextInputJson = chat_v1.Schema$GoogleAppsCardV1TextInput;
export type SuggestionsJson = chat_v1.Schema$GoogleAppsCardV1Suggestions;
export type SelectionInputJson = chat_v1.Schema$GoogleAppsCardV1SelectionInput;
export type SelectionItemJson = chat_v1.Schema$GoogleAppsCardV1SelectionItem;
export type DateTimePickerJson = chat_v1.Schema$GoogleAppsCardV1DateTimePicker;
export type ImageJson = chat_v1.Schema$GoogleAppsCardV1Image;
export type GridJson = chat_v1.Schema$GoogleAppsCardV1Grid;
export type GridItemJson = chat_v1.Schema$GoogleAppsCardV1GridItem;
export type ImageComponentJson = chat_v1.Schema$GoogleAppsCardV1ImageComponent;
export type ImageCropStyleJson = chat_v1.Schema$GoogleAppsCardV1ImageCropStyle;
export type BorderStyleJson = chat_v1.Schema$GoogleAppsCardV1BorderStyle;
export type CardActionJson = chat_v1.Schema$GoogleAppsCardV1CardAction;
export type FixedFooterJson = chat_v1.Schema$GoogleAppsCardV1CardFixedFooter;
export type ValidationJson = chat_v1.Schema$GoogleAppsCardV1Validation;

// RenderActions (google.apps.card.v1) and the Gmail host action (apps.extensions.markup): no npm package types them.
export type NavigationJson =
  { pushCard: CardJson } | { updateCard: CardJson } | { pop: true } | { popToRoot: true } | { popToCard: string };

export interface RenderActionJson {
  navigations?: NavigationJson[];
  notification?: { text: string };
  link?: OpenLinkJson;
}

export type RecipientJson = { email: string };
export type InsertContentJson = { content: string; contentType: 'TEXT' | 'MUTABLE_HTML' | 'IMMUTABLE_HTML' };

export interface UpdateDraftActionMarkupJson {
  updateBody?: { insertContents: InsertContentJson[]; type: 'IN_PLACE_INSERT' | 'INSERT_AT_START' | 'INSERT_AT_END' };
  updateSubject?: { subject: string };
  updateToRecipients?: { toRecipients: RecipientJson[] };
  updateCcRecipients?: { ccRecipients: RecipientJson[] };
  updateBccRecipients?: { bccRecipients: RecipientJson[] };
}

export interface RenderActionsJson {
  action?: RenderActionJson;
  hostAppAction?: { gmailAction: { updateDraftActionMarkup: UpdateDraftActionMarkupJson } };
}

/** What a homepage, contextual or compose trigger returns: its cards pushed in order. */
export type TriggerResponseJson = { action: { navigations: { pushCard: CardJson }[] } };
/** What a card action or universal action returns. */
export type ActionResponseJson = { renderActions: RenderActionsJson };
/** What a suggestions (autocomplete) action returns: google.apps.card.v1 GetAutocompletionResponse. */
export type SuggestionsResponseJson = { autoComplete: SuggestionsJson };
/** What an AuthorizationException becomes: google.apps.card.v1 AuthorizationError. */
export type AuthorizationErrorJson =
  | { basicAuthorizationPrompt: { authorizationUrl: string; resource?: string } }
  | { customAuthorizationPrompt: RenderActionsJson };

export type ResponseJson = TriggerResponseJson | ActionResponseJson | SuggestionsResponseJson | AuthorizationErrorJson;
