// Form inputs: TextInput (+ Suggestions, Validation), SelectionInput, Switch and the date/time pickers.
// Each needs a field name: it is the key of the value in the event's formInputs.
import { Action } from './action';
import { Check } from '../check';
import { compact, type EnumArg } from './base';
import { InputType, SelectionInputType, SwitchControlType } from './enums';
import type {
  ActionJson,
  DateTimePickerJson,
  SelectionItemJson,
  SuggestionsJson,
  SwitchControlJson,
  ValidationJson,
  WidgetJson,
} from './json';
import { MAX_SELECTION_ITEMS } from './limits';
import { Widget } from './widget';

function fieldName(c: Check, at: string, kind: string, name: string | undefined): string {
  if (!name) c.fail(`${at}: a ${kind} needs a field name (setFieldName); its value reaches actions under that name`);
  return name;
}

export class Suggestions {
  private readonly items: string[] = [];
  constructor(private readonly c: Check) {}

  addSuggestion(suggestion: string): this {
    this.items.push(this.c.text('suggestion', suggestion));
    return this;
  }
  addSuggestions(suggestions: string[]): this {
    if (!Array.isArray(suggestions)) this.c.fail('Invalid argument: suggestions (expected an array of strings)');
    suggestions.forEach((s) => this.addSuggestion(s));
    return this;
  }
  suggestionsJson(): SuggestionsJson {
    return { items: this.items.map((text) => ({ text })) };
  }
}

export class Validation {
  private characterLimit?: number;
  private inputType?: keyof typeof InputType;
  constructor(private readonly c: Check) {}

  setCharacterLimit(characterLimit: number): this {
    this.characterLimit = this.c.int('characterLimit', characterLimit, 1);
    return this;
  }
  setInputType(inputType: EnumArg): this {
    this.inputType = this.c.oneOf('inputType', inputType, InputType);
    return this;
  }
  validationJson(): ValidationJson {
    return compact<ValidationJson>({ characterLimit: this.characterLimit, inputType: this.inputType });
  }
}

/** What the form-input widgets share: the field name, a title and an on-change action. */
abstract class Input extends Widget {
  private name?: string;
  protected title?: string;
  private onChange?: Action;

  constructor(protected readonly c: Check) {
    super();
  }

  setFieldName(fieldName: string): this {
    this.name = this.c.text('fieldName', fieldName);
    return this;
  }
  setTitle(title: string): this {
    this.title = this.c.text('title', title);
    return this;
  }
  setOnChangeAction(action: Action): this {
    this.onChange = this.c.instance('action', action, Action, 'an Action');
    return this;
  }

  protected fieldName(at: string): string {
    return fieldName(this.c, at, this.kind, this.name);
  }
  protected onChangeJson(at: string): ActionJson | undefined {
    return this.onChange?.toJson(`${at} › on change`);
  }
}

export class TextInput extends Input {
  readonly kind = 'TextInput';
  private hint?: string;
  private value?: string;
  private multiline?: boolean;
  private suggestions?: Suggestions;
  private suggestionsAction?: Action;
  private validation?: Validation;

  setHint(hint: string): this {
    this.hint = this.c.text('hint', hint);
    return this;
  }
  setValue(value: string): this {
    this.value = this.c.text('value', value);
    return this;
  }
  setMultiline(multiline: boolean): this {
    this.multiline = this.c.bool('multiline', multiline);
    return this;
  }
  setSuggestions(suggestions: Suggestions): this {
    this.suggestions = this.c.instance('suggestions', suggestions, Suggestions, 'a Suggestions');
    return this;
  }
  setSuggestionsAction(suggestionsAction: Action): this {
    this.suggestionsAction = this.c.instance('suggestionsAction', suggestionsAction, Action, 'an Action');
    return this;
  }
  setValidation(validation: Validation): this {
    this.validation = this.c.instance('validation', validation, Validation, 'a Validation');
    return this;
  }

  widgetJson(at: string): WidgetJson {
    const name = this.fieldName(at);
    // card v1: "label … Required if hintText is unspecified."
    if (!this.title && !this.hint) this.c.fail(`${at}: a TextInput needs a title or a hint (setTitle or setHint)`);
    return {
      textInput: compact({
        name,
        label: this.title,
        hintText: this.hint,
        value: this.value,
        type: this.multiline === undefined ? undefined : this.multiline ? 'MULTIPLE_LINE' : 'SINGLE_LINE',
        onChangeAction: this.onChangeJson(at),
        initialSuggestions: this.suggestions?.suggestionsJson(),
        autoCompleteAction: this.suggestionsAction?.toJson(`${at} › suggestions action`),
        validation: this.validation?.validationJson(),
      }),
    };
  }
}

export class SelectionInput extends Input {
  readonly kind = 'SelectionInput';
  private type: keyof typeof SelectionInputType = 'CHECK_BOX';
  private readonly items: SelectionItemJson[] = [];
  private maxSelected?: number;
  private minQueryLength?: number;
  private externalDataSource = false;

  setType(type: EnumArg): this {
    this.type = this.c.oneOf('type', type, SelectionInputType);
    return this;
  }
  addItem(text: unknown, value: unknown, selected: boolean): this {
    this.items.push({
      text: this.c.text('text', text),
      value: this.c.text('value', value),
      selected: this.c.bool('selected', selected),
    });
    return this;
  }
  addMultiSelectItem(text: string, value: string, selected: boolean, startIconUri: string, bottomText: string): this {
    this.items.push(
      compact<SelectionItemJson>({
        text: this.c.text('text', text),
        value: this.c.text('value', value),
        selected: this.c.bool('selected', selected),
        startIconUri: startIconUri == null ? undefined : this.c.url('startIconUri', startIconUri),
        bottomText: bottomText == null ? undefined : this.c.text('bottomText', bottomText),
      }),
    );
    return this;
  }
  setMultiSelectMaxSelectedItems(maxSelectedItems: number): this {
    this.maxSelected = this.c.int('maxSelectedItems', maxSelectedItems, 1);
    return this;
  }
  setMultiSelectMinQueryLength(queryLength: number): this {
    this.minQueryLength = this.c.int('queryLength', queryLength, 0);
    return this;
  }
  setExternalDataSource(_action: Action): this {
    this.externalDataSource = true;
    return this;
  }

  widgetJson(at: string): WidgetJson {
    const name = this.fieldName(at);
    if (this.externalDataSource)
      this.c.fail(
        `${at}: setExternalDataSource is for Chat apps; a Gmail add-on's selection input takes static items only`,
      );
    if (this.items.length === 0) this.c.fail(`${at}: a SelectionInput needs at least one item (addItem)`);
    if (this.items.length > MAX_SELECTION_ITEMS)
      this.c.fail(
        `${at}: a SelectionInput takes at most ${MAX_SELECTION_ITEMS} items; this one has ${this.items.length}`,
      );
    return {
      selectionInput: compact({
        name,
        label: this.title,
        type: this.type,
        items: this.items.map((item) => ({ ...item })),
        onChangeAction: this.onChangeJson(at),
        multiSelectMaxSelectedItems: this.maxSelected,
        multiSelectMinQueryLength: this.minQueryLength,
      }),
    };
  }
}

/** Only valid inside a DecoratedText (setSwitchControl), as in card v1. */
export class Switch {
  private name?: string;
  private value?: string;
  private selected?: boolean;
  private controlType?: keyof typeof SwitchControlType;
  private onChange?: Action;

  constructor(private readonly c: Check) {}

  setFieldName(fieldName: string): this {
    this.name = this.c.text('fieldName', fieldName);
    return this;
  }
  setValue(value: string): this {
    this.value = this.c.text('value', value);
    return this;
  }
  setSelected(selected: boolean): this {
    this.selected = this.c.bool('selected', selected);
    return this;
  }
  setControlType(type: EnumArg): this {
    this.controlType = this.c.oneOf('type', type, SwitchControlType);
    return this;
  }
  setOnChangeAction(action: Action): this {
    this.onChange = this.c.instance('action', action, Action, 'an Action');
    return this;
  }

  switchJson(at: string): SwitchControlJson {
    return compact<SwitchControlJson>({
      name: fieldName(this.c, at, 'Switch', this.name),
      value: this.value,
      selected: this.selected,
      controlType: this.controlType,
      onChangeAction: this.onChange?.toJson(`${at} › on change`),
    });
  }
}

type PickerType = 'DATE_AND_TIME' | 'DATE_ONLY' | 'TIME_ONLY';

abstract class Picker extends Input {
  protected valueMs?: number;
  protected offsetMins?: number;

  constructor(
    c: Check,
    readonly kind: string,
    private readonly type: PickerType,
  ) {
    super(c);
  }

  widgetJson(at: string): WidgetJson {
    const json: DateTimePickerJson = compact({
      name: this.fieldName(at),
      label: this.title,
      type: this.type,
      // int64 in proto JSON is a string.
      valueMsEpoch: this.valueMs === undefined ? undefined : String(this.valueMs),
      timezoneOffsetDate: this.offsetMins,
      onChangeAction: this.onChangeJson(at),
    });
    return { dateTimePicker: json };
  }
}

function msArg(c: Check, value: unknown): number {
  const ms = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  return c.int('valueMsEpoch', ms);
}

export class DateTimePicker extends Picker {
  constructor(c: Check) {
    super(c, 'DateTimePicker', 'DATE_AND_TIME');
  }
  setValueInMsSinceEpoch(valueMsEpoch: number | string): this {
    this.valueMs = msArg(this.c, valueMsEpoch);
    return this;
  }
  setTimeZoneOffsetInMins(timeZoneOffsetMins: number): this {
    this.offsetMins = this.c.int('timeZoneOffsetMins', timeZoneOffsetMins);
    return this;
  }
}

export class DatePicker extends Picker {
  constructor(c: Check) {
    super(c, 'DatePicker', 'DATE_ONLY');
  }
  setValueInMsSinceEpoch(valueMsEpoch: number | string): this {
    this.valueMs = msArg(this.c, valueMsEpoch);
    return this;
  }
}

export class TimePicker extends Picker {
  private hours?: number;
  private minutes?: number;
  constructor(c: Check) {
    super(c, 'TimePicker', 'TIME_ONLY');
  }
  setHours(hours: number): this {
    this.hours = this.c.int('hours', hours, 0);
    if (this.hours > 23) this.c.fail('Invalid argument: hours (0 to 23)');
    this.valueMs = ((this.hours ?? 0) * 60 + (this.minutes ?? 0)) * 60_000;
    return this;
  }
  setMinutes(minutes: number): this {
    this.minutes = this.c.int('minutes', minutes, 0);
    if (this.minutes > 59) this.c.fail('Invalid argument: minutes (0 to 59)');
    this.valueMs = ((this.hours ?? 0) * 60 + (this.minutes ?? 0)) * 60_000;
    return this;
  }
}
