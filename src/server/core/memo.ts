/**
 * Remembers the answers of a pure function of a string for its last `capacity` arguments: the pixel sees the same
 * few user agents and proxy addresses again and again (every Gmail open comes through Google's image proxy).
 */
export function memo<T>(fn: (key: string) => T, capacity = 1024): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    if (seen.has(key)) return seen.get(key) as T;
    const value = fn(key);
    if (seen.size >= capacity) seen.delete(seen.keys().next().value as string);
    seen.set(key, value);
    return value;
  };
}
