import { useEffect, useState } from 'preact/hooks';
import type { Dashboard } from '../../contract/web';
import { api } from '../api';
import { StackedBars } from '../components/chart';
import { strings } from '../i18n';

const RANGES = [7, 30, 90];

export function DashboardPage() {
  const [days, setDays] = useState(30);
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<Dashboard>(`/dashboard?days=${days}`)
      .then(setData)
      .catch((err: Error) => setError(err.message));
  }, [days]);
  const s = strings();
  return (
    <div>
      <h1>{s.dashboardTitle}</h1>
      <div class="ranges">
        {RANGES.map((r) => (
          <button key={r} class={r === days ? 'primary' : ''} onClick={() => setDays(r)}>
            {s.lastDays(r)}
          </button>
        ))}
      </div>
      {error && <p class="error">{error}</p>}
      {data && (
        <>
          <StackedBars
            title={s.opensChart}
            days={data.days.map((d) => d.day)}
            people={data.days.map((d) => d.humanOpens)}
            machines={data.days.map((d) => d.machineOpens)}
          />
          <StackedBars
            title={s.clicksChart}
            days={data.days.map((d) => d.day)}
            people={data.days.map((d) => d.humanClicks)}
            machines={data.days.map((d) => d.machineClicks)}
          />
        </>
      )}
    </div>
  );
}
