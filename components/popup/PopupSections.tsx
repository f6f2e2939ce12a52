/** The small sections of the popup's first screen: the tab's diagnostic, continue reading, the empty state, search. */
import { ArticleLink, ExternalLink } from '@/components/common';
import { useI18n } from '@/components/context';
import type { ArticleRecord, ReadingRecord } from '@/utils/db/model';
import { stateText } from '@/utils/reading/state-text';
import { ARCHIVE_URL, BLOG_HOME } from '@/utils/site/canonical';
import type { Diagnostic } from './popup-data';

export function DiagnosticNotice({ diagnostic }: { diagnostic: Diagnostic }) {
  const { t } = useI18n();
  return (
    <section class="kx-notice" role="status" aria-labelledby="kx-diagnostic-title">
      <h2 id="kx-diagnostic-title">{t('popup.diagnosticTitle')}</h2>
      <p class="kx-diagnostic-message">{diagnostic.message}</p>
      <p class="kx-hint">{t('popup.diagnosticHint')}</p>
    </section>
  );
}

export function ContinueReading({ article }: { article: ArticleRecord & { reading: ReadingRecord } }) {
  const { t } = useI18n();
  return (
    <section class="kx-continue" aria-labelledby="kx-continue-title">
      <h2 id="kx-continue-title">{t('popup.continueReading')}</h2>
      <p>
        <ArticleLink article={article} /> <span class="kx-meta">{stateText(t, article.reading)}</span>
      </p>
    </section>
  );
}

export function EmptyState() {
  const { t } = useI18n();
  return (
    <section class="kx-empty">
      <h2>{t('popup.emptyTitle')}</h2>
      <p>{t('popup.emptyVisit')}</p>
      <p>
        <ExternalLink class="kx-button" href={BLOG_HOME}>
          {t('popup.emptyOpenBlog')}
        </ExternalLink>{' '}
        <ExternalLink class="kx-button" href={ARCHIVE_URL}>
          {t('popup.emptyOpenArchive')}
        </ExternalLink>
      </p>
      <p class="kx-hint">{t('popup.emptyArchiveHint')}</p>
    </section>
  );
}

export function SearchBox({ query, onQuery }: { query: string; onQuery(query: string): void }) {
  const { t } = useI18n();
  return (
    <search class="kx-search">
      <input
        type="search"
        value={query}
        placeholder={t('popup.searchPlaceholder')}
        aria-label={t('popup.searchLabel')}
        onInput={(event) => onQuery(event.currentTarget.value)}
      />
    </search>
  );
}
