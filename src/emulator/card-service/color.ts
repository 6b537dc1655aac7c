import type { Check } from '../check';
import type { ColorJson } from './json';

/** '#RRGGBB' → the card v1 Color (floats from 0 to 1). */
export function parseColor(c: Check, name: string, value: unknown): ColorJson {
  const hex = c.text(name, value);
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) c.fail(`Invalid argument: ${name} (expected a colour like #1a73e8, got ${JSON.stringify(hex)})`);
  const [r, g, b] = match.slice(1).map((h) => Math.round((parseInt(h, 16) / 255) * 1000) / 1000);
  return { red: r, green: g, blue: b };
}
