/**
 * The one way services touch the database transactionally, on any backend. Work may await the repositories
 * (PostgreSQL answers later; SQLite at once) and nothing else: a transaction stays open while its work runs, so
 * work that waits on a timer or the network holds every writer behind it.
 */
export type Awaitable<T> = T | PromiseLike<T>;

export interface UnitOfWork {
  /**
   * Runs `work` as one write transaction and settles after COMMIT, so whoever is told "done" is told so about
   * durable data. If `work` throws, nothing it wrote remains. Called inside another write's work, it joins that
   * transaction.
   */
  write<T>(work: () => Awaitable<T>): Promise<T>;
  /**
   * Runs `work` on committed data only (never on a write transaction still open); inside a write's work, it reads
   * what that write has done so far.
   */
  read<T>(work: () => Awaitable<T>): Promise<T>;
}

/**
 * A repository as the services see it, on any backend: every method's result may come later (PostgreSQL) or at
 * once (SQLite, whose repositories stay synchronous underneath: awaiting a plain value costs a microtask, not a
 * round trip). Services await each call, inside the unit of work.
 */
export type Awaitified<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Awaitable<Awaited<R>> : T[K];
};
