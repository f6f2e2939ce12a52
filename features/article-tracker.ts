/**
 * On an article page: progress follows the reader through the body (not the comments), the article becomes read
 * when the end of the body has been on screen for the dwell time after the reader scrolled, and the strip above the
 * body (utils/content/article-strip.ts) shows the state with one progress figure, offers to return to the saved
 * place, places the article in its series and lets the reader mark it read or unread by hand. Nothing floats over
 * the text.
 */
import { type ArticleStrip, createArticleStrip, type StripActions } from '@/utils/content/article-strip';
import { defineFeature, type FeatureContext } from '@/utils/content/feature';
import { switchPageRenderer } from '@/utils/content/page-renderer';
import { sendPageRequest } from '@/utils/content/page-request';
import { seenArticle } from '@/utils/content/seen-article';
import type { ReaderApi } from '@/utils/db/api';
import type { ReadingRecord, ReadState } from '@/utils/db/model';
import { PAGE_REQUEST } from '@/utils/page-actions';
import { AutoReadRule, type BodyBox, readingPosition, scrollYForPosition, seenShare } from '@/utils/reading/progress';
import { onStatesChanged } from '@/utils/reading/state-broadcasts';
import { crossReferences, neighbours } from '@/utils/site/linked-articles';
import type { ArticleFacts } from '@/utils/site/types';
import { whenMathSettled } from '@/utils/tex/dom/offscreen';

/** Report progress at most this often while scrolling (one message to the background each time). */
const REPORT_EVERY_MS = 2000;
/** A pause this long ends a scroll: the position reached is reported then, not only every REPORT_EVERY_MS. */
const SCROLL_STOP_MS = 250;
/** Offer to return only when the saved place is meaningfully below the top. */
const RESUME_FROM = 0.03;

type ArticleContext = FeatureContext<Extract<FeatureContext['reading'], { kind: 'article' }>>;

function bodyBox(content: Element): BodyBox {
  const rect = content.getBoundingClientRect();
  return { top: rect.top + window.scrollY, height: rect.height };
}

const viewport = () => ({ scrollY: window.scrollY, height: window.innerHeight });

/** What the strip's buttons do; `savedPosition` is read when "return to where you left off" is clicked. */
function stripActions(
  { doc, api, signal, renderer, reading }: ArticleContext,
  toggleRead: () => void,
  savedPosition: () => number,
): StripActions {
  return {
    toggleRead,
    resume: () => {
      // Off-screen paragraphs with math have provisional heights until the math renderer has settled them.
      void whenMathSettled(doc).then(() => {
        if (signal.aborted) return;
        window.scrollTo({ top: scrollYForPosition(bodyBox(reading.article.content), savedPosition()) });
      });
    },
    follow: async (key, follow) => {
      if (follow) await api.follow(key);
      else await api.unfollow(key);
    },
    openSeries: (key) => sendPageRequest({ type: PAGE_REQUEST, action: 'open-series', key }),
    switchRenderer: () => switchPageRenderer(renderer.global, !renderer.page),
  };
}

/** The article's series in the strip; `involves` says whether a changed article is this one or a neighbour. */
function seriesInStrip(api: ReaderApi, id: string, strip: ArticleStrip, signal: AbortSignal) {
  let neighbourIds: string[] = [];
  return {
    refresh: () =>
      api.seriesNavigation(id).then((navigation) => {
        if (!navigation || signal.aborted) return;
        neighbourIds = [navigation.previous?.id, navigation.next?.id].filter((n): n is string => n !== undefined);
        strip.showSeries(navigation);
      }),
    involves: (changed: string) => changed === id || neighbourIds.includes(changed),
  };
}

/** Records the article in the catalog and returns its reading state. */
async function recordArticle(api: ReaderApi, article: ArticleFacts): Promise<ReadingRecord> {
  const seen = {
    ...seenArticle(article),
    ...(article.category ? { category: article.category } : {}),
    tags: article.tags,
  };
  const states = await api.seenAndStates([seen], 'article');
  const saved = states[article.id];
  if (!saved) throw new Error(`no reading state came back for article ${article.id}`);
  return saved;
}

/** The articles this page names complete the catalog (never renaming one: these titles may be out of date). */
function catalogLinkedArticles(doc: Document, article: ArticleFacts, api: ReaderApi): void {
  for (const [linked, on] of [
    [neighbours(doc, article), 'related'],
    [crossReferences(article), 'reference'],
  ] as const) {
    if (linked.length === 0) continue;
    api.seenAndStates(linked, on).catch((error: Error) => console.warn(`[Kexue Reader] catalog: ${error.message}`));
  }
}

/**
 * Reports progress and position while the reader scrolls (at most every REPORT_EVERY_MS, and when a scroll stops or
 * the tab is hidden), and marks the article read by the auto-read rule.
 */
function trackProgress(
  { api, settings, ctx, signal, reading, doc }: ArticleContext,
  saved: ReadingRecord,
  show: (record: ReadingRecord) => void,
  markRead: () => void,
): void {
  const { content, id } = reading.article;
  const rule = new AutoReadRule(settings.autoReadThreshold, settings.autoReadDwellMs);
  let lastReport = 0;
  let reported = { progress: saved.progress, position: saved.position };
  let recheck: number | undefined;

  const report = (force: boolean) => {
    const box = bodyBox(content);
    const progress = Math.max(reported.progress, seenShare(box, viewport()));
    const position = readingPosition(box, viewport());
    const now = Date.now();
    const changed = Math.abs(progress - reported.progress) >= 0.01 || Math.abs(position - reported.position) >= 0.01;
    if (changed && (force || now - lastReport >= REPORT_EVERY_MS)) {
      lastReport = now;
      reported = { progress, position };
      void api.reportProgress(id, progress, position).then(show, () => undefined);
    }
    if (rule.update(box, viewport(), now)) markRead();
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
}

export const articleTracker = defineFeature({
  id: 'article-tracker',
  runsOn: ['article'],
  async init(context) {
    const { doc, reading, api, signal, text, renderer } = context;
    const { article } = reading;
    let record: ReadingRecord | null = null;
    let savedPosition = 0;

    const toggleRead = () => void setState(record?.state === 'read' ? 'unread' : 'read', 'manual');
    const actions = stripActions(context, toggleRead, () => savedPosition);
    const strip = createArticleStrip(doc, article.content, { text, renderer: renderer.page, signal, actions });
    signal.addEventListener('abort', () => strip.remove(), { once: true });

    const show = (next: ReadingRecord) => {
      record = next;
      doc.documentElement.setAttribute('data-kx-state', next.state);
      strip.showState(next);
    };
    const setState = async (state: ReadState, source: 'manual' | 'auto') => {
      const { records } = await api.setState([article.id], state, source);
      for (const changed of records) if (changed.id === article.id) show(changed);
    };
    const series = seriesInStrip(api, article.id, strip, signal);
    onStatesChanged((records) => {
      records.filter((r) => r.id === article.id).forEach(show);
      // A part marked elsewhere (another tab, the context menu): the strip's counts and marks follow.
      if (records.some((r) => series.involves(r.id))) void series.refresh();
    }, signal);

    const saved = await recordArticle(api, article);
    if (signal.aborted) return;
    show(saved);
    savedPosition = saved.position;
    if (saved.state !== 'read' && saved.position > RESUME_FROM && !location.hash) strip.offerResume(true);
    void series.refresh();
    catalogLinkedArticles(doc, article, api);
    trackProgress(context, saved, show, () => void setState('read', 'auto'));
  },
});
