import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AXES, suppress, type Suppression, type SuppressionInput } from '../../src/indices/suppression';

/** A one-axis tree: cells listed as [n, parentIndex]. */
function tree(cells: [number, number][], axis: 'region' | 'industry' | 'size' = 'region'): SuppressionInput {
  const none = cells.map(() => -1);
  return {
    n: cells.map(([n]) => n),
    parent: {
      region: axis === 'region' ? cells.map(([, p]) => p) : none,
      industry: axis === 'industry' ? cells.map(([, p]) => p) : none,
      size: axis === 'size' ? cells.map(([, p]) => p) : none,
    },
    order: cells.map((_, i) => i),
  };
}

describe('small-cell suppression', () => {
  it('suppresses cells under k (primary)', () => {
    expect(
      suppress(
        tree([
          [20, -1],
          [4, 0],
          [16, 0],
        ]),
        5,
      ),
    ).toEqual([null, 'fewer_than_k', 'complementary']);
  });

  it('adds the smallest sibling until the hidden group reaches k', () => {
    // parent 30 = 2 + 6 + 7 + 15: hiding only the 2 would reveal it by subtraction; hide the 6 too (2 + 6 ≥ 5).
    expect(
      suppress(
        tree([
          [30, -1],
          [2, 0],
          [6, 0],
          [7, 0],
          [15, 0],
        ]),
        5,
      ),
    ).toEqual([null, 'fewer_than_k', 'complementary', null, null]);
  });

  it('leaves siblings alone when the hidden group is already k or more', () => {
    expect(
      suppress(
        tree([
          [30, -1],
          [3, 0],
          [4, 0],
          [23, 0],
        ]),
        5,
      ),
    ).toEqual([null, 'fewer_than_k', 'fewer_than_k', null]);
  });

  it('hides a complementary cell together with its descendants, so they cannot rebuild it', () => {
    // country 40 → A (2), B (38 → b1 19, b2 19). Hiding B alone would let b1 + b2 rebuild it and reveal A.
    const out = suppress(
      tree([
        [40, -1],
        [2, 0],
        [38, 0],
        [19, 2],
        [19, 2],
      ]),
      5,
    );
    expect(out).toEqual([null, 'fewer_than_k', 'complementary', 'complementary', 'complementary']);
  });

  it('looks through suppressed children to the published cells under them', () => {
    // P 20 → C1 (4: c11 4), C2 (16: c21 8, c22 8). C1 is primary; the atom of P is C1 = 4 < 5, so the smallest frontier
    // cell (one of the 8s, via C2 being published it is C2 itself at 16) goes.
    const out = suppress(
      tree([
        [20, -1],
        [4, 0],
        [4, 1],
        [16, 0],
        [8, 3],
        [8, 3],
      ]),
      5,
    );
    expect(out[0]).toBeNull();
    expect(out.slice(1, 3)).toEqual(['fewer_than_k', 'fewer_than_k']);
    expect(out.slice(3)).toEqual(['complementary', 'complementary', 'complementary']);
  });

  it('suppresses a parent that is the same set as its only, suppressed child', () => {
    // On the size axis the cell (r, i, *) has one class only (n 6); that class is hidden to protect a 1 on the
    // industry axis, so (r, i, *) must go too or it would publish the hidden class.
    const input: SuppressionInput = {
      // 0 (r,*,*) 7; 1 (r,i,*) 6; 2 (r,j,*) 1; 3 (r,i,s) 6; 4 (r,j,s) 1; 5 (r,*,s) 7
      n: [7, 6, 1, 6, 1, 7],
      parent: {
        region: [-1, -1, -1, -1, -1, -1],
        industry: [-1, 0, 0, 5, 5, -1],
        size: [-1, -1, -1, 1, 2, 0],
      },
      order: [0, 1, 2, 3, 4, 5],
    };
    const out = suppress(input, 5);
    expect(out[2]).toBe('fewer_than_k');
    expect(out[4]).toBe('fewer_than_k');
    // (r,i,s) is the complement of (r,j,s) under (r,*,s), and (r,i,*) equals it.
    expect(out[3]).toBe('complementary');
    expect(out[1]).toBe('complementary');
  });

  it('is deterministic', () => {
    const input = tree([
      [50, -1],
      [1, 0],
      [7, 0],
      [7, 0],
      [35, 0],
    ]);
    expect(suppress(input, 5)).toEqual(suppress(input, 5));
  });

  it('stops the cross-cut attack on an industry × size table (hidden neighbour recovered first, then the small cell)', () => {
    // One county: (31, large) 1, (31, medium) 10, (26, large) 10, (26, medium) 10. Hiding (31, large) and one
    // neighbour per margin is not enough: (26, large) = (26, *) − (26, medium), then (31, large) = (*, large) − (26, large).
    const input = crossTable([
      [1, 10],
      [10, 10],
    ]);
    const out = suppress(input, 5);
    expect(out[cellOf(0, 0)]).toBe('fewer_than_k');
    expect(recoverable(input, out).filter((i) => input.n[i]! < 5)).toEqual([]);
  });

  it('never lets a small cell be recovered by chains of subtractions and sums, on random cubes', () => {
    fc.assert(
      fc.property(randomCube(), fc.integer({ min: 3, max: 6 }), (input, k) => {
        const out = suppress(input, k);
        const exposed = recoverable(input, out).filter((i) => input.n[i]! > 0 && input.n[i]! < k);
        expect(exposed).toEqual([]);
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });
});

/**
 * The cells an attacker can compute from the published ones by chains of the two moves sums allow: a parent minus
 * all its children but one gives that one; the children, all known, give their parent.
 */
function recoverable(input: SuppressionInput, out: Suppression[]): number[] {
  const count = input.n.length;
  const known = out.map((s) => s === null);
  const kids = (p: number, axis: (typeof AXES)[number]) => {
    const list: number[] = [];
    for (let i = 0; i < count; i++) if (input.parent[axis][i] === p && input.n[i]! > 0) list.push(i);
    return list;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let p = 0; p < count; p++) {
      for (const axis of AXES) {
        const children = kids(p, axis);
        if (children.length === 0) continue;
        const unknown = children.filter((c) => !known[c]);
        if (known[p] && unknown.length === 1) {
          known[unknown[0]!] = true;
          changed = true;
        } else if (!known[p] && unknown.length === 0) {
          known[p] = true;
          changed = true;
        }
      }
    }
  }
  return known.flatMap((k, i) => (k && out[i] !== null ? [i] : []));
}

/** Cell index in crossTable's layout: (industry i, size s), with −1 for "all". */
const cellOf = (i: number, s: number, sizes = 2) => (i + 1) * (sizes + 1) + (s + 1);

/** One region's industry × size table with its margins, from the inner counts. */
function crossTable(inner: number[][]): SuppressionInput {
  const industries = inner.length;
  const sizes = inner[0]!.length;
  const n: number[] = [];
  const industry: number[] = [];
  const size: number[] = [];
  for (let i = -1; i < industries; i++) {
    for (let s = -1; s < sizes; s++) {
      const rows = i < 0 ? inner : [inner[i]!];
      n.push(rows.reduce((sum, row) => sum + (s < 0 ? row.reduce((a, b) => a + b, 0) : row[s]!), 0));
      industry.push(i < 0 ? -1 : cellOf(-1, s, sizes));
      size.push(s < 0 ? -1 : cellOf(i, -1, sizes));
    }
  }
  return { n, parent: { region: n.map(() => -1), industry, size }, order: n.map((_, i) => i) };
}

/**
 * A country → province → 2 cities → 2 counties each, × all + 2–3 industries, × all + 2 size classes, with small
 * random counts at the leaves and every other cell the sum of its leaves.
 */
function randomCube(): fc.Arbitrary<SuppressionInput> {
  const regionParent = [-1, 0, 1, 1, 2, 2, 3, 3]; // 0 country, 1 province, 2–3 cities, 4–7 counties
  const counties = [4, 5, 6, 7];
  return fc.integer({ min: 2, max: 3 }).chain((industries) =>
    fc
      .array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 12 })), {
        minLength: counties.length * industries * 2,
        maxLength: counties.length * industries * 2,
      })
      .map((leaves) => {
        const sizes = 2;
        const id = (r: number, i: number, s: number) => (r * (industries + 1) + (i + 1)) * (sizes + 1) + (s + 1);
        const cells = regionParent.length * (industries + 1) * (sizes + 1);
        const n = new Array<number>(cells).fill(0);
        const parent = { region: new Array<number>(cells).fill(-1), industry: new Array<number>(cells).fill(-1), size: new Array<number>(cells).fill(-1) };
        counties.forEach((county, c) => {
          for (let i = 0; i < industries; i++) {
            for (let s = 0; s < sizes; s++) {
              const v = leaves[(c * industries + i) * sizes + s]!;
              for (let r = county; r >= 0; r = regionParent[r]!) for (const ii of [i, -1]) for (const ss of [s, -1]) n[id(r, ii, ss)]! += v;
            }
          }
        });
        for (let r = 0; r < regionParent.length; r++) {
          for (let i = -1; i < industries; i++) {
            for (let s = -1; s < sizes; s++) {
              const cell = id(r, i, s);
              if (regionParent[r]! >= 0) parent.region[cell] = id(regionParent[r]!, i, s);
              if (i >= 0) parent.industry[cell] = id(r, -1, s);
              if (s >= 0) parent.size[cell] = id(r, i, -1);
            }
          }
        }
        return { n, parent, order: n.map((_, i) => i) };
      }),
  );
}
