import type { Language } from '../../contract/language';
import { api } from '../api';
import { language, setLanguage, strings } from '../i18n';
import { attempt } from './toasts';

const NAMES: Record<Language, string> = { en: 'English', fr: 'Français' };

/** Switches the app's language and keeps the choice on the server, where notifications and notes read it. */
export function LanguagePicker() {
  const pick = (next: Language) =>
    attempt(async () => {
      setLanguage(next);
      await api('/session/language', { method: 'PUT', body: { language: next } });
    });
  return (
    <label class="language muted">
      {strings().languageLabel}{' '}
      <select value={language()} onChange={(e) => pick(e.currentTarget.value as Language)}>
        {(Object.keys(NAMES) as Language[]).map((l) => (
          <option key={l} value={l} lang={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
