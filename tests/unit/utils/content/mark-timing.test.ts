import { afterEach, describe, expect, it, vi } from 'vitest';
import { markTiming } from '@/utils/content/mark-timing';

describe('markTiming', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    performance.clearMarks();
  });

  it('makes the mark, with its detail', () => {
    markTiming('kx:test', { detail: { n: 1 } });
    expect(performance.getEntriesByName('kx:test').map((e) => (e as PerformanceMark).detail)).toEqual([{ n: 1 }]);
  });

  it('does not throw when the page is gone (Firefox: "Global object is unavailable")', () => {
    vi.spyOn(performance, 'mark').mockImplementation(() => {
      throw new DOMException('Performance.mark: Global object is unavailable', 'InvalidStateError');
    });
    expect(() => markTiming('kx:late')).not.toThrow();
  });
});
