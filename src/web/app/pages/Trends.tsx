// Trends: tickets per day by channel, failure demand by root cause, SLA compliance by week and
// satisfaction, from one ConsoleTrends query (ticketStats). Each chart's numbers download as CSV.
import { useEffect, useRef } from 'react';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { ConsoleTrendsDocument } from '../../generated/operations';
import { hubNow, query } from '../api';
import { Status, downloadCsv, label, useLoad } from '../ui';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

const PALETTE = ['#1f5fa8', '#b3541e', '#2e7d4f', '#7a3fa0', '#a02c4b', '#5c6b00', '#00707a', '#6b4f2a'];
const DAY = 86400_000;

interface Table {
  header: string[];
  rows: (string | number | null)[][];
}

function ChartFigure({ id, title, description, config, table }: { id: string; title: string; description: string; config: ChartConfiguration; table: Table }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const chart = new Chart(canvas.current!, config);
    return () => chart.destroy();
  }, [config]);
  return (
    <figure className="panel chart" aria-labelledby={`${id}-title`}>
      <div className="chart-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <button type="button" onClick={() => downloadCsv(`${id}.csv`, table.header, table.rows)}>
          Download CSV<span className="sr-only"> of {title}</span>
        </button>
      </div>
      <div className="canvas-box">
        <canvas ref={canvas} role="img" aria-label={`${title}: ${description}`} />
      </div>
      <details>
        <summary>Numbers behind the chart</summary>
        <div className="scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                {table.header.map((h) => (
                  <th scope="col" key={h}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r, i) => (
                <tr key={i}>
                  {r.map((c, j) => (
                    <td key={j}>{c ?? '—'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

const day = (iso: string) => iso.slice(0, 10);
const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
const common = { animation: false as const, responsive: true, maintainAspectRatio: false };

export function Trends() {
  const [value] = useLoad(() => {
    const now = hubNow();
    return query(ConsoleTrendsDocument, {
      since: new Date(Math.floor(now / DAY) * DAY - 29 * DAY).toISOString(),
      weeksSince: new Date(Math.floor(now / DAY) * DAY - 12 * 7 * DAY).toISOString(),
    });
  }, []);
  return (
    <>
      <div className="page-head">
        <h1>Trends</h1>
        <span className="muted">last 30 days; weekly: last 12 weeks (UTC)</span>
      </div>
      <Status value={value}>
        {(d) => {
          // tickets per day by channel (stacked)
          const days = [...new Set(d.perDay.map((r) => day(r.key.period!)))].sort();
          const channels = [...new Set(d.perDay.map((r) => r.key.channel!))].sort();
          const count = new Map(d.perDay.map((r) => [`${day(r.key.period!)}|${r.key.channel}`, r.count]));
          const perDay: ChartConfiguration = {
            type: 'bar',
            data: {
              labels: days,
              datasets: channels.map((c, i) => ({ label: label(c), data: days.map((x) => count.get(`${x}|${c}`) ?? 0), backgroundColor: PALETTE[i % PALETTE.length] })),
            },
            options: { ...common, scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: 'tickets' } } } },
          };
          const perDayTable: Table = { header: ['day', ...channels], rows: days.map((x) => [x, ...channels.map((c) => count.get(`${x}|${c}`) ?? 0)]) };

          const causes = [...d.failureDemand].filter((r) => r.key.rootCause).sort((a, b) => b.contactCount - a.contactCount);
          const failure: ChartConfiguration = {
            type: 'bar',
            data: {
              labels: causes.map((r) => label(r.key.rootCause)),
              datasets: [
                { label: 'contacts', data: causes.map((r) => r.contactCount), backgroundColor: PALETTE[1] },
                { label: 'tickets', data: causes.map((r) => r.count), backgroundColor: PALETTE[0] },
              ],
            },
            options: { ...common, indexAxis: 'y' },
          };
          const failureTable: Table = {
            header: ['root cause', 'tickets', 'contacts', 'share of contacts %'],
            rows: causes.map((r) => [r.key.rootCause!, r.count, r.contactCount, pct(r.shareOfContacts)]),
          };

          const weeks = d.weekly.map((r) => day(r.key.period!));
          const sla: ChartConfiguration = {
            type: 'line',
            data: { labels: weeks, datasets: [{ label: 'SLA compliance %', data: d.weekly.map((r) => pct(r.slaCompliance)), borderColor: PALETTE[2], backgroundColor: PALETTE[2] }] },
            options: { ...common, scales: { y: { min: 0, max: 100, title: { display: true, text: '%' } } } },
          };
          const slaTable: Table = { header: ['week', 'tickets', 'SLA compliance %'], rows: d.weekly.map((r) => [day(r.key.period!), r.count, pct(r.slaCompliance)]) };

          const sat: ChartConfiguration = {
            type: 'line',
            data: {
              labels: weeks,
              datasets: [
                { label: 'all ratings', data: d.weekly.map((r) => round2(r.avgSatisfaction)), borderColor: PALETTE[3], backgroundColor: PALETTE[3] },
                { label: "customers' own", data: d.weekly.map((r) => round2(r.avgCustomerSatisfaction)), borderColor: PALETTE[4], backgroundColor: PALETTE[4] },
              ],
            },
            options: { ...common, scales: { y: { min: 1, max: 5, title: { display: true, text: 'CSAT (1–5)' } } } },
          };
          const satTable: Table = {
            header: ['week', 'ratings', 'avg satisfaction', 'avg customer satisfaction'],
            rows: d.weekly.map((r) => [day(r.key.period!), r.ratingCount, round2(r.avgSatisfaction), round2(r.avgCustomerSatisfaction)]),
          };
          return (
            <div className="charts">
              <ChartFigure id="tickets-per-day" title="Tickets per day by channel" description={`${d.perDay.reduce((s, r) => s + r.count, 0)} tickets over ${days.length} days`} config={perDay} table={perDayTable} />
              <ChartFigure id="failure-demand" title="Failure demand by root cause" description="contacts and tickets per root cause of resolved tickets" config={failure} table={failureTable} />
              <ChartFigure id="sla-compliance" title="SLA compliance by week" description="share of decided tickets that met their SLA" config={sla} table={slaTable} />
              <ChartFigure id="satisfaction" title="Satisfaction by week" description="mean CSAT score per week" config={sat} table={satTable} />
            </div>
          );
        }}
      </Status>
    </>
  );
}
