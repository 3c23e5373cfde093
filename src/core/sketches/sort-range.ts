/**
 * Sorts a[from, to) ascending in place, with no allocation (TypedArray#sort on a range needs a
 * subarray view, which would allocate on every KLL compaction). Quicksort with a median-of-three
 * pivot and Hoare partitioning, so sorted, reversed and heavily tied inputs all stay O(n log n) in
 * practice; short ranges finish with insertion sort. Callers pass finite numbers only.
 */
export function sortRange(a: Float64Array, from: number, to: number): void {
  let lo = from;
  let hi = to - 1;
  // Recurse on the smaller side and loop on the larger, so the stack depth stays O(log n).
  while (hi - lo > 16) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo - 1;
    let j = hi + 1;
    for (;;) {
      do i++; while (a[i]! < pivot);
      do j--; while (a[j]! > pivot);
      if (i >= j) break;
      swap(a, i, j);
    }
    if (j - lo < hi - j) {
      sortRange(a, lo, j + 1);
      lo = j + 1;
    } else {
      sortRange(a, j + 1, hi + 1);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= lo && a[j]! > x) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
