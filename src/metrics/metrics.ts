import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What one instance reports to Prometheus (GET /metrics): requests by operation, submissions, the change log's
 * projection lag and the database connections' use. Plain TypeScript: the HTTP edge records requests into it
 * (src/plugins/metrics.ts) and serves it; the composition root registers the sources read at each scrape.
 *
 * Labels are bounded by construction: an operation is a route's operationId (or its URL template for the few
 * routes without one, `unmatched` for none), never a raw URL; a status is its class (2xx … 5xx).
 */

/** How a backend's connections are used at the moment of a scrape. */
export interface PoolUse {
  /** Connections the backend may open (PostgreSQL: the pool's size; SQLite: its one write connection). */
  size: number;
  /** Connections running a statement or holding a transaction now. */
  inUse: number;
  /** Units of work waiting for a connection (SQLite: writes queued for the next group commit). */
  waiting: number;
}

/** How far a projection of the change log has applied it. */
export interface ProjectionPosition {
  applied: number;
  appended: number;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Node's own process metrics (CPU, memory, event-loop delay, GC) are per process: one registry, however many apps. */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createMetrics() {
  const registry = new Registry();
  const pools = new Map<string, () => PoolUse>();
  const projections = new Map<string, () => Promise<ProjectionPosition>>();

  const requests = new Histogram({
    name: 'ronghe_http_request_duration_seconds',
    help: 'Requests by operation (operationId), method and status class: latency in seconds; _count is the request count.',
    labelNames: ['operation', 'method', 'status_class'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const submissions = new Counter({
    name: 'ronghe_submissions_total',
    help: 'Assessments submitted through this instance (acknowledged 200s of submitAssessment; idempotent replays not counted).',
    registers: [registry],
  });

  // Gauges read their sources when scraped; a source that fails reports nothing rather than a stale value.
  const positions: Record<'applied' | 'appended' | 'lag', Gauge<'projection'>> = {
    appended: new Gauge({
      name: 'ronghe_change_log_sequence',
      help: 'The latest sequence of the change log.',
      labelNames: ['projection'],
      registers: [registry],
    }),
    applied: new Gauge({
      name: 'ronghe_projection_watermark',
      help: 'The last change-log sequence the projection has applied.',
      labelNames: ['projection'],
      registers: [registry],
    }),
    lag: new Gauge({
      name: 'ronghe_projection_lag_events',
      help: 'Change-log events not yet applied by the projection (latest sequence minus its watermark).',
      labelNames: ['projection'],
      registers: [registry],
    }),
  };
  async function readProjections(): Promise<void> {
    for (const gauge of Object.values(positions)) gauge.reset();
    for (const [projection, read] of projections) {
      // A source that fails (the database down) reports nothing; the rest of the scrape still answers.
      const position = await read().catch(() => null);
      if (!position) continue;
      const { applied, appended } = position;
      positions.appended.set({ projection }, appended);
      positions.applied.set({ projection }, applied);
      positions.lag.set({ projection }, Math.max(0, appended - applied));
    }
  }

  let poolsAtScrape: [string, PoolUse][] | undefined;
  const readPools = (): [string, PoolUse][] => [...pools].map(([backend, read]) => [backend, read()]);
  new Gauge({
    name: 'ronghe_db_connections',
    help: 'Database connections by backend and state: size (the most it opens), in_use, waiting (units of work queued for one).',
    labelNames: ['backend', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [backend, use] of poolsAtScrape ?? readPools()) {
        this.set({ backend, state: 'size' }, use.size);
        this.set({ backend, state: 'in_use' }, use.inUse);
        this.set({ backend, state: 'waiting' }, use.waiting);
      }
    },
  });

  return {
    /** A backend reports its connections' use here (SQLite: the group commit; PostgreSQL: its pool). */
    registerPool(backend: string, read: () => PoolUse): void {
      pools.set(backend, read);
    },
    /** A projection of the change log reports its position here (read at each scrape, inside a read unit of work). */
    registerProjection(name: string, read: () => Promise<ProjectionPosition>): void {
      projections.set(name, read);
    },
    /** One request, as the HTTP edge saw it. */
    observeRequest(operation: string, method: string, status: number, seconds: number): void {
      requests.observe({ operation, method, status_class: `${Math.floor(status / 100)}xx` }, seconds);
    },
    countSubmission(): void {
      submissions.inc();
    },
    contentType: registry.contentType,
    /** The Prometheus text exposition of this instance's metrics and its process's. */
    async exposition(): Promise<string> {
      // The connections as the scrape found them, before its own reads of the projections take one.
      poolsAtScrape = readPools();
      try {
        await readProjections();
        return (await registry.metrics()) + (await processMetrics().metrics());
      } finally {
        poolsAtScrape = undefined;
      }
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
