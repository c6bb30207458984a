/**
 * Small-cell suppression for one period's cube of index cells (pure: no I/O).
 *
 * Cells nest along three axes: region (country → province → city → county), industry (all → division) and size
 * (all → class). Publishing a parent and some of its children reveals, by subtraction, the enterprises of the parent
 * not covered by its published descendants — its "atom". Along one axis the published cells form a laminar family,
 * and any linear combination of published sums is constant on atoms, so an attacker can isolate no group smaller than
 * the smallest atom. Across axes a hidden cell recovered on one axis becomes a known term on another (the classic
 * industry × size cross-cut), so no hidden cell may be recoverable at all. The rules therefore are:
 *   1. primary: a cell of fewer than k enterprises is suppressed;
 *   2. complementary: for every published cell and axis, the atom has 0 or ≥ k enterprises; otherwise the smallest
 *      published descendant on the frontier is suppressed with everything under it, until it does;
 *   3. a published cell whose only non-empty child on an axis is suppressed is suppressed too (it is the same set);
 *   4. a published cell never has exactly one suppressed child on an axis (parent minus the others would give it):
 *      the smallest published sibling goes too;
 *   5. a suppressed cell never has only published children on an axis (their sum would give it): the smallest goes;
 * repeated over all axes until nothing changes. With 4 and 5 no chain of "parent minus the other children" and "sum
 * of the children" recovers any suppressed cell (a property test checks this on random cubes). General linear
 * combinations across axes are not ruled out; see README "Publishing safely" for what is and is not guaranteed.
 */

export type Axis = 'region' | 'industry' | 'size';
export const AXES: readonly Axis[] = ['region', 'industry', 'size'];

export type Suppression = 'fewer_than_k' | 'complementary' | null;

export interface SuppressionInput {
  n: ArrayLike<number>;
  /** For each axis, the index of a cell's parent on that axis, or −1. */
  parent: Record<Axis, ArrayLike<number>>;
  /** Stable order for ties (cell ids); lower sorts first. */
  order: ArrayLike<number>;
}

const PUBLISHED = 0;
const PRIMARY = 1;
const COMPLEMENTARY = 2;

export function suppress(input: SuppressionInput, k: number): Suppression[] {
  return finish(suppressing(input, k));
}

/** Runs a step-wise computation (see suppressing) to its end, without pausing. */
export function finish<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** How many cells a step-wise computation goes through between two pauses. */
export const CELLS_PER_STEP = 8192;

/**
 * `suppress`, pausing every CELLS_PER_STEP cells, so that a caller can let other work run in between: a live cube at
 * a million assessments has over 200k cells.
 */
export function* suppressing(input: SuppressionInput, k: number): Generator<void, Suppression[]> {
  const count = input.n.length;
  const status = new Uint8Array(count);
  for (let i = 0; i < count; i++) if (input.n[i]! < k) status[i] = PRIMARY;

  const children: Record<Axis, number[][]> = { region: [], industry: [], size: [] };
  for (const axis of AXES) {
    const lists: number[][] = Array.from({ length: count }, () => []);
    for (let i = 0; i < count; i++) {
      if (i % CELLS_PER_STEP === CELLS_PER_STEP - 1) yield;
      const p = input.parent[axis][i]!;
      if (p >= 0 && input.n[i]! > 0) lists[p]!.push(i);
    }
    children[axis] = lists;
  }

  const published = (i: number) => status[i] === PUBLISHED;
  const frontier = (p: number, axis: Axis, out: number[]) => {
    for (const c of children[axis][p]!) {
      if (published(c)) out.push(c);
      else frontier(c, axis, out);
    }
    return out;
  };
  const hideSubtree = (i: number, axis: Axis) => {
    if (status[i] === PUBLISHED) status[i] = COMPLEMENTARY;
    for (const c of children[axis][i]!) hideSubtree(c, axis);
  };

  const smallestFirst = (a: number, b: number) => input.n[a]! - input.n[b]! || input.order[a]! - input.order[b]!;
  /** Rules 4 and 5: hides the smallest published cell of `cells` with what is under it; false if none is left. */
  const hideSmallestPublished = (cells: number[], axis: Axis) => {
    const candidates = cells.filter(published).sort(smallestFirst);
    if (candidates.length === 0) return false;
    hideSubtree(candidates[0]!, axis);
    return true;
  };

  for (let changed = true; changed; ) {
    changed = false;
    for (const axis of AXES) {
      for (let p = 0; p < count; p++) {
        if (p % CELLS_PER_STEP === CELLS_PER_STEP - 1) yield;
        const nonEmpty = children[axis][p]!;
        if (nonEmpty.length === 0) continue;
        if (!published(p)) {
          // Rule 5 (primary cells have only primary children, so this concerns complementary ones).
          if (input.n[p]! > 0 && nonEmpty.every(published) && hideSmallestPublished(nonEmpty, axis)) changed = true;
          continue;
        }
        if (nonEmpty.length === 1 && !published(nonEmpty[0]!) && input.n[nonEmpty[0]!] === input.n[p]) {
          status[p] = COMPLEMENTARY; // rule 3: the parent is that suppressed child
          changed = true;
          continue;
        }
        const front = frontier(p, axis, []);
        let atom = input.n[p]! - front.reduce((s, c) => s + input.n[c]!, 0);
        if (atom > 0 && atom < k) {
          front.sort(smallestFirst);
          for (const f of front) {
            hideSubtree(f, axis);
            atom += input.n[f]!;
            changed = true;
            if (atom >= k) break;
          }
        }
        // Rule 4.
        if (nonEmpty.filter((c) => !published(c)).length === 1 && hideSmallestPublished(nonEmpty, axis)) changed = true;
      }
    }
  }
  return Array.from(status, (s) => (s === PRIMARY ? 'fewer_than_k' : s === COMPLEMENTARY ? 'complementary' : null));
}
