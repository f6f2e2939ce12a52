/**
 * On an article page: progress follows the reader through the body (not the comments), the article becomes read
 * when the end of the body has been on screen for the dwell time after the reader scrolled, and the strip above the
 * body (features/article-strip.ts) shows the state with one progress figure, offers to return to the saved place,
 * places the article in its series and lets the reader mark it read or unread by hand. Nothing floats over the text.
 */
import type { ReadingRecord, ReadState } from '@/utils/db/model';
import { whenMathSettled } from '@/utils/tex/dom/offscreen';
import { AutoReadRule, readingPosition, scrollYForPosition, seenShare, type BodyBox } from '@/utils/reading/progress';
import { crossReferences, neighbours } from '@/utils/site/linked-articles';
import { PAGE_REQUEST } from '@/utils/page-actions';
import { sendPageRequest } from './page-request';
import { defineFeature } from './feature';
import { onStatesChanged } from './state-broadcasts';
import { createArticleStrip } from './article-strip';
import { switchPageRenderer } from './page-renderer';

/** Report progress at most this often while scrolling (one message to the background each time). */
const REPORT_EVERY_MS = 2000;
/** A pause this long ends a scroll: the position reached is reported then, not only every REPORT_EVERY_MS. */
const SCROLL_STOP_MS = 250;
/** Offer to return only when the saved place is meaningfully below the top. */
const RESUME_FROM = 0.03;

function bodyBox(content: Element): BodyBox {
  const rect = content.getBoundingClientRect();
  return { top: rect.top + window.scrollY, height: rect.height };
}

const viewport = () => ({ scrollY: window.scrollY, height: window.innerHeight });

export const articleTracker = defineFeature({
  id: 'article-tracker',
  runsOn: ['article'],
  async init({ doc, reading, api, settings, ctx, signal, text, renderer }) {
    const { article } = reading;
    const id = article.id;
    let record: ReadingRecord | null = null;
    let savedPosition = 0;

    const strip = createArticleStrip(doc, article.content, {
      text,
      renderer: renderer.page,
      signal,
      actions: {
        toggleRead: () => void setState(record?.state === 'read' ? 'unread' : 'read', 'manual'),
        resume: () => {
          // Off-screen paragraphs with math have provisional heights until the math renderer has settled them.
          void whenMathSettled(doc).then(() => {
            if (!signal.aborted) window.scrollTo({ top: scrollYForPosition(bodyBox(article.content), savedPosition) });
          });
        },
        follow: async (key, follow) => {
          if (follow) await api.follow(key);
          else await api.unfollow(key);
        },
        openSeries: (key) => sendPageRequest({ type: PAGE_REQUEST, action: 'open-series', key }),
        switchRenderer: () => switchPageRenderer(renderer.global, !renderer.page),
      },
    });
    signal.addEventListener('abort', () => strip.remove(), { once: true });

    const show = (next: ReadingRecord) => {
      record = next;
      doc.documentElement.setAttribute('data-kx-state', next.state);
      strip.showState(next);
    };
    const setState = async (state: ReadState, source: 'manual' | 'auto') => {
      const { records } = await api.setState([id], state, source);
      for (const changed of records) if (changed.id === id) show(changed);
    };
    let neighbourIds: string[] = [];
    const showSeries = () =>
      api.seriesNavigation(id).then((navigation) => {
        if (!navigation || signal.aborted) return;
        neighbourIds = [navigation.previous?.id, navigation.next?.id].filter((n): n is string => n !== undefined);
        strip.showSeries(navigation);
      });
    onStatesChanged((records) => {
      records.filter((r) => r.id === id).forEach(show);
      // A part marked elsewhere (another tab, the context menu): the strip's counts and marks follow.
      if (records.some((r) => r.id === id || neighbourIds.includes(r.id))) void showSeries();
    }, signal);

    const states = await api.seenAndStates(
      [
        {
          id,
          title: article.title,
          ...(/^\d{4}/.test(article.date) ? { date: article.date } : {}),
          ...(article.category ? { category: article.category } : {}),
          tags: article.tags,
        },
      ],
      'article',
    );
    if (signal.aborted) return;
    const saved = states[id];
    show(saved);
    savedPosition = saved.position;
    if (saved.state !== 'read' && saved.position > RESUME_FROM && !location.hash) strip.offerResume(true);

    void showSeries();
    // The articles this page names complete the catalog (never renaming one: these titles may be out of date).
    for (const [linked, on] of [
      [neighbours(doc, article), 'related'],
      [crossReferences(article), 'reference'],
    ] as const) {
      if (linked.length === 0) continue;
      api.seenAndStates(linked, on).catch((error: Error) => console.warn(`[Kexue Reader] catalog: ${error.message}`));
    }

    const rule = new AutoReadRule(settings.autoReadThreshold, settings.autoReadDwellMs);
    let lastReport = 0;
    let reported = { progress: saved.progress, position: saved.position };
    let recheck: number | undefined;

    const report = (force: boolean) => {
      const box = bodyBox(article.content);
      const progress = Math.max(reported.progress, seenShare(box, viewport()));
      const position = readingPosition(box, viewport());
      const now = Date.now();
      const changed = Math.abs(progress - reported.progress) >= 0.01 || Math.abs(position - reported.position) >= 0.01;
      if (changed && (force || now - lastReport >= REPORT_EVERY_MS)) {
        lastReport = now;
        reported = { progress, position };
        void api.reportProgress(id, progress, position).then(
          (next) => show(next),
          () => undefined,
        );
      }
      if (rule.update(box, viewport(), now)) void setState('read', 'auto');
      const wait = rule.pendingMs(now);
      if (recheck !== undefined) clearTimeout(recheck);
      recheck = wait === null ? undefined : ctx.setTimeout(() => report(true), wait + 50);
    };

    let frame = 0;
    let scrollStop: number | undefined;
    const onScroll = () => {
      if (scrollStop !== undefined) clearTimeout(scrollStop);
      scrollStop = ctx.setTimeout(() => report(true), SCROLL_STOP_MS);
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        report(false);
      });
    };
    // Only the reader's own input counts as reading; scrolls made by the page or by "return to my place" don't.
    for (const type of ['wheel', 'touchmove', 'keydown', 'pointerdown'] as const) {
      window.addEventListener(type, (event) => event.isTrusted && rule.userScrolled(), { passive: true, signal });
    }
    window.addEventListener('scroll', onScroll, { passive: true, signal });
    doc.addEventListener('visibilitychange', () => doc.visibilityState === 'hidden' && report(true), { signal });
    report(true);
  },
});
