/** A one-line progress bar on stderr, so piping the table to a file stays clean. */
export function progress(label: string, total: number): { tick(n?: number): void; done(): void } {
  let count = 0;
  let last = 0;
  const tty = process.stderr.isTTY;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - last < 200) return;
    last = now;
    const pct = total ? Math.min(1, count / total) : 1;
    const bar = '#'.repeat(Math.round(pct * 30)).padEnd(30, '.');
    const text = `${label} [${bar}] ${count.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`;
    process.stderr.write(tty ? `\r${text}` : `${text}\n`);
  };
  return {
    tick(n = 1) {
      count += n;
      draw();
    },
    done() {
      count = total;
      draw(true);
      if (tty) process.stderr.write('\n');
    },
  };
}

export function step(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}
