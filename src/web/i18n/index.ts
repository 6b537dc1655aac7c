import { useEffect, useState } from 'preact/hooks';
import { type Language, languageOf } from '../../contract/language';
import { en, type WebStrings } from './en';
import { fr } from './fr';

// The language the web app speaks: the one the signed-in user picked (kept by the server, so notifications and the
// server's notes follow it too), else the browser's. One module-level choice; the app re-renders when it changes.

const STRINGS: Record<Language, WebStrings> = { en, fr };
let current: Language = languageOf(navigator.language);
const listeners = new Set<() => void>();
document.documentElement.lang = current;

export function language(): Language {
  return current;
}

export function strings(): WebStrings {
  return STRINGS[current];
}

export function setLanguage(next: Language): void {
  if (next === current) return;
  current = next;
  document.documentElement.lang = next;
  listeners.forEach((l) => l());
}

/** The current language; the calling component re-renders (with its children) when it changes. */
export function useLanguage(): Language {
  const [, setTick] = useState(0);
  useEffect(() => {
    const update = () => setTick((t) => t + 1);
    listeners.add(update);
    return () => void listeners.delete(update);
  }, []);
  return current;
}
