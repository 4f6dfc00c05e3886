import type { Db } from '../db/client';

/** Prometheus metrics without a dependency: request counts and latency histogram by route, DB pool. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Series {
  count: number;
  sum: number;
  buckets: number[];
}

export class Metrics {
  private requests = new Map<string, number>();
  private latency = new Map<string, Series>();
  readonly startedAt = Date.now();

  observe(method: string, route: string, status: number, seconds: number) {
    const key = `method="${method}",route="${route.replace(/"/g, '')}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const lkey = `method="${method}",route="${route.replace(/"/g, '')}"`;
    let s = this.latency.get(lkey);
    if (!s) {
      s = { count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
      this.latency.set(lkey, s);
    }
    s.count++;
    s.sum += seconds;
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) s.buckets[i]++;
    });
  }

  render(db: Db): string {
    const out: string[] = [];
    out.push('# HELP journal_http_requests_total HTTP requests by route and status.');
    out.push('# TYPE journal_http_requests_total counter');
    for (const [k, v] of this.requests) out.push(`journal_http_requests_total{${k}} ${v}`);
    out.push('# HELP journal_http_request_duration_seconds Request latency.');
    out.push('# TYPE journal_http_request_duration_seconds histogram');
    for (const [k, s] of this.latency) {
      BUCKETS.forEach((b, i) => {
        out.push(`journal_http_request_duration_seconds_bucket{${k},le="${b}"} ${s.buckets[i]}`);
      });
      out.push(`journal_http_request_duration_seconds_bucket{${k},le="+Inf"} ${s.count}`);
      out.push(`journal_http_request_duration_seconds_sum{${k}} ${s.sum.toFixed(6)}`);
      out.push(`journal_http_request_duration_seconds_count{${k}} ${s.count}`);
    }
    const p = db.poolStats();
    out.push('# HELP journal_db_pool_connections Database pool connections.');
    out.push('# TYPE journal_db_pool_connections gauge');
    out.push(`journal_db_pool_connections{state="total"} ${p.total}`);
    out.push(`journal_db_pool_connections{state="idle"} ${p.idle}`);
    out.push(`journal_db_pool_connections{state="waiting"} ${p.waiting}`);
    const mem = process.memoryUsage();
    out.push('# TYPE journal_process_resident_memory_bytes gauge');
    out.push(`journal_process_resident_memory_bytes ${mem.rss}`);
    // Where the resident memory is: V8's heap (used of total) and memory outside it (buffers).
    out.push('# TYPE journal_process_heap_bytes gauge');
    out.push(`journal_process_heap_bytes{state="used"} ${mem.heapUsed}`);
    out.push(`journal_process_heap_bytes{state="total"} ${mem.heapTotal}`);
    out.push(`journal_process_heap_bytes{state="external"} ${mem.external}`);
    out.push('# TYPE journal_process_uptime_seconds gauge');
    out.push(`journal_process_uptime_seconds ${((Date.now() - this.startedAt) / 1000).toFixed(0)}`);
    return `${out.join('\n')}\n`;
  }
}
