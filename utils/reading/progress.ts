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

/**
 * Decides when an article becomes read: the reader, scrolling through the body, brings its end into view (opening a
 * page is not reading it, and neither is landing below the body through a link to the comments), and the dwell time
 * passes after that.
 */
export class AutoReadRule {
  private inBody = false;
  private scrolled = false;
  private endSeenAt: number | null = null;
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
    if (seenShare(body, view) < this.threshold) this.inBody = true;
    else if (this.inBody && this.scrolled) this.endSeenAt ??= now;
    if (this.endSeenAt === null || now - this.endSeenAt < this.dwellMs) return false;
    this.done = true;
    return true;
  }

  /** How long to wait before asking again, once the end has been seen; null when nothing is pending. */
  pendingMs(now: number): number | null {
    if (this.done || this.endSeenAt === null) return null;
    return Math.max(0, this.dwellMs - (now - this.endSeenAt));
  }
}
