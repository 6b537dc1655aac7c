// A known icon or an icon URL, the one replacing the other: what an IconImage and an ImageButton show.
import type { Check } from '../check';
import type { EnumArg, MixinBase } from './base';
import { Icon } from './enums';

/** Adds setIcon, setIconUrl and setMaterialIcon to a builder class; `kind` names the class in its errors. */
export function WithIcon<B extends MixinBase>(base: B) {
  abstract class IconBuilder extends base {
    protected abstract readonly c: Check;
    abstract readonly kind: string;
    protected knownIcon?: keyof typeof Icon;
    protected iconUrl?: string;

    setIcon(icon: EnumArg): this {
      this.knownIcon = this.c.oneOf('icon', icon, Icon);
      this.iconUrl = undefined;
      return this;
    }
    setIconUrl(url: string): this {
      this.iconUrl = this.c.url('url', url);
      this.knownIcon = undefined;
      return this;
    }
    setMaterialIcon(_icon: unknown): this {
      return this.c.notEmulated(`${this.kind}.setMaterialIcon`, 'material icons are unavailable for Workspace add-ons');
    }
  }
  return IconBuilder;
}
