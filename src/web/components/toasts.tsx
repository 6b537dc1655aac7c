import { useEffect, useState } from 'preact/hooks';

type Toast = { id: number; text: string; kind: 'info' | 'error' };
let next = 1;
const listeners = new Set<(t: Toast) => void>();

/** Shows a short message at the bottom of the page, as Gmail and the add-on's notifications do. */
export function toast(text: string, kind: Toast['kind'] = 'info'): void {
  const t = { id: next++, text, kind };
  listeners.forEach((l) => l(t));
}

export function Toasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  useEffect(() => {
    const add = (t: Toast) => {
      // The same message again (a second Save) replaces the one showing, with a fresh timer, rather than stacking.
      setToasts((ts) => [...ts.filter((x) => x.text !== t.text || x.kind !== t.kind), t]);
      setTimeout(() => setToasts((ts) => ts.filter((x) => x.id !== t.id)), t.kind === 'error' ? 8000 : 4000);
    };
    listeners.add(add);
    return () => listeners.delete(add);
  }, []);
  return (
    <div class="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} class={`toast ${t.kind}`}>
          {t.text}
        </div>
      ))}
    </div>
  );
}

/** Runs an action and reports its failure as a toast instead of losing it in the console. */
export async function attempt<T>(action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (err) {
    toast(err instanceof Error ? err.message : String(err), 'error');
    return undefined;
  }
}
