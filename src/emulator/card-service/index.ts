// CardService for the emulator: builders whose build() yields google.apps.card.v1 JSON and the HTTP-add-on
// response envelopes, checked against Gmail's limits. One instance per execution, bound to the add-on's realm.
import type { Realm } from '../realm';
import { Action, AuthorizationAction, OpenLink } from './action';
import { AuthorizationException } from './authorization';
import { Check } from '../check';
import { ButtonSet, ImageButton, TextButton } from './buttons';
import { CardAction, CardBuilder, CardHeader, CardSection, FixedFooter } from './card';
import {
  UpdateDraftActionResponseBuilder,
  UpdateDraftBccRecipientsAction,
  UpdateDraftBodyAction,
  UpdateDraftCcRecipientsAction,
  UpdateDraftSubjectAction,
  UpdateDraftToRecipientsAction,
} from './draft';
import { enums } from './enums';
import { BorderStyle, Grid, GridItem, ImageComponent, ImageCropStyle } from './grid';
import {
  DatePicker,
  DateTimePicker,
  SelectionInput,
  Suggestions,
  Switch,
  TextInput,
  TimePicker,
  Validation,
} from './inputs';
import {
  ActionResponseBuilder,
  Navigation,
  Notification,
  SuggestionsResponseBuilder,
  UniversalActionResponseBuilder,
} from './responses';
import { DecoratedText, Divider, IconImage, Image, TextParagraph } from './text';

export { WIRE } from './base';
export { AUTHORIZATION, type AuthorizationRequest } from './authorization';
export type * from './json';

export function createCardService(realm: Realm) {
  const c = new Check(realm);
  return {
    ...enums,
    newAction: () => new Action(c),
    newActionResponseBuilder: () => new ActionResponseBuilder(c),
    newAuthorizationAction: () => new AuthorizationAction(c),
    newAuthorizationException: () => new AuthorizationException(c),
    newBorderStyle: () => new BorderStyle(c),
    newButtonSet: () => new ButtonSet(c),
    newCardAction: () => new CardAction(c),
    newCardBuilder: () => new CardBuilder(c),
    newCardHeader: () => new CardHeader(c),
    newCardSection: () => new CardSection(c),
    newDatePicker: () => new DatePicker(c),
    newDateTimePicker: () => new DateTimePicker(c),
    newDecoratedText: () => new DecoratedText(c),
    newDivider: () => new Divider(),
    newFixedFooter: () => new FixedFooter(c),
    newGrid: () => new Grid(c),
    newGridItem: () => new GridItem(c),
    newIconImage: () => new IconImage(c),
    newImage: () => new Image(c),
    newImageButton: () => new ImageButton(c),
    newImageComponent: () => new ImageComponent(c),
    newImageCropStyle: () => new ImageCropStyle(c),
    newNavigation: () => new Navigation(c),
    newNotification: () => new Notification(c),
    newOpenLink: () => new OpenLink(c),
    newSelectionInput: () => new SelectionInput(c),
    newSuggestions: () => new Suggestions(c),
    newSuggestionsResponseBuilder: () => new SuggestionsResponseBuilder(c),
    newSwitch: () => new Switch(c),
    newTextButton: () => new TextButton(c),
    newTextInput: () => new TextInput(c),
    newTextParagraph: () => new TextParagraph(c),
    newTimePicker: () => new TimePicker(c),
    newUniversalActionResponseBuilder: () => new UniversalActionResponseBuilder(c),
    newUpdateDraftActionResponseBuilder: () => new UpdateDraftActionResponseBuilder(c),
    newUpdateDraftBccRecipientsAction: () => new UpdateDraftBccRecipientsAction(c),
    newUpdateDraftBodyAction: () => new UpdateDraftBodyAction(c),
    newUpdateDraftCcRecipientsAction: () => new UpdateDraftCcRecipientsAction(c),
    newUpdateDraftSubjectAction: () => new UpdateDraftSubjectAction(c),
    newUpdateDraftToRecipientsAction: () => new UpdateDraftToRecipientsAction(c),
    newValidation: () => new Validation(c),
    // In @types/google-apps-script but outside what mailtrail needs in Gmail: fail loudly rather than half-work.
    newAttachment: (): never => c.notEmulated('CardService.newAttachment', 'Calendar only'),
    newCalendarEventActionResponseBuilder: (): never =>
      c.notEmulated('CardService.newCalendarEventActionResponseBuilder', 'Calendar only'),
    newComposeActionResponseBuilder: (): never => c.notEmulated('CardService.newComposeActionResponseBuilder'),
    newDriveItemsSelectedActionResponseBuilder: (): never =>
      c.notEmulated('CardService.newDriveItemsSelectedActionResponseBuilder', 'Drive only'),
    newEditorFileScopeActionResponseBuilder: (): never =>
      c.notEmulated('CardService.newEditorFileScopeActionResponseBuilder', 'editors only'),
    newKeyValue: (): never => c.notEmulated('CardService.newKeyValue', 'deprecated; use newDecoratedText'),
    newLinkPreview: (): never => c.notEmulated('CardService.newLinkPreview', 'Docs, Sheets and Slides only'),
    newMaterialIcon: (): never =>
      c.notEmulated('CardService.newMaterialIcon', 'material icons are unavailable for Workspace add-ons'),
  };
}

export type CardService = ReturnType<typeof createCardService>;
