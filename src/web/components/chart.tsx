import { count } from '../format';
import { strings } from '../i18n';

/** Stacked bars per day, in plain SVG: people at the bottom in a strong colour, machines on top in a pale one. */
export function StackedBars({
  title,
  days,
  people,
  machines,
}: {
  title: string;
  days: string[];
  people: number[];
  machines: number[];
}) {
  const width = 640;
  const height = 200;
  const pad = { left: 32, bottom: 24, top: 8, right: 8 };
  const max = Math.max(1, ...people.map((p, i) => p + machines[i]));
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const bar = plotW / Math.max(1, days.length);
  const y = (v: number) => pad.top + plotH - (v / max) * plotH;
  const ticks = [0, Math.round(max / 2), max];
  const s = strings();
  return (
    <figure class="chart">
      <figcaption>
        {title}: <b>{count(sum(people))}</b> {s.byPeople}, <b>{count(sum(machines))}</b> {s.byMachines}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={s.perDay(title)}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} class="grid" />
            <text x={pad.left - 4} y={y(t) + 4} text-anchor="end" class="axis">
              {t}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          const x = pad.left + i * bar + bar * 0.15;
          const w = bar * 0.7;
          return (
            <g key={d}>
              <rect x={x} y={y(people[i])} width={w} height={y(0) - y(people[i])} class="people">
                <title>{`${d}: ${people[i]} ${s.byPeople}`}</title>
              </rect>
              <rect
                x={x}
                y={y(people[i] + machines[i])}
                width={w}
                height={y(people[i]) - y(people[i] + machines[i])}
                class="machines"
              >
                <title>{`${d}: ${machines[i]} ${s.byMachines}`}</title>
              </rect>
              {(i % Math.ceil(days.length / 8) === 0 || i === days.length - 1) && (
                <text x={x + w / 2} y={height - 6} text-anchor="middle" class="axis">
                  {d.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <div class="legend">
        <span class="swatch people" /> {s.legendPeople} <span class="swatch machines" /> {s.legendMachines}
      </div>
    </figure>
  );
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
