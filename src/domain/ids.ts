import { v7 } from 'uuid';

/**
 * The id of a new stored row (assessment, enterprise, snapshot): a UUID of version 7, whose leading bits are the
 * time, so that each table's key grows at its end instead of at a random place — with random ids, every insert
 * into a million-row key lands on a page not in the cache, and a bulk load slows as the tables grow. Within a
 * millisecond the package keeps them increasing. What they reveal (when the row was made) the rows show anyway.
 */
export const newId = (): string => v7();
