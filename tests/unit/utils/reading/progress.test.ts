import { describe, expect, it } from 'vitest';
import { AutoReadRule, readingPosition, scrollYForPosition, seenShare } from '@/utils/reading/progress';

const body = { top: 500, height: 10_000 };

describe('seenShare', () => {
  it.each([
    [0, 800, 0.03],
    [4_700, 800, 0.5],
    [9_700, 800, 1],
    [20_000, 800, 1],
  ])('scrollY %i with a %ipx screen → %f', (scrollY, height, expected) => {
    expect(seenShare(body, { scrollY, height })).toBeCloseTo(expected);
  });

  it('is 0 for an empty body', () => {
    expect(seenShare({ top: 0, height: 0 }, { scrollY: 100, height: 800 })).toBe(0);
  });
});

describe('reading position', () => {
  it('round-trips through the scroll offset', () => {
    const y = scrollYForPosition(body, 0.37);
    expect(readingPosition(body, { scrollY: y, height: 800 })).toBeCloseTo(0.37);
  });

  it('clamps out-of-range positions', () => {
    expect(scrollYForPosition(body, 3)).toBe(10_500);
    expect(readingPosition(body, { scrollY: 0, height: 800 })).toBe(0);
  });
});

describe('AutoReadRule', () => {
  const top = { scrollY: 0, height: 800 };
  const atEnd = { scrollY: 10_000, height: 800 };
  const inComments = { scrollY: 12_000, height: 800 };

  it('needs a scroll by the reader: opening a page with the end on screen is not reading it', () => {
    const rule = new AutoReadRule(1, 3000);
    expect(rule.update(body, top, 0)).toBe(false);
    expect(rule.update(body, atEnd, 10)).toBe(false);
    expect(rule.update(body, atEnd, 10_000)).toBe(false);
  });

  it('marks read once the dwell time has passed after the end came into view, exactly once', () => {
    const rule = new AutoReadRule(1, 3000);
    rule.update(body, top, 0);
    rule.userScrolled();
    expect(rule.update(body, atEnd, 1000)).toBe(false);
    expect(rule.pendingMs(2000)).toBe(2000);
    expect(rule.update(body, atEnd, 3999)).toBe(false);
    expect(rule.update(body, atEnd, 4000)).toBe(true);
    expect(rule.update(body, atEnd, 5000)).toBe(false);
    expect(rule.pendingMs(5000)).toBeNull();
  });

  it('still counts a reader who went on into the comments or back up to re-read', () => {
    const rule = new AutoReadRule(1, 3000);
    rule.update(body, top, 0);
    rule.userScrolled();
    rule.update(body, atEnd, 1000);
    expect(rule.update(body, { scrollY: 2000, height: 800 }, 2000)).toBe(false);
    expect(rule.update(body, inComments, 4000)).toBe(true);
  });

  it('does not count landing below the body (a link to the comments) and scrolling there', () => {
    const rule = new AutoReadRule(1, 0);
    rule.userScrolled();
    expect(rule.update(body, inComments, 0)).toBe(false);
    expect(rule.update(body, { scrollY: 13_000, height: 800 }, 5000)).toBe(false);
    // ...until the reader goes up into the body and reads down to its end.
    rule.update(body, { scrollY: 5000, height: 800 }, 6000);
    expect(rule.update(body, atEnd, 7000)).toBe(true);
  });

  it('honours a lower threshold', () => {
    const rule = new AutoReadRule(0.9, 0);
    rule.update(body, top, 0);
    rule.userScrolled();
    expect(rule.update(body, { scrollY: 8_800, height: 800 }, 0)).toBe(true);
  });
});
