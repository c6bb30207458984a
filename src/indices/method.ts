/** Stated in every index response; bump the version with any change to how figures are computed or suppressed. */
export const INDEX_METHOD = {
  name: 'mean-of-latest-submitted',
  version: '1.0.0',
  description:
    'Index of a region for a period = mean total (发展水平) of the latest submitted assessment of each enterprise located in the region when it submitted, with dimension means and the stage distribution; rounded to one decimal, half away from zero. Cells of fewer than k enterprises are suppressed, and further cells are suppressed so that no smaller group can be derived by subtraction (complementary suppression along region, industry and size).',
} as const;

export const suppressionReason = (reason: 'fewer_than_k' | 'complementary', k: number) =>
  reason === 'fewer_than_k' ? `fewer than k = ${k} enterprises` : 'suppressed so that a smaller group cannot be derived by subtracting published figures';
