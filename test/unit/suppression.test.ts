import { describe, expect, it } from 'vitest';
import { suppress, type SuppressionInput } from '../../src/indices/suppression';

/** A one-axis tree: cells listed as [n, parentIndex]. */
function tree(cells: [number, number][], axis: 'region' | 'industry' | 'size' = 'region'): SuppressionInput {
  const none = cells.map(() => -1);
  return {
    n: cells.map(([n]) => n),
    parent: { region: axis === 'region' ? cells.map(([, p]) => p) : none, industry: axis === 'industry' ? cells.map(([, p]) => p) : none, size: axis === 'size' ? cells.map(([, p]) => p) : none },
    order: cells.map((_, i) => i),
  };
}

describe('small-cell suppression', () => {
  it('suppresses cells under k (primary)', () => {
    expect(suppress(tree([[20, -1], [4, 0], [16, 0]]), 5)).toEqual([null, 'fewer_than_k', 'complementary']);
  });

  it('adds the smallest sibling until the hidden group reaches k', () => {
    // parent 30 = 2 + 6 + 7 + 15: hiding only the 2 would reveal it by subtraction; hide the 6 too (2 + 6 ≥ 5).
    expect(suppress(tree([[30, -1], [2, 0], [6, 0], [7, 0], [15, 0]]), 5)).toEqual([null, 'fewer_than_k', 'complementary', null, null]);
  });

  it('leaves siblings alone when the hidden group is already k or more', () => {
    expect(suppress(tree([[30, -1], [3, 0], [4, 0], [23, 0]]), 5)).toEqual([null, 'fewer_than_k', 'fewer_than_k', null]);
  });

  it('hides a complementary cell together with its descendants, so they cannot rebuild it', () => {
    // country 40 → A (2), B (38 → b1 19, b2 19). Hiding B alone would let b1 + b2 rebuild it and reveal A.
    const out = suppress(tree([[40, -1], [2, 0], [38, 0], [19, 2], [19, 2]]), 5);
    expect(out).toEqual([null, 'fewer_than_k', 'complementary', 'complementary', 'complementary']);
  });

  it('looks through suppressed children to the published cells under them', () => {
    // P 20 → C1 (4: c11 4), C2 (16: c21 8, c22 8). C1 is primary; the atom of P is C1 = 4 < 5, so the smallest frontier
    // cell (one of the 8s, via C2 being published it is C2 itself at 16) goes.
    const out = suppress(tree([[20, -1], [4, 0], [4, 1], [16, 0], [8, 3], [8, 3]]), 5);
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
    const input = tree([[50, -1], [1, 0], [7, 0], [7, 0], [35, 0]]);
    expect(suppress(input, 5)).toEqual(suppress(input, 5));
  });
});
