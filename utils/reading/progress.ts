/**
 * How far a reader has got through an article body, from plain geometry (document coordinates), so the rules are
 * testable without a browser. The content script feeds it real scroll positions.
 */

export interface BodyBox {
  /** Top of the article body in document coordinates. */
  top: number;
  height: number;
}

export interface Viewport {
  scrollY: number;
  height: number;
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** Share of the body whose text has come into view: 1 once the bottom of the body has been on screen. */
export function seenShare(body: BodyBox, view: Viewport): number {
  if (body.height <= 0) return 0;
  return clamp01((view.scrollY + view.height - body.top) / body.height);
}

/** Where the reader is, as a share of the body above the top of the screen: what "return to my place" restores. */
export function readingPosition(body: BodyBox, view: Viewport): number {
  if (body.height <= 0) return 0;
  return clamp01((view.scrollY - body.top) / body.height);
}

export function scrollYForPosition(body: BodyBox, position: number): number {
  return Math.max(0, body.top + clamp01(position) * body.height);
}

/** The end of the body is on screen (not already scrolled past, e.g. after a jump to the comments). */
export function bodyEndVisible(body: BodyBox, view: Viewport, threshold: number): boolean {
  const end = body.top + body.height * clamp01(threshold);
  return end >= view.scrollY && end <= view.scrollY + view.height;
}

/**
 * Decides when an article becomes read: the reader scrolled (opening a page is not reading it), the end of the body
 * is on screen, and it stayed there for the dwell time.
 */
export class AutoReadRule {
  private endSince: number | null = null;
  private scrolled = false;
  private done = false;

  constructor(
    private readonly threshold: number,
    private readonly dwellMs: number,
  ) {}

  /** A scroll the reader made (not one the page or the extension made). */
  userScrolled(): void {
    this.scrolled = true;
  }

  /** Feed the current geometry; true exactly once, when the article should be marked read. */
  update(body: BodyBox, view: Viewport, now: number): boolean {
    if (this.done) return false;
    if (!this.scrolled || !bodyEndVisible(body, view, this.threshold)) {
      this.endSince = null;
      return false;
    }
    this.endSince ??= now;
    if (now - this.endSince < this.dwellMs) return false;
    this.done = true;
    return true;
  }

  /** How long to wait before asking again, while the end is on screen; null when nothing is pending. */
  pendingMs(now: number): number | null {
    if (this.done || this.endSince === null) return null;
    return Math.max(0, this.dwellMs - (now - this.endSince));
  }
}
