/**
 * A performance mark for the bench (scripts/bench*.ts). Our work can end after its page was closed, and Firefox then
 * throws "Global object is unavailable" from `performance.mark`: a mark is not worth an error, so none is made.
 */
export function markTiming(name: string, options?: PerformanceMarkOptions): void {
  try {
    performance.mark(name, options);
  } catch {
    // The page is gone: nobody reads its marks.
  }
}
