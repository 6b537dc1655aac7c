// Each CardService builder against the google.apps.card.v1 JSON it must produce, and each platform limit.
import { describe, expect, it } from 'vitest';
import { createCardService, WIRE } from '../../src/emulator/card-service';
import { hostRealm } from '../../src/emulator/realm';

const CS = createCardService(hostRealm);
const action = (fn = 'onClick') => CS.newAction().setFunctionName(fn);
const button = (text = 'Go') => CS.newTextButton().setText(text).setOnClickAction(action());

/** The JSON of a one-widget card. */
function widgetJson(widget: Parameters<ReturnType<typeof CS.newCardSection>['addWidget']>[0]) {
  return CS.newCardBuilder().addSection(CS.newCardSection().addWidget(widget)).build()[WIRE].sections![0].widgets![0];
}

describe('CardService builders produce card v1 JSON', () => {
  it('CardBuilder: name, header, sections, card actions, fixed footer, display style, peek header', () => {
    const card = CS.newCardBuilder()
      .setName('home')
      .setHeader(
        CS.newCardHeader()
          .setTitle('mailtrail')
          .setSubtitle('ada@acme.test')
          .setImageUrl('https://example.com/logo.png')
          .setImageAltText('logo')
          .setImageStyle(CS.ImageStyle.CIRCLE),
      )
      .addSection(
        CS.newCardSection()
          .setHeader('Feed')
          .setCollapsible(true)
          .setNumUncollapsibleWidgets(1)
          .addWidget(CS.newTextParagraph().setText('one'))
          .addWidget(CS.newDivider()),
      )
      .addCardAction(CS.newCardAction().setText('Settings').setOnClickAction(action('onSettings')))
      .setFixedFooter(
        CS.newFixedFooter()
          .setPrimaryButton(button('Apply'))
          .setSecondaryButton(
            CS.newTextButton().setText('Help').setOpenLink(CS.newOpenLink().setUrl('https://example.com/help')),
          ),
      )
      .setDisplayStyle(CS.DisplayStyle.REPLACE)
      .setPeekCardHeader(CS.newCardHeader().setTitle('Peek'))
      .build();
    expect(card[WIRE]).toEqual({
      name: 'home',
      header: {
        title: 'mailtrail',
        subtitle: 'ada@acme.test',
        imageUrl: 'https://example.com/logo.png',
        imageAltText: 'logo',
        imageType: 'CIRCLE',
      },
      sections: [
        {
          header: 'Feed',
          collapsible: true,
          uncollapsibleWidgetsCount: 1,
          widgets: [{ textParagraph: { text: 'one' } }, { divider: {} }],
        },
      ],
      cardActions: [{ actionLabel: 'Settings', onClick: { action: { function: 'onSettings' } } }],
      fixedFooter: {
        primaryButton: { text: 'Apply', onClick: { action: { function: 'onClick' } } },
        secondaryButton: { text: 'Help', onClick: { openLink: { url: 'https://example.com/help' } } },
      },
      displayStyle: 'REPLACE',
      peekCardHeader: { title: 'Peek' },
    });
    expect(JSON.parse(card.printJson())).toEqual(card[WIRE]);
  });

  it('Action: function, parameters as key/value pairs, load indicator, persisted values, required widgets', () => {
    const a = CS.newAction()
      .setFunctionName('onApply')
      .setParameters({ view: 'compose', id: '42' })
      .setLoadIndicator(CS.LoadIndicator.SPINNER)
      .setPersistValues(true)
      .addRequiredWidget('subject')
      .setAllWidgetsAreRequired(false);
    expect(widgetJson(CS.newTextButton().setText('Apply').setOnClickAction(a))).toEqual({
      buttonList: {
        buttons: [
          {
            text: 'Apply',
            onClick: {
              action: {
                function: 'onApply',
                parameters: [
                  { key: 'view', value: 'compose' },
                  { key: 'id', value: '42' },
                ],
                loadIndicator: 'SPINNER',
                persistValues: true,
                requiredWidgets: ['subject'],
                allWidgetsAreRequired: false,
              },
            },
          },
        ],
      },
    });
  });

  it('TextButton: disabled, alt text, background colour as floats, style; open link and dynamic link', () => {
    const set = CS.newButtonSet()
      .addButton(
        CS.newTextButton()
          .setText('Open')
          .setOpenLink(
            CS.newOpenLink()
              .setUrl('https://crm.example.com/x')
              .setOpenAs(CS.OpenAs.OVERLAY)
              .setOnClose(CS.OnClose.RELOAD_ADD_ON),
          ),
      )
      .addButton(
        CS.newTextButton()
          .setText('Go')
          .setOnClickOpenLinkAction(action('makeLink'))
          .setDisabled(true)
          .setAltText('go there')
          .setBackgroundColor('#FF8000')
          .setTextButtonStyle(CS.TextButtonStyle.FILLED),
      )
      .addButton(CS.newImageButton().setIcon(CS.Icon.EMAIL).setAltText('Mail').setOnClickAction(action('onMail')));
    expect(widgetJson(set)).toEqual({
      buttonList: {
        buttons: [
          {
            text: 'Open',
            onClick: { openLink: { url: 'https://crm.example.com/x', openAs: 'OVERLAY', onClose: 'RELOAD' } },
          },
          {
            text: 'Go',
            onClick: { openDynamicLinkAction: { function: 'makeLink' } },
            disabled: true,
            altText: 'go there',
            color: { red: 1, green: 0.502, blue: 0 },
            type: 'FILLED',
          },
          {
            icon: { knownIcon: 'EMAIL', altText: 'Mail' },
            onClick: { action: { function: 'onMail' } },
            altText: 'Mail',
          },
        ],
      },
    });
  });

  it('AuthorizationAction opens the authorization page as an overlay that reloads the card', () => {
    const b = CS.newTextButton()
      .setText('Sign in')
      .setAuthorizationAction(CS.newAuthorizationAction().setAuthorizationUrl('https://auth.example.com/start'));
    expect(widgetJson(b)).toEqual({
      buttonList: {
        buttons: [
          {
            text: 'Sign in',
            onClick: { openLink: { url: 'https://auth.example.com/start', openAs: 'OVERLAY', onClose: 'RELOAD' } },
          },
        ],
      },
    });
  });

  it('DecoratedText: labels, wrap, start icon, click, and a button, a switch or an end icon', () => {
    expect(
      widgetJson(
        CS.newDecoratedText()
          .setText('Ada Lovelace')
          .setTopLabel('Contact')
          .setBottomLabel('Acme')
          .setWrapText(true)
          .setStartIcon(CS.newIconImage().setIcon(CS.Icon.PERSON).setAltText('person'))
          .setOpenLink(CS.newOpenLink().setUrl('https://crm.example.com/c/1'))
          .setButton(button('Log')),
      ),
    ).toEqual({
      decoratedText: {
        text: 'Ada Lovelace',
        topLabel: 'Contact',
        bottomLabel: 'Acme',
        wrapText: true,
        startIcon: { knownIcon: 'PERSON', altText: 'person' },
        onClick: { openLink: { url: 'https://crm.example.com/c/1' } },
        button: { text: 'Log', onClick: { action: { function: 'onClick' } } },
      },
    });
    const toggle = CS.newSwitch()
      .setFieldName('track')
      .setValue('on')
      .setSelected(true)
      .setControlType(CS.SwitchControlType.CHECK_BOX)
      .setOnChangeAction(action('onToggle'));
    expect(widgetJson(CS.newDecoratedText().setText('Track').setSwitchControl(toggle))).toEqual({
      decoratedText: {
        text: 'Track',
        switchControl: {
          name: 'track',
          value: 'on',
          selected: true,
          controlType: 'CHECK_BOX',
          onChangeAction: { function: 'onToggle' },
        },
      },
    });
    expect(
      widgetJson(
        CS.newDecoratedText()
          .setText('x')
          .setEndIcon(
            CS.newIconImage().setIconUrl('https://example.com/i.png').setImageCropType(CS.ImageCropType.CIRCLE),
          ),
      ),
    ).toEqual({
      decoratedText: { text: 'x', endIcon: { iconUrl: 'https://example.com/i.png', imageType: 'CIRCLE' } },
    });
    expect(widgetJson(CS.newDecoratedText().setText('legacy').setIcon(CS.Icon.STAR).setIconAltText('star'))).toEqual({
      decoratedText: { text: 'legacy', startIcon: { knownIcon: 'STAR', altText: 'star' } },
    });
  });

  it('TextInput: name, label, hint, value, multiline, on change, suggestions, suggestions action, validation', () => {
    const input = CS.newTextInput()
      .setFieldName('neverLog')
      .setTitle('Never log')
      .setHint('an address or @domain')
      .setValue('x@y.test')
      .setMultiline(true)
      .setOnChangeAction(action('onChange'))
      .setSuggestions(CS.newSuggestions().addSuggestion('acme.test').addSuggestions(['example.com']))
      .setSuggestionsAction(action('onSuggest'))
      .setValidation(CS.newValidation().setCharacterLimit(200).setInputType(CS.InputType.EMAIL));
    expect(widgetJson(input)).toEqual({
      textInput: {
        name: 'neverLog',
        label: 'Never log',
        hintText: 'an address or @domain',
        value: 'x@y.test',
        type: 'MULTIPLE_LINE',
        onChangeAction: { function: 'onChange' },
        initialSuggestions: { items: [{ text: 'acme.test' }, { text: 'example.com' }] },
        autoCompleteAction: { function: 'onSuggest' },
        validation: { characterLimit: 200, inputType: 'EMAIL' },
      },
    });
  });

  it('SelectionInput: check boxes by default; dropdown, radio, switch and multi-select items', () => {
    expect(
      widgetJson(
        CS.newSelectionInput()
          .setFieldName('assoc')
          .setTitle('Log to')
          .addItem('Acme', 'company:1', true)
          .addItem('Deal', 'deal:2', false),
      ),
    ).toEqual({
      selectionInput: {
        name: 'assoc',
        label: 'Log to',
        type: 'CHECK_BOX',
        items: [
          { text: 'Acme', value: 'company:1', selected: true },
          { text: 'Deal', value: 'deal:2', selected: false },
        ],
      },
    });
    const multi = CS.newSelectionInput()
      .setFieldName('records')
      .setType(CS.SelectionInputType.MULTI_SELECT)
      .addMultiSelectItem('Ada', 'contact:1', false, 'https://example.com/a.png', 'ada@acme.test')
      .setMultiSelectMaxSelectedItems(5)
      .setMultiSelectMinQueryLength(0)
      .setOnChangeAction(action('onPick'));
    expect(widgetJson(multi)).toEqual({
      selectionInput: {
        name: 'records',
        type: 'MULTI_SELECT',
        items: [
          {
            text: 'Ada',
            value: 'contact:1',
            selected: false,
            startIconUri: 'https://example.com/a.png',
            bottomText: 'ada@acme.test',
          },
        ],
        onChangeAction: { function: 'onPick' },
        multiSelectMaxSelectedItems: 5,
        multiSelectMinQueryLength: 0,
      },
    });
    for (const type of ['DROPDOWN', 'RADIO_BUTTON', 'SWITCH'] as const) {
      expect(
        widgetJson(
          CS.newSelectionInput().setFieldName('f').setType(CS.SelectionInputType[type]).addItem('a', 'a', false),
        ),
      ).toMatchObject({ selectionInput: { type } });
    }
  });

  it('Date and time pickers', () => {
    expect(
      widgetJson(
        CS.newDateTimePicker()
          .setFieldName('when')
          .setTitle('When')
          .setValueInMsSinceEpoch(1672574400000)
          .setTimeZoneOffsetInMins(60)
          .setOnChangeAction(action('onWhen')),
      ),
    ).toEqual({
      dateTimePicker: {
        name: 'when',
        label: 'When',
        type: 'DATE_AND_TIME',
        valueMsEpoch: '1672574400000',
        timezoneOffsetDate: 60,
        onChangeAction: { function: 'onWhen' },
      },
    });
    expect(widgetJson(CS.newDatePicker().setFieldName('day').setValueInMsSinceEpoch('1672531200000'))).toEqual({
      dateTimePicker: { name: 'day', type: 'DATE_ONLY', valueMsEpoch: '1672531200000' },
    });
    expect(widgetJson(CS.newTimePicker().setFieldName('at').setHours(12).setMinutes(30))).toEqual({
      dateTimePicker: { name: 'at', type: 'TIME_ONLY', valueMsEpoch: String((12 * 60 + 30) * 60_000) },
    });
  });

  it('Image, Grid and GridItem with image component, crop and border styles', () => {
    expect(
      widgetJson(
        CS.newImage()
          .setImageUrl('https://example.com/chart.png')
          .setAltText('chart')
          .setOnClickAction(action('onChart')),
      ),
    ).toEqual({
      image: {
        imageUrl: 'https://example.com/chart.png',
        altText: 'chart',
        onClick: { action: { function: 'onChart' } },
      },
    });
    const grid = CS.newGrid()
      .setTitle('Records')
      .setNumColumns(2)
      .setBorderStyle(CS.newBorderStyle().setType(CS.BorderType.STROKE).setStrokeColor('#000000').setCornerRadius(4))
      .setOnClickAction(action('onGrid'))
      .addItem(
        CS.newGridItem()
          .setIdentifier('c1')
          .setTitle('Ada')
          .setSubtitle('Acme')
          .setLayout(CS.GridItemLayout.TEXT_BELOW)
          .setImage(
            CS.newImageComponent()
              .setImageUrl('https://example.com/a.png')
              .setAltText('Ada')
              .setCropStyle(
                CS.newImageCropStyle().setImageCropType(CS.ImageCropType.RECTANGLE_CUSTOM).setAspectRatio(1.5),
              ),
          ),
      );
    expect(widgetJson(grid)).toEqual({
      grid: {
        title: 'Records',
        items: [
          {
            id: 'c1',
            image: {
              imageUri: 'https://example.com/a.png',
              altText: 'Ada',
              cropStyle: { type: 'RECTANGLE_CUSTOM', aspectRatio: 1.5 },
            },
            title: 'Ada',
            subtitle: 'Acme',
            layout: 'TEXT_BELOW',
          },
        ],
        columnCount: 2,
        borderStyle: { type: 'STROKE', strokeColor: { red: 0, green: 0, blue: 0 }, cornerRadius: 4 },
        onClick: { action: { function: 'onGrid' } },
      },
    });
  });

  it('a card is a snapshot: changing a builder after build() does not change the built card', () => {
    const section = CS.newCardSection().addWidget(CS.newTextParagraph().setText('before'));
    const card = CS.newCardBuilder().addSection(section).build();
    section.addWidget(CS.newTextParagraph().setText('after'));
    expect(card[WIRE].sections![0].widgets).toHaveLength(1);
  });
});

describe('responses in the HTTP add-on wire shape', () => {
  const card = (name: string) =>
    CS.newCardBuilder()
      .setName(name)
      .addSection(CS.newCardSection().addWidget(CS.newTextParagraph().setText(name)))
      .build();

  it('ActionResponse: navigations, notification and link under renderActions.action', () => {
    const response = CS.newActionResponseBuilder()
      .setNavigation(
        CS.newNavigation().popToRoot().pushCard(card('a')).updateCard(card('b')).popCard().popToNamedCard('home'),
      )
      .setNotification(CS.newNotification().setText('Logged'))
      .setOpenLink(CS.newOpenLink().setUrl('https://crm.example.com/e/1'))
      .build();
    expect(response[WIRE]).toEqual({
      renderActions: {
        action: {
          navigations: [
            { popToRoot: true },
            { pushCard: card('a')[WIRE] },
            { updateCard: card('b')[WIRE] },
            { pop: true },
            { popToCard: 'home' },
          ],
          notification: { text: 'Logged' },
          link: { url: 'https://crm.example.com/e/1' },
        },
      },
    });
  });

  it('UpdateDraftActionResponse: body insert, subject, To, Cc and Bcc under hostAppAction.gmailAction', () => {
    const response = CS.newUpdateDraftActionResponseBuilder()
      .setUpdateDraftBodyAction(
        CS.newUpdateDraftBodyAction()
          .addUpdateContent(
            '<img src="https://t.example.com/t/o/x.gif" width="1" height="1" alt="">',
            CS.ContentType.IMMUTABLE_HTML,
          )
          .setUpdateType(CS.UpdateDraftBodyType.INSERT_AT_END),
      )
      .setUpdateDraftSubjectAction(CS.newUpdateDraftSubjectAction().addUpdateSubject('Quote'))
      .setUpdateDraftToRecipientsAction(
        CS.newUpdateDraftToRecipientsAction().addUpdateToRecipients(['bob@example.com']),
      )
      .setUpdateDraftCcRecipientsAction(CS.newUpdateDraftCcRecipientsAction().addUpdateCcRecipients([]))
      .setUpdateDraftBccRecipientsAction(
        CS.newUpdateDraftBccRecipientsAction().addUpdateBccRecipients(['carol@example.com', 'log+abc@bcc.example.com']),
      )
      .build();
    expect(response[WIRE]).toEqual({
      renderActions: {
        hostAppAction: {
          gmailAction: {
            updateDraftActionMarkup: {
              updateBody: {
                insertContents: [
                  {
                    content: '<img src="https://t.example.com/t/o/x.gif" width="1" height="1" alt="">',
                    contentType: 'IMMUTABLE_HTML',
                  },
                ],
                type: 'INSERT_AT_END',
              },
              updateSubject: { subject: 'Quote' },
              updateToRecipients: { toRecipients: [{ email: 'bob@example.com' }] },
              updateCcRecipients: { ccRecipients: [] },
              updateBccRecipients: {
                bccRecipients: [{ email: 'carol@example.com' }, { email: 'log+abc@bcc.example.com' }],
              },
            },
          },
        },
      },
    });
  });

  it('a body update inserts at the cursor unless told otherwise', () => {
    const response = CS.newUpdateDraftActionResponseBuilder()
      .setUpdateDraftBodyAction(CS.newUpdateDraftBodyAction().addUpdateContent('hi', CS.ContentType.TEXT))
      .build();
    expect(response[WIRE].renderActions.hostAppAction?.gmailAction.updateDraftActionMarkup.updateBody).toEqual({
      insertContents: [{ content: 'hi', contentType: 'TEXT' }],
      type: 'IN_PLACE_INSERT',
    });
  });

  it('UniversalActionResponse: cards pushed in order, or a link', () => {
    expect(
      CS.newUniversalActionResponseBuilder()
        .displayAddOnCards([card('settings'), card('more')])
        .build()[WIRE],
    ).toEqual({
      renderActions: {
        action: { navigations: [{ pushCard: card('settings')[WIRE] }, { pushCard: card('more')[WIRE] }] },
      },
    });
    expect(
      CS.newUniversalActionResponseBuilder().setOpenLink(CS.newOpenLink().setUrl('https://crm.example.com/')).build()[
        WIRE
      ],
    ).toEqual({
      renderActions: { action: { link: { url: 'https://crm.example.com/' } } },
    });
  });

  it('SuggestionsResponse: the autocomplete items', () => {
    expect(
      CS.newSuggestionsResponseBuilder()
        .setSuggestions(CS.newSuggestions().addSuggestions(['a', 'b']))
        .build()[WIRE],
    ).toEqual({ autoComplete: { items: [{ text: 'a' }, { text: 'b' }] } });
  });

  it('AuthorizationException carries its prompt and throws', () => {
    const ex = CS.newAuthorizationException()
      .setAuthorizationUrl('https://auth.example.com/')
      .setResourceDisplayName('CRM account');
    expect(JSON.parse(ex.printJson())).toEqual({
      authorizationUrl: 'https://auth.example.com/',
      resource: 'CRM account',
    });
    expect(() => ex.throwException()).toThrow(/Authorization is required/);
  });
});

describe('what Gmail would refuse throws, as in Apps Script', () => {
  const section = () => CS.newCardSection().addWidget(CS.newTextParagraph().setText('x'));
  const build = (...widgets: Parameters<ReturnType<typeof CS.newCardSection>['addWidget']>[0][]) => {
    const s = CS.newCardSection();
    widgets.forEach((w) => s.addWidget(w));
    return () => CS.newCardBuilder().setName('c').addSection(s).build();
  };

  it('more than 100 widgets in a card, across sections', () => {
    const card = CS.newCardBuilder();
    for (let s = 0; s < 3; s++) {
      const sec = CS.newCardSection();
      for (let w = 0; w < 34; w++) sec.addWidget(CS.newTextParagraph().setText(`${s}.${w}`));
      card.addSection(sec);
    }
    expect(() => card.build()).toThrow('a card takes at most 100 widgets; this one has 102');
    const ok = CS.newCardBuilder();
    const sec = CS.newCardSection();
    for (let w = 0; w < 100; w++) sec.addWidget(CS.newDivider());
    expect(() => ok.addSection(sec).build()).not.toThrow();
  });

  it('more than 100 sections', () => {
    const card = CS.newCardBuilder();
    for (let s = 0; s < 101; s++) card.addSection(CS.newCardSection().addWidget(CS.newDivider()));
    expect(() => card.build()).toThrow(/at most 100 (sections|widgets)/);
  });

  it('more than 100 items in a selection input', () => {
    const input = CS.newSelectionInput().setFieldName('f').setType(CS.SelectionInputType.MULTI_SELECT);
    for (let i = 0; i < 101; i++) input.addItem(`i${i}`, `v${i}`, false);
    expect(build(input)).toThrow('a SelectionInput takes at most 100 items; this one has 101');
  });

  it('a selection input with an external data source (Chat only) or without items', () => {
    expect(
      build(
        CS.newSelectionInput()
          .setFieldName('f')
          .setExternalDataSource(CS.newAction().setFunctionName('x'))
          .addItem('a', 'a', false),
      ),
    ).toThrow(/Chat apps/);
    expect(build(CS.newSelectionInput().setFieldName('f'))).toThrow(/at least one item/);
  });

  it('a card without sections, a section without widgets, a header without title', () => {
    expect(() => CS.newCardBuilder().setHeader(CS.newCardHeader().setTitle('t')).build()).toThrow(
      'card: a card needs at least one section (addSection)',
    );
    expect(() => CS.newCardBuilder().addSection(CS.newCardSection()).build()).toThrow(
      'card › section 1: a section needs at least one widget',
    );
    expect(() =>
      CS.newCardBuilder().setHeader(CS.newCardHeader().setSubtitle('s')).addSection(section()).build(),
    ).toThrow(/a CardHeader needs a title/);
  });

  it('a button without text or without an action', () => {
    expect(build(CS.newTextButton().setOnClickAction(CS.newAction().setFunctionName('f')))).toThrow(
      'card "c" › section 1 › widget 1 (TextButton): a TextButton needs text (setText)',
    );
    expect(build(CS.newTextButton().setText('Go'))).toThrow(/a TextButton needs something to do on click/);
    expect(build(CS.newImageButton().setOnClickAction(CS.newAction().setFunctionName('f')))).toThrow(
      /an ImageButton needs an icon/,
    );
    expect(build(CS.newButtonSet())).toThrow(/a ButtonSet needs at least one button/);
  });

  it('a button given two things to do on click', () => {
    expect(() =>
      CS.newTextButton()
        .setOnClickAction(CS.newAction().setFunctionName('f'))
        .setOpenLink(CS.newOpenLink().setUrl('https://x.test/')),
    ).toThrow(/takes only one of/);
  });

  it('every builder that takes a click names itself when given two, or a compose action', () => {
    const clickables = {
      TextButton: CS.newTextButton,
      ImageButton: CS.newImageButton,
      Image: CS.newImage,
      DecoratedText: CS.newDecoratedText,
      Grid: CS.newGrid,
      CardAction: CS.newCardAction,
    };
    for (const [kind, create] of Object.entries(clickables)) {
      const twice = () =>
        create()
          .setOpenLink(CS.newOpenLink().setUrl('https://x.test/'))
          .setOnClickAction(CS.newAction().setFunctionName('f'));
      expect(twice).toThrow(`${kind}.setOnClickAction: this ${kind} already has setOpenLink; it takes only one of`);
      expect(() => create().setComposeAction(CS.newAction(), CS.ComposedEmailType.STANDALONE_DRAFT)).toThrow(
        `${kind}.setComposeAction is not emulated`,
      );
    }
    expect(build(CS.newImageButton().setIcon(CS.Icon.STAR))).toThrow(
      /\(ImageButton\): .* needs something to do on click/,
    );
    expect(() =>
      CS.newCardBuilder().addSection(section()).addCardAction(CS.newCardAction().setText('x')).build(),
    ).toThrow(/a CardAction needs something to do on click/);
  });

  it('an action without a function name, or with parameters that are not strings', () => {
    expect(build(CS.newTextButton().setText('Go').setOnClickAction(CS.newAction()))).toThrow(
      /an Action needs a function name/,
    );
    expect(() => CS.newAction().setParameters({ id: 42 } as unknown as Record<string, string>)).toThrow(
      'Invalid argument: parameters (the value of "id" must be a string, got number 42)',
    );
    expect(() => CS.newAction().setFunctionName('not a name')).toThrow(/is not a function name/);
  });

  it('a fixed footer without a primary button', () => {
    const card = CS.newCardBuilder()
      .addSection(section())
      .setFixedFooter(
        CS.newFixedFooter().setSecondaryButton(
          CS.newTextButton().setText('x').setOnClickAction(CS.newAction().setFunctionName('f')),
        ),
      );
    expect(() => card.build()).toThrow(/a FixedFooter needs a primary button/);
  });

  it('a decorated text without text, or with two controls', () => {
    expect(build(CS.newDecoratedText().setTopLabel('l'))).toThrow(/a DecoratedText needs text/);
    const sw = CS.newSwitch().setFieldName('s');
    expect(() => CS.newDecoratedText().setText('t').setSwitchControl(sw).setButton(CS.newTextButton())).toThrow(
      /takes one of a button, a switch or an end icon/,
    );
  });

  it('inputs without a field name; a text input without title or hint', () => {
    expect(build(CS.newTextInput().setTitle('t'))).toThrow(/a TextInput needs a field name/);
    expect(build(CS.newSelectionInput().addItem('a', 'a', false))).toThrow(/a SelectionInput needs a field name/);
    expect(build(CS.newDecoratedText().setText('t').setSwitchControl(CS.newSwitch()))).toThrow(
      /a Switch needs a field name/,
    );
    expect(build(CS.newDateTimePicker())).toThrow(/a DateTimePicker needs a field name/);
    expect(build(CS.newTextInput().setFieldName('f'))).toThrow(/needs a title or a hint/);
  });

  it('a paragraph without text, an image without URL, an empty grid', () => {
    expect(build(CS.newTextParagraph())).toThrow(/a TextParagraph needs text/);
    expect(build(CS.newImage())).toThrow(/an Image needs a URL/);
    expect(build(CS.newGrid())).toThrow(/a Grid needs at least one item/);
  });

  it('bad arguments: unknown enum values, non-URLs, bad colours, objects that are not CardService builders', () => {
    expect(() => CS.newAction().setLoadIndicator('SPIN')).toThrow(
      'Invalid argument: loadIndicator (expected one of SPINNER, NONE, got "SPIN")',
    );
    expect(() => CS.newOpenLink().setUrl('javascript:alert(1)')).toThrow(/expected an http or https URL/);
    expect(() => CS.newTextButton().setBackgroundColor('red')).toThrow(/expected a colour like #1a73e8/);
    expect(() => CS.newCardSection().addWidget({} as never)).toThrow(/expected a widget from CardService/);
    expect(() => CS.newNavigation().pushCard(CS.newCardBuilder() as never)).toThrow(/a built Card/);
    expect(() => CS.newTextParagraph().setText(undefined as never)).toThrow(
      'Invalid argument: text (expected a string, got undefined)',
    );
  });

  it('responses that do nothing', () => {
    expect(() => CS.newActionResponseBuilder().build()).toThrow(/the response does nothing/);
    expect(() => CS.newActionResponseBuilder().setNavigation(CS.newNavigation()).build()).toThrow(
      /Navigation: it does nothing/,
    );
    expect(() => CS.newActionResponseBuilder().setNotification(CS.newNotification()).build()).toThrow(
      /Notification: it needs text/,
    );
    expect(() => CS.newUpdateDraftActionResponseBuilder().build()).toThrow(/the response changes nothing/);
    expect(() =>
      CS.newUpdateDraftActionResponseBuilder().setUpdateDraftBodyAction(CS.newUpdateDraftBodyAction()).build(),
    ).toThrow(/inserts nothing/);
    expect(() => CS.newUniversalActionResponseBuilder().build()).toThrow(/needs cards/);
  });

  it('draft recipients that are not addresses', () => {
    expect(() => CS.newUpdateDraftBccRecipientsAction().addUpdateBccRecipients(['not an address'])).toThrow(
      /is not an email address/,
    );
    expect(() => CS.newUpdateDraftToRecipientsAction().addUpdateToRecipients('bob@example.com' as never)).toThrow(
      /expected an array of addresses/,
    );
  });

  it('what mailtrail does not use fails loudly instead of half-working', () => {
    expect(() => CS.newKeyValue()).toThrow(
      'CardService.newKeyValue is not emulated (deprecated; use newDecoratedText); see docs/emulator.md',
    );
    expect(() => CS.newTextButton().setComposeAction(CS.newAction(), CS.ComposedEmailType.REPLY_AS_DRAFT)).toThrow(
      /not emulated/,
    );
    expect(() => CS.newIconImage().setMaterialIcon({})).toThrow(/unavailable for Workspace add-ons/);
  });
});
