// CardService enums. Their values are their names, which is what Apps Script's enums print as.

function names<T extends string>(...values: T[]): Readonly<{ [K in T]: K }> {
  return Object.freeze(Object.fromEntries(values.map((v) => [v, v]))) as { [K in T]: K };
}

export const BorderType = names('NO_BORDER', 'STROKE');
export const ComposedEmailType = names('REPLY_AS_DRAFT', 'STANDALONE_DRAFT');
export const ContentType = names('TEXT', 'MUTABLE_HTML', 'IMMUTABLE_HTML');
export const DisplayStyle = names('PEEK', 'REPLACE');
export const GridItemLayout = names('TEXT_BELOW', 'TEXT_ABOVE');
export const HorizontalAlignment = names('START', 'CENTER', 'END');
export const Icon = names(
  'NONE',
  'AIRPLANE',
  'BOOKMARK',
  'BUS',
  'CAR',
  'CLOCK',
  'CONFIRMATION_NUMBER_ICON',
  'DOLLAR',
  'DESCRIPTION',
  'EMAIL',
  'EVENT_PERFORMER',
  'EVENT_SEAT',
  'FLIGHT_ARRIVAL',
  'FLIGHT_DEPARTURE',
  'HOTEL',
  'HOTEL_ROOM_TYPE',
  'INVITE',
  'MAP_PIN',
  'MEMBERSHIP',
  'MULTIPLE_PEOPLE',
  'OFFER',
  'PERSON',
  'PHONE',
  'RESTAURANT_ICON',
  'SHOPPING_CART',
  'STAR',
  'STORE',
  'TICKET',
  'TRAIN',
  'VIDEO_CAMERA',
  'VIDEO_PLAY',
);
export const ImageCropType = names('SQUARE', 'CIRCLE', 'RECTANGLE_CUSTOM', 'RECTANGLE_4_3');
export const ImageStyle = names('SQUARE', 'CIRCLE');
export const InputType = names('TEXT', 'INTEGER', 'FLOAT', 'EMAIL');
export const Interaction = names('INTERACTION_UNSPECIFIED', 'OPEN_DIALOG');
export const LoadIndicator = names('SPINNER', 'NONE');
export const OnClose = names('NOTHING', 'RELOAD', 'RELOAD_ADD_ON');
export const OpenAs = names('FULL_SIZE', 'OVERLAY');
export const SelectionInputType = names('CHECK_BOX', 'RADIO_BUTTON', 'DROPDOWN', 'SWITCH', 'MULTI_SELECT');
export const SwitchControlType = names('SWITCH', 'CHECK_BOX');
export const TextButtonStyle = names('TEXT', 'OUTLINED', 'FILLED', 'FILLED_TONAL', 'BORDERLESS');
export const UpdateDraftBodyType = names('IN_PLACE_INSERT', 'INSERT_AT_START', 'INSERT_AT_END');

export const enums = {
  BorderType,
  ComposedEmailType,
  ContentType,
  DisplayStyle,
  GridItemLayout,
  HorizontalAlignment,
  Icon,
  ImageCropType,
  ImageStyle,
  InputType,
  Interaction,
  LoadIndicator,
  OnClose,
  OpenAs,
  SelectionInputType,
  SwitchControlType,
  TextButtonStyle,
  UpdateDraftBodyType,
};
