// What happens on click: the setters Apps Script gives every builder that takes a click (TextButton, ImageButton,
// Image, DecoratedText, Grid, CardAction), and the one-of they fill.
import type { Check } from '../check';
import { Action, AuthorizationAction, OpenLink } from './action';
import type { EnumArg, MixinBase } from './base';
import type { OnClickJson } from './json';

type ClickKind = 'setOnClickAction' | 'setOnClickOpenLinkAction' | 'setOpenLink' | 'setAuthorizationAction';

/** Adds the click setters to a builder class; `kind` names the class in its errors (e.g. `Grid.setComposeAction`). */
export function Clickable<B extends MixinBase>(base: B) {
  abstract class ClickableBuilder extends base {
    protected abstract readonly c: Check;
    abstract readonly kind: string;
    private clickKind?: ClickKind;
    private clickTarget?: Action | OpenLink | AuthorizationAction;

    setOnClickAction(action: Action): this {
      return this.setClick('setOnClickAction', action);
    }
    setOnClickOpenLinkAction(action: Action): this {
      return this.setClick('setOnClickOpenLinkAction', action);
    }
    setOpenLink(openLink: OpenLink): this {
      return this.setClick('setOpenLink', openLink);
    }
    setAuthorizationAction(action: AuthorizationAction): this {
      return this.setClick('setAuthorizationAction', action);
    }
    setComposeAction(_action: Action, _composedEmailType: EnumArg): this {
      return this.c.notEmulated(`${this.kind}.setComposeAction`);
    }

    /** A builder takes only one of these; Apps Script documents that setting two is an error. */
    private setClick(kind: ClickKind, value: unknown): this {
      if (this.clickKind && this.clickKind !== kind) {
        this.c.fail(
          `${this.kind}.${kind}: this ${this.kind} already has ${this.clickKind}; it takes only one of setOnClickAction, setOnClickOpenLinkAction, setOpenLink, setAuthorizationAction, setComposeAction`,
        );
      }
      const expected =
        kind === 'setOpenLink' ? OpenLink : kind === 'setAuthorizationAction' ? AuthorizationAction : Action;
      const what =
        kind === 'setOpenLink'
          ? 'an OpenLink'
          : kind === 'setAuthorizationAction'
            ? 'an AuthorizationAction'
            : 'an Action';
      this.clickTarget = this.c.instance<Action | OpenLink | AuthorizationAction>(kind, value, expected, what);
      this.clickKind = kind;
      return this;
    }

    protected onClickJson(at: string): OnClickJson | undefined {
      const target = this.clickTarget;
      if (target instanceof OpenLink || target instanceof AuthorizationAction) return { openLink: target.toJson(at) };
      if (target && this.clickKind === 'setOnClickOpenLinkAction') return { openDynamicLinkAction: target.toJson(at) };
      if (target) return { action: target.toJson(at) };
      return undefined;
    }

    /** For builders that are nothing without a click: buttons and card actions. */
    protected requiredOnClickJson(at: string): OnClickJson {
      const onClick = this.onClickJson(at);
      if (!onClick)
        this.c.fail(`${at}: a ${this.kind} needs something to do on click (setOnClickAction, setOpenLink, …)`);
      return onClick;
    }
  }
  return ClickableBuilder;
}
