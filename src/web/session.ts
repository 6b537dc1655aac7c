import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SessionUser } from '../contract/web';

export const SessionContext = createContext<SessionUser | null>(null);

export function useSessionUser(): SessionUser {
  const user = useContext(SessionContext);
  if (!user) throw new Error('useSessionUser needs a signed-in session');
  return user;
}
