/**
 * On an article page: progress follows the reader through the body (not the comments), the article becomes read
 * when the end of the body has been on screen for the dwell time after the reader scrolled, a bar offers to return
 * to the saved position, and the reader can mark the article read or unread by hand.
 */
import { i18n } from '#i18n';
import type { SeriesSummary } from '../utils/db/api';
import type { ReadingRecord, ReadState } from '../utils/db/model';
import { whenMathSettled } from '../utils/tex/dom/offscreen';
import { AutoReadRule, readingPosition, scrollYForPosition, seenShare, type BodyBox } from '../utils/reading/progress';
import { crossReferences, neighbours } from '../utils/site/linked-articles';
import { defineFeature } from './feature';
import { onStatesChanged } from './state-broadcasts';

/** Report progress at most this often while scrolling (one message to the background each time). */
const REPORT_EVERY_MS = 2000;
/** Offer to return only when the saved place is meaningfully below the top. */
const RESUME_FROM = 0.03;

function bodyBox(content: Element): BodyBox {
  const rect = content.getBoundingClientRect();
  return { top: rect.top + window.scrollY, height: rect.height };
}

const viewport = () => ({ scrollY: window.scrollY, height: window.innerHeight });

function stateText(record: ReadingRecord | null): string {
  if (record?.state === 'read') return i18n.t('common.stateRead');
  if (record?.state === 'reading') return i18n.t('common.stateReading', [Math.round(record.progress * 100)]);
  return i18n.t('common.stateUnread');
}

export const articleTracker = defineFeature({
  id: 'article-tracker',
  runsOn: ['article'],
  async init({ doc, reading, api, settings, ctx, signal }) {
    const { article } = reading;
    const id = article.id;
    let record: ReadingRecord | null = null;

    const bar = doc.createElement('div');
    bar.className = 'kx-article-bar';
    bar.setAttribute('role', 'region');
    bar.setAttribute('aria-label', i18n.t('extName'));
    const status = doc.createElement('span');
    status.className = 'kx-article-state';
    status.setAttribute('aria-live', 'polite');
    const toggle = doc.createElement('button');
    toggle.type = 'button';
    toggle.className = 'kx-article-toggle';
    bar.append(status, toggle);

    const show = (next: ReadingRecord) => {
      record = next;
      doc.documentElement.setAttribute('data-kx-state', next.state);
      status.textContent = stateText(next);
      toggle.textContent = next.state === 'read' ? i18n.t('content.markUnread') : i18n.t('content.markRead');
    };
    const setState = async (state: ReadState, source: 'manual' | 'auto') => {
      const { records } = await api.setState([id], state, source);
      for (const changed of records) if (changed.id === id) show(changed);
    };
    // Only the reader's own input counts: a page script's synthetic clicks, scrolls and keys mark nothing.
    toggle.addEventListener('click', (event) => event.isTrusted && void setState(record?.state === 'read' ? 'unread' : 'read', 'manual'), { signal });
    onStatesChanged((records) => records.filter((r) => r.id === id).forEach(show), signal);

    const states = await api.seenAndStates(
      [{ id, title: article.title, ...(/^\d{4}/.test(article.date) ? { date: article.date } : {}),
        ...(article.category ? { category: article.category } : {}), tags: article.tags }],
      'article',
    );
    if (signal.aborted) return;
    const saved = states[id];
    show(saved);
    doc.body.append(bar);
    signal.addEventListener('abort', () => bar.remove(), { once: true });

    if (saved.state !== 'read' && saved.position > RESUME_FROM && !location.hash) offerResume(saved.position);
    void api.seriesOfArticle(id).then((series) => series && !signal.aborted && bar.append(followButton(series)));
    // The articles this page names complete the catalog (never renaming one: these titles may be out of date).
    for (const [linked, on] of [[neighbours(doc, article), 'related'], [crossReferences(article), 'reference']] as const) {
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
        void api.reportProgress(id, progress, position).then((next) => show(next), () => undefined);
      }
      if (rule.update(box, viewport(), now)) void setState('read', 'auto');
      const wait = rule.pendingMs(now);
      if (recheck !== undefined) clearTimeout(recheck);
      recheck = wait === null ? undefined : ctx.setTimeout(() => report(true), wait + 50);
    };

    let frame = 0;
    const onScroll = () => {
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

    function followButton(series: SeriesSummary): HTMLButtonElement {
      const button = doc.createElement('button');
      button.type = 'button';
      button.className = 'kx-follow';
      let followed = series.followed;
      const show = () => {
        button.textContent = followed ? i18n.t('popup.unfollowSeries', [series.name]) : i18n.t('popup.followSeries', [series.name]);
        button.setAttribute('aria-pressed', String(followed));
      };
      button.addEventListener(
        'click',
        async (event) => {
          if (!event.isTrusted) return;
          if (followed) await api.unfollow(series.key);
          else await api.follow(series.key);
          followed = !followed;
          show();
        },
        { signal },
      );
      show();
      return button;
    }

    function offerResume(position: number) {
      const offer = doc.createElement('div');
      offer.className = 'kx-resume';
      offer.setAttribute('role', 'status');
      const go = doc.createElement('button');
      go.type = 'button';
      go.textContent = i18n.t('content.resume', [Math.round(position * 100)]);
      const dismiss = doc.createElement('button');
      dismiss.type = 'button';
      dismiss.textContent = '×';
      dismiss.setAttribute('aria-label', i18n.t('common.cancel'));
      offer.append(go, dismiss);
      go.addEventListener('click', () => {
        offer.remove();
        // Off-screen paragraphs with math have provisional heights until the math renderer has settled them.
        void whenMathSettled(doc).then(() => {
          if (!signal.aborted) window.scrollTo({ top: scrollYForPosition(bodyBox(article.content), position) });
        });
      });
      dismiss.addEventListener('click', () => offer.remove());
      bar.before(offer);
      ctx.setTimeout(() => offer.remove(), 20_000);
      signal.addEventListener('abort', () => offer.remove(), { once: true });
    }
  },
});
