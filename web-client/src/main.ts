import { type DependencyCheck, ServerReadiness, validator } from '@diemcau/protocol';
import './style.css';

const POLL_MS = 15_000;
const TIMEOUT_MS = 5_000;

type Dependency = keyof ServerReadiness['checks'];
const NAMES: Record<Dependency, string> = {
  mediasoup: 'máy chủ truyền thông (mediasoup)',
  database: 'cơ sở dữ liệu',
  redis: 'Redis',
};
const DEPENDENCIES = Object.keys(NAMES) as Dependency[];
const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

const checkReadiness = validator(ServerReadiness);
const statusEl = document.getElementById('status')!;
const checksEl = document.getElementById('checks')!;

function item(d: Dependency, { ok, detail }: DependencyCheck): HTMLLIElement {
  const li = document.createElement('li');
  li.textContent = `${capitalize(NAMES[d])}: ${ok ? 'hoạt động' : 'chưa sẵn sàng'}${detail ? ` (${detail})` : ''}`;
  return li;
}

function show(state: 'ready' | 'degraded' | 'error', text: string, report?: ServerReadiness): void {
  statusEl.dataset['state'] = state;
  // Rewriting an unchanged live region would make screen readers repeat it on every poll.
  if (statusEl.textContent !== text) statusEl.textContent = text;
  checksEl.replaceChildren(...(report ? DEPENDENCIES.map((d) => item(d, report.checks[d])) : []));
}

async function refresh(): Promise<void> {
  let res: Response;
  try {
    res = await fetch('/readyz', { cache: 'no-store', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    return show('error', 'Không kết nối được tới máy chủ.');
  }
  // 200 when ready, 503 with the same body when a dependency is down.
  const parsed = checkReadiness(await res.json().catch(() => undefined));
  if (!parsed.ok) return show('error', `Máy chủ trả lời không hợp lệ (HTTP ${res.status}).`);
  const report = parsed.value;
  const down = DEPENDENCIES.filter((d) => !report.checks[d].ok);
  if (report.ready && down.length === 0) return show('ready', 'Hệ thống sẵn sàng.', report);
  const which = down.map((d) => NAMES[d]).join(', ');
  show('degraded', `Hệ thống chưa sẵn sàng${which ? `: ${which} chưa hoạt động` : ''}.`, report);
}

async function loop(): Promise<void> {
  if (document.visibilityState === 'visible') await refresh();
  setTimeout(() => void loop(), POLL_MS);
}

void loop();
