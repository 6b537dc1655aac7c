import { useState } from 'preact/hooks';
import type { Button, Card, CardAction, OnClick, Section, Widget } from './card-json';
import { FormattedText } from './formatted-text';

type Props = {
  stack: Card[];
  inputs: Record<string, string[]>;
  busy: boolean;
  error: string | null;
  onInput: (name: string, values: string[]) => void;
  /** An action to run; an on-change action names the input that just changed, which the form does not hold yet. */
  onAction: (action: CardAction, changed?: Record<string, string[]>) => void;
  onBack: () => void;
  onClose: () => void;
  /** The manifest's universal action (the add-on's settings), from the panel's menu. */
  onSettings: () => void;
};

/** The add-on's panel: the top card of the stack, its widgets, inputs and buttons, the way Gmail draws them. */
export function Sidebar({ stack, inputs, busy, error, onInput, onAction, onBack, onClose, onSettings }: Props) {
  const card = stack[stack.length - 1];
  const click = (onClick?: OnClick) => {
    if (!onClick) return;
    if (onClick.action) onAction(onClick.action);
    else if (onClick.openLink) window.open(onClick.openLink.url, '_blank', 'noopener');
  };
  return (
    <aside class="addon-sidebar" aria-label="mailtrail add-on" aria-busy={busy}>
      <div class="addon-topbar">
        {stack.length > 1 && (
          <button class="icon" aria-label="Back" onClick={onBack}>
            ←
          </button>
        )}
        <span class="addon-name">mailtrail</span>
        <button class="icon" aria-label="Settings" title="Settings" onClick={onSettings}>
          ⚙
        </button>
        <button class="icon" aria-label="Close the add-on" onClick={onClose}>
          ×
        </button>
      </div>
      {busy && <div class="addon-progress" role="progressbar" />}
      {error && (
        <div class="addon-error" role="alert">
          {error}
        </div>
      )}
      {card && (
        <div class="addon-card" data-card-name={card.name ?? ''}>
          {card.header && (
            <div class="card-header">
              {card.header.imageUrl && <img src={card.header.imageUrl} alt="" />}
              <div>
                <div class="card-title">{card.header.title}</div>
                {card.header.subtitle && <div class="card-subtitle">{card.header.subtitle}</div>}
              </div>
            </div>
          )}
          {(card.sections ?? []).map((s, i) => (
            <CardSection
              key={`${stack.length}-${i}`}
              section={s}
              inputs={inputs}
              onInput={onInput}
              click={click}
              disabled={busy}
              onAction={onAction}
            />
          ))}
          {card.fixedFooter && (
            <div class="card-footer">
              {card.fixedFooter.secondaryButton && (
                <CardButton button={card.fixedFooter.secondaryButton} click={click} disabled={busy} />
              )}
              {card.fixedFooter.primaryButton && (
                <CardButton button={card.fixedFooter.primaryButton} click={click} disabled={busy} primary />
              )}
            </div>
          )}
        </div>
      )}
    </aside>
  );
}

type SectionProps = {
  section: Section;
  inputs: Record<string, string[]>;
  onInput: Props['onInput'];
  onAction: Props['onAction'];
  click: (o?: OnClick) => void;
  disabled: boolean;
};

function CardSection({ section, ...rest }: SectionProps) {
  const [open, setOpen] = useState(!section.collapsible);
  const shown = open ? section.widgets : section.widgets.slice(0, section.uncollapsibleWidgetsCount ?? 0);
  return (
    <section class="card-section">
      {section.header && (
        <div class="section-header">
          <FormattedText text={section.header} />
        </div>
      )}
      {shown.map((w, i) => (
        <CardWidget key={i} widget={w} {...rest} />
      ))}
      {section.collapsible && (
        <button class="link expand" onClick={() => setOpen(!open)}>
          {open ? 'Show less' : 'Show more'}
        </button>
      )}
    </section>
  );
}

function CardWidget({
  widget: w,
  inputs,
  onInput,
  onAction,
  click,
  disabled,
}: Omit<SectionProps, 'section'> & { widget: Widget }) {
  if (w.textParagraph)
    return (
      <p class="w-text">
        <FormattedText text={w.textParagraph.text} />
      </p>
    );
  if (w.divider) return <hr class="w-divider" />;
  if (w.image)
    return (
      <img class="w-image" src={w.image.imageUrl} alt={w.image.altText ?? ''} onClick={() => click(w.image!.onClick)} />
    );
  if (w.buttonList)
    return (
      <div class="w-buttons">
        {w.buttonList.buttons.map((b, i) => (
          <CardButton key={i} button={b} click={click} disabled={disabled} />
        ))}
      </div>
    );
  if (w.decoratedText) {
    const d = w.decoratedText;
    const sw = d.switchControl;
    const on = sw ? (inputs[sw.name] ?? []).length > 0 : false;
    const toggle = () => {
      if (!sw) return;
      const values = on ? [] : [sw.value ?? 'true'];
      onInput(sw.name, values);
      if (sw.onChangeAction) onAction(sw.onChangeAction, { [sw.name]: values });
    };
    return (
      <div class={`w-decorated${d.onClick ? ' clickable' : ''}`} onClick={() => click(d.onClick)}>
        {d.startIcon?.iconUrl && <img class="icon" src={d.startIcon.iconUrl} alt="" />}
        <div class="w-decorated-body">
          {d.topLabel && (
            <div class="top-label">
              <FormattedText text={d.topLabel} />
            </div>
          )}
          <div class="w-decorated-text">
            <FormattedText text={d.text} />
          </div>
          {d.bottomLabel && (
            <div class="bottom-label">
              <FormattedText text={d.bottomLabel} />
            </div>
          )}
        </div>
        {sw && (
          <label class="switch">
            <input
              type="checkbox"
              role={sw.controlType === 'SWITCH' || !sw.controlType ? 'switch' : undefined}
              name={sw.name}
              checked={on}
              disabled={disabled}
              aria-label={stripTags(d.topLabel ?? d.text)}
              onChange={toggle}
            />
          </label>
        )}
        {d.button && <CardButton button={d.button} click={click} disabled={disabled} />}
      </div>
    );
  }
  if (w.textInput) {
    const t = w.textInput;
    const value = (inputs[t.name] ?? [])[0] ?? '';
    const listId = t.initialSuggestions ? `suggest-${t.name}` : undefined;
    const props = {
      name: t.name,
      value,
      placeholder: t.hintText,
      'aria-label': t.label ?? t.name,
      onInput: (e: Event) => onInput(t.name, [(e.currentTarget as HTMLInputElement).value]),
      onChange: () => t.onChangeAction && onAction(t.onChangeAction),
    };
    return (
      <label class="w-input">
        {t.label && <span class="label">{t.label}</span>}
        {t.type === 'MULTIPLE_LINE' ? <textarea rows={3} {...props} /> : <input type="text" list={listId} {...props} />}
        {t.initialSuggestions && (
          <datalist id={listId}>
            {t.initialSuggestions.items.map((s) => (
              <option key={s.text} value={s.text} />
            ))}
          </datalist>
        )}
        {t.hintText && <span class="hint">{t.hintText}</span>}
      </label>
    );
  }
  if (w.selectionInput) {
    const s = w.selectionInput;
    const chosen = inputs[s.name] ?? [];
    const set = (values: string[]) => {
      onInput(s.name, values);
      if (s.onChangeAction) onAction(s.onChangeAction, { [s.name]: values });
    };
    if (s.type === 'DROPDOWN')
      return (
        <label class="w-input">
          {s.label && <span class="label">{s.label}</span>}
          <select
            name={s.name}
            aria-label={s.label ?? s.name}
            value={chosen[0] ?? ''}
            disabled={disabled}
            onChange={(e) => set([e.currentTarget.value])}
          >
            {s.items.map((i) => (
              <option key={i.value} value={i.value}>
                {i.text}
              </option>
            ))}
          </select>
        </label>
      );
    const single = s.type === 'RADIO_BUTTON';
    return (
      <fieldset class="w-selection">
        {s.label && <legend>{s.label}</legend>}
        {s.items.map((i) => (
          <label key={i.value} class="check">
            {single ? (
              <input
                type="radio"
                name={s.name}
                value={i.value}
                checked={chosen.includes(i.value)}
                disabled={disabled}
                onChange={() => set([i.value])}
              />
            ) : (
              <input
                type="checkbox"
                role={s.type === 'SWITCH' ? 'switch' : undefined}
                name={s.name}
                value={i.value}
                checked={chosen.includes(i.value)}
                disabled={disabled}
                onChange={() =>
                  set(chosen.includes(i.value) ? chosen.filter((v) => v !== i.value) : [...chosen, i.value])
                }
              />
            )}{' '}
            <FormattedText text={i.text} />
            {i.bottomText && <div class="bottom-label">{i.bottomText}</div>}
          </label>
        ))}
      </fieldset>
    );
  }
  if (w.grid)
    return (
      <div class="w-grid" style={{ gridTemplateColumns: `repeat(${w.grid.columnCount ?? 2}, 1fr)` }}>
        {w.grid.title && <div class="grid-title">{w.grid.title}</div>}
        {w.grid.items.map((item, i) => (
          <button key={item.id ?? i} class="grid-item" onClick={() => click(w.grid!.onClick)}>
            {item.image && <img src={item.image.imageUri} alt="" />}
            <div>{item.title}</div>
            {item.subtitle && <div class="muted small">{item.subtitle}</div>}
          </button>
        ))}
      </div>
    );
  return null;
}

function CardButton({
  button,
  click,
  disabled,
  primary,
}: {
  button: Button;
  click: (o?: OnClick) => void;
  disabled: boolean;
  primary?: boolean;
}) {
  return (
    <button
      class={primary ? 'primary' : ''}
      disabled={disabled || button.disabled}
      title={button.altText}
      onClick={(e) => (e.stopPropagation(), click(button.onClick))}
    >
      {button.text}
    </button>
  );
}

function stripTags(text: string): string {
  return text.replace(/<[^>]*>/g, '');
}
