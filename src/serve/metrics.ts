/**
 * Request counters and latency histograms, written in the Prometheus text
 * exposition format (version 0.0.4) for GET /metrics.
 */

/** Upper bounds (seconds) of the latency histogram buckets. */
export const LATENCY_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export class ServeMetrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  reloads = 0;
  reloadFailures = 0;

  /** Records one answered request. */
  observe(route: string, status: number, seconds: number): void {
    const key = `route="${escape(route)}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    let h = this.latency.get(route);
    if (!h) {
      h = { counts: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.latency.set(route, h);
    }
    LATENCY_BUCKETS.forEach((b, i) => {
      if (seconds <= b) h.counts[i]++;
    });
    h.sum += seconds;
    h.count++;
  }

  /** The exposition text; `rss` is the resident set size in bytes. */
  render(rss: number): string {
    const lines = [
      '# HELP winnow_http_requests_total Requests answered, by route and status.',
      '# TYPE winnow_http_requests_total counter',
      ...[...this.requests].map(
        ([k, v]) => `winnow_http_requests_total{${k}} ${v}`,
      ),
      '# HELP winnow_http_request_duration_seconds Time to answer a request.',
      '# TYPE winnow_http_request_duration_seconds histogram',
      ...[...this.latency].flatMap(([route, h]) => histogram(route, h)),
      '# HELP winnow_model_reloads_total Successful model reloads.',
      '# TYPE winnow_model_reloads_total counter',
      `winnow_model_reloads_total ${this.reloads}`,
      '# HELP winnow_model_reload_failures_total Failed reloads (the old ' +
        'model kept serving).',
      '# TYPE winnow_model_reload_failures_total counter',
      `winnow_model_reload_failures_total ${this.reloadFailures}`,
      '# HELP process_resident_memory_bytes Resident memory in bytes.',
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${rss}`,
    ];
    return `${lines.join('\n')}\n`;
  }
}

function histogram(route: string, h: Histogram): string[] {
  const r = `route="${escape(route)}"`;
  const name = 'winnow_http_request_duration_seconds';
  return [
    ...LATENCY_BUCKETS.map(
      (b, i) => `${name}_bucket{${r},le="${b}"} ${h.counts[i]}`,
    ),
    `${name}_bucket{${r},le="+Inf"} ${h.count}`,
    `${name}_sum{${r}} ${h.sum}`,
    `${name}_count{${r}} ${h.count}`,
  ];
}

function escape(label: string): string {
  return label
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n');
}
